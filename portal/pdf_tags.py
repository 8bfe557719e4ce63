"""What WeasyPrint's tagged PDFs lack for PDF/UA-1 (veraPDF) and for a screen reader, added after.

- **Links**: WeasyPrint writes a link annotation for every box inside a link (the link itself, a
  ``<span>`` in it, its ``::after`` page number), the inner ones attached to a ``Span``: veraPDF
  fails them (rule 7.18.5-1, "Links shall be tagged") and a screen reader announces the link
  several times. ``tidy_links`` keeps one annotation per ``Link`` structure element, covering
  the others, referenced by the element itself (an ``OBJR``).
- **Star ratings** ("★★☆ maîtrise"): read literally, they give "étoile noire, étoile noire,
  étoile blanche". ``describe_ratings`` gives the smallest structure element holding a whole
  rating an ``ActualText`` ("2 sur 3 — maîtrise"); the printed glyphs are unchanged.
- **Language in the XMP metadata** (``dc:language``), beside the catalog's ``/Lang``.

``finish_tagging`` does all three on an open PDF (the guide's, once its parts are put together),
``finished_pdf`` on a PDF's bytes (the orientation sheet). Only pikepdf, no Django.
"""

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

HEX = re.compile(rb"<([0-9a-fA-F]+)>")
# What describe_ratings reads of a content stream: a marked-content sequence with its MCID, the
# other marked-content operators, a font selected, text shown by TJ or Tj.
CONTENT_TOKENS = re.compile(
    rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC"
    rb"|\b(BDC|BMC|EMC)\b"
    rb"|/([^\s/\[\]<>()]+)\s+[-+.\d]+\s+Tf\b"
    rb"|\[([^\]]*)\]\s*TJ\b"
    rb"|<([0-9a-fA-F]*)>\s*Tj\b"
)


def _parent_tree(pdf):
    """{key: structure element or array of them} of a flat ParentTree (WeasyPrint's, and the
    guide's once its parts are put together)."""
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)}


def _write_parent_tree(pdf, tree):
    pdf.Root.StructTreeRoot.ParentTree.Nums = Array(
        item for key in sorted(tree) for item in (key, tree[key])
    )


def _is_element(obj):
    return isinstance(obj, Dictionary) and "/S" in obj


def _kids(element):
    """An element's kids as a list (``/K`` may hold one kid or an array)."""
    kids = element.get("/K", Array())
    return list(kids) if isinstance(kids, Array) else [kids]


def _outermost_link(element):
    """The outermost ``Link`` element holding ``element`` (itself included), or None."""
    found = None
    while _is_element(element):
        if element.S == Name.Link:
            found = element
        element = element.get("/P")
    return found


def _remove_reference(element, annotation):
    """Take the OBJR of ``annotation`` out of ``element``'s kids."""
    element.K = Array(
        kid
        for kid in _kids(element)
        if not (
            isinstance(kid, Dictionary)
            and kid.get("/Type") == Name.OBJR
            and kid.Obj.objgen == annotation.objgen
        )
    )


def _union(rectangles):
    return Array(
        [
            min(float(r[0]) for r in rectangles),
            min(float(r[1]) for r in rectangles),
            max(float(r[2]) for r in rectangles),
            max(float(r[3]) for r in rectangles),
        ]
    )


def tidy_links(pdf):
    """One link annotation per ``Link`` structure element, referenced by that element.

    The annotations of a link's inner boxes are removed (with their OBJR and ParentTree entry);
    the one kept covers them all. Links nested in a link (its ``::after``) become ``Span``s.
    """
    tree = _parent_tree(pdf)
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if not annotations:
            continue
        groups = {}  # outermost Link element -> [(annotation, its element)]
        for annotation in annotations:
            if annotation.get("/Subtype") != Name.Link or "/StructParent" not in annotation:
                continue
            element = tree.get(int(annotation.StructParent))
            link = _outermost_link(element) if _is_element(element) else None
            if link is not None:
                groups.setdefault(link.objgen, (link, []))[1].append((annotation, element))
        removed = set()
        for link, members in groups.values():
            main, main_element = next(
                ((a, e) for a, e in members if e.objgen == link.objgen), members[0]
            )
            main.Rect = _union([annotation.Rect for annotation, _element in members])
            if main_element.objgen != link.objgen:
                _remove_reference(main_element, main)
                reference = pdf.make_indirect(Dictionary(Type=Name.OBJR, Obj=main, Pg=page.obj))
                link.K = Array([*_kids(link), reference])
                tree[int(main.StructParent)] = link
            for annotation, element in members:
                if annotation.objgen != main.objgen:
                    _remove_reference(element, annotation)
                    del tree[int(annotation.StructParent)]
                    removed.add(annotation.objgen)
            _untag_nested_links(link)
        if removed:
            page.obj.Annots = Array(a for a in annotations if a.objgen not in removed)
    _write_parent_tree(pdf, tree)


def _untag_nested_links(link):
    kids = [kid for kid in _kids(link) if _is_element(kid)]
    while kids:
        kid = kids.pop()
        if kid.S == Name.Link:
            kid.S = Name.Span
        kids.extend(grandkid for grandkid in _kids(kid) if _is_element(grandkid))


class _Font:
    """Decodes a font's character codes to text through its ToUnicode CMap."""

    def __init__(self, font):
        self.width, self.map = 1, {}
        if "/ToUnicode" not in font:
            return
        cmap = font.ToUnicode.read_bytes()
        if space := re.search(rb"begincodespacerange\s*<([0-9a-fA-F]+)>", cmap):
            self.width = len(space.group(1)) // 2
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            codes = HEX.findall(block)
            for source, target in zip(codes[::2], codes[1::2], strict=False):
                self.map[int(source, 16)] = _utf16(target)
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, target in re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", block
            ):
                self._add_range(int(low, 16), int(high, 16), target)

    def _add_range(self, low, high, target):
        if target.startswith(b"["):
            for code, text in zip(range(low, high + 1), HEX.findall(target), strict=False):
                self.map[code] = _utf16(text)
            return
        first = int(target[1:-1], 16)
        for offset in range(high - low + 1):
            self.map[low + offset] = chr(first + offset)

    def decode(self, data):
        step = self.width
        return "".join(
            self.map.get(int.from_bytes(data[i : i + step], "big"), "")
            for i in range(0, len(data), step)
        )


def _utf16(hex_text):
    return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be", errors="replace")


def _content(page):
    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    streams = contents if isinstance(contents, Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def _marked_texts(page, fonts, longest):
    """{MCID: text} of the page's marked-content sequences; a sequence of more than ``longest``
    characters is left out (it cannot be part of a rating).

    Read from the content stream's bytes (``CONTENT_TOKENS``), which WeasyPrint writes with its
    text as hexadecimal strings: parsing every operator of a 300-venue guide with pikepdf took
    seconds. ``fonts`` caches the decoders by font.
    """
    texts, lengths, stack, font = {}, {}, [], None
    resources = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
    for match in CONTENT_TOKENS.finditer(_content(page)):
        mcid, operator, font_name, shown, shown_one = match.groups()
        if mcid is not None:
            stack.append(int(mcid))
        elif operator is not None:
            if operator != b"EMC":
                stack.append(None)
            elif stack:
                stack.pop()
        elif font_name is not None:
            font = _font(resources.get("/" + font_name.decode("latin-1")), fonts)
        elif font and stack and stack[-1] is not None:
            current = stack[-1]
            codes = HEX.findall(shown) if shown is not None else [shown_one]
            lengths[current] = lengths.get(current, 0) + sum(map(len, codes)) // (2 * font.width)
            if lengths[current] <= longest:
                texts[current] = texts.get(current, "") + "".join(
                    font.decode(bytes.fromhex(code.decode("ascii"))) for code in codes
                )
    return {mcid: text for mcid, text in texts.items() if lengths[mcid] <= longest}


def _font(font_object, fonts):
    if font_object is None:
        return None
    if font_object.objgen not in fonts:
        fonts[font_object.objgen] = _Font(font_object)
    return fonts[font_object.objgen]


def describe_ratings(pdf, alternatives):
    """``ActualText`` on the smallest element whose whole text is a rating.

    ``alternatives``: {printed rating ("★★☆ maîtrise"): what to read instead}; texts are
    compared with their spaces collapsed. Only the marked-content sequences whose text is part
    of a rating are followed up the structure tree, to the first element that holds a whole one.
    """
    wanted = {" ".join(text.split()): spoken for text, spoken in alternatives.items()}
    if not wanted:
        return
    longest = max(map(len, alternatives))
    tree, fonts, described = _parent_tree(pdf), {}, set()
    for page in pdf.pages:
        texts = _marked_texts(page, fonts, longest)
        marked = tree.get(int(page.obj.get("/StructParents", -1)), Array())
        for mcid, text in texts.items():
            if mcid < len(marked) and _in_a_rating(text, wanted):
                _describe_from(marked[mcid], (page.obj.objgen, texts), wanted, described)


def _in_a_rating(text, wanted):
    text = " ".join(text.split())
    return bool(text) and any(text in rating for rating in wanted)


def _describe_from(element, page_texts, wanted, described):
    """Up from ``element`` while its text can be part of a rating; the first element whose text
    is a whole rating gets its spoken form."""
    while _is_element(element) and element.objgen not in described:
        text = _text(element, page_texts)
        if text is None or not _in_a_rating(text, wanted):
            return
        if spoken := wanted.get(" ".join(text.split())):
            element.ActualText = String(spoken)
            described.add(element.objgen)
            return
        element = element.get("/P")


def _text(element, page_texts):
    """An element's text, None if some of it is unknown or on another page than ``page_texts``
    (the page's objgen, and its MCIDs' texts)."""
    page, texts = page_texts
    if "/Pg" in element and element.Pg.objgen != page:
        return None
    parts = []
    for kid in _kids(element):
        if isinstance(kid, int):
            part = texts.get(kid)
        elif _is_element(kid):
            part = _text(kid, page_texts)
        else:
            continue
        if part is None:
            return None
        parts.append(part)
    return "".join(parts)


def declare_language(pdf):
    """``dc:language`` in the XMP metadata, from the catalog's ``/Lang`` (the HTML's ``lang``)."""
    language = str(pdf.Root.get("/Lang", ""))
    if language:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            metadata["dc:language"] = [language]


def finish_tagging(pdf, alternatives):
    """Links, ratings (``alternatives`` as for ``describe_ratings``) and language; an untagged
    PDF gets the language only."""
    if "/StructTreeRoot" in pdf.Root:
        tidy_links(pdf)
        describe_ratings(pdf, alternatives)
    declare_language(pdf)


def finished_pdf(data, alternatives):
    """``finish_tagging`` on a PDF's bytes."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        finish_tagging(pdf, alternatives)
        output = io.BytesIO()
        pdf.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return output.getvalue()

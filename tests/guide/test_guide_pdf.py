"""The printable guide: read back with pypdf, as a reader (and a printer) would find it."""

import io
import re
from datetime import date
from types import SimpleNamespace

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader
from wagtail.models import Locale

from guide.models import NeedPage, NeedTreePage, StarLegend, Territory, ThemePage, VenuePage
from guide.models.guide_scope import GuideOptions, guide_venues
from guide.pdf.content import (
    SERVICE_WEIGHT,
    EmptyGuideError,
    guide_order,
    make_entry,
    reference_monday,
    start_level,
)
from guide.pdf.guide import render_guide
from guide.printed_levels import printed_levels

VENUE_MARKER = "CE LIEU PROPOSE UN ACCOMPAGNEMENT POUR"


def texts(reader):
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def venue_pages(pages, venues):
    """Venue title -> every page (1-based) printing it as a venue page."""
    found = {venue.title: [] for venue in venues}
    for number, text in enumerate(pages, start=1):
        if VENUE_MARKER in text:
            for venue in venues:
                if f"{venue.code} {venue.title}" in text:
                    found[venue.title].append(number)
    return found


def table_of_contents(pages):
    return " ".join(text for text in pages if "Sommaire" in text and VENUE_MARKER not in text)


def assert_contents_give_printed_pages(pages, labels, venues, found):
    """Each venue's entry in the table of contents is the number printed on its page (footer)
    and the page label a PDF viewer shows."""
    toc = table_of_contents(pages)
    for venue in venues:
        listed = re.search(re.escape(f"{venue.code} {venue.title}") + r"[\s.]*(\d+)", toc)
        assert listed, venue.title
        page = found[venue.title][0]
        assert listed.group(1) == labels[page - 1]
        assert pages[page - 1].endswith(f" {listed.group(1)}")  # the number printed in the footer


def render(**options):
    progress = []
    pdf = render_guide(
        GuideOptions(year=2026, **options), progress=lambda *step: progress.append(step)
    )
    return PdfReader(io.BytesIO(pdf)), progress


def outline_titles(outline):
    """(level, title) of the bookmarks, depth first."""
    titles = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                titles.append((level, item.title))

    walk(outline, 1)
    return titles


@pytest.fixture
def borny(db):
    return Territory.objects.create(
        name="Metz Borny",
        slug="metz-borny",
        guide_heading="★ METZ BORNY",
        code_prefix="B",
        sort_order=1,
        locale=Locale.get_default(),
    )


@pytest.fixture
def venues(make_venue, borny):
    return [
        make_venue(
            title="Centre social Pioche",
            code="S1",
            services={"demarches": (3, ["caf-rsa", "impots"]), "decouvrir": (1, [])},
            publics=["seniors", "demandeurs-emploi"],
            support_by_appointment=True,
            phone="03 87 00 00 00",
            equipment=[("ordinateur", 4), ("imprimante", None)],
        ),
        make_venue(
            title="Médiathèque Jean-Macé",
            code="S2",
            commune="Montigny-lès-Metz",
            postcode="57950",
            insee_code="57480",
            services={"creer": (2, [])},
            publics=["jeunes"],
            presentation="<p>" + "Un très long texte de présentation. " * 60 + "</p>",
        ),
        make_venue(
            title="Espace numérique de Borny",
            code="B1",
            territory=borny,
            services={"demarches": (1, ["impots"]), "insertion": (2, [])},
            publics=["seniors"],
        ),
    ]


@pytest.mark.django_db
def test_guide_prints_every_venue_once_where_the_table_of_contents_says(make_venue, venues):
    draft = make_venue(title="Lieu en brouillon", code="S9")
    draft.unpublish()
    reader, progress = render()
    pages = texts(reader)

    # Every published venue on exactly one page of its own, the draft nowhere.
    found = venue_pages(pages, venues)
    assert all(len(numbers) == 1 for numbers in found.values()), found
    assert not any("Lieu en brouillon" in text for text in pages)

    # The table of contents gives the numbers printed on these pages, which a PDF viewer shows
    # too (page labels): roman numerals for the front matter, then 1, 2… from the first
    # territory.
    toc = table_of_contents(pages)
    labels = reader.page_labels
    assert labels[:2] == ["i", "ii"]
    first_body_page = next(
        n
        for n, text in enumerate(pages)
        if "★ METZ SABLON" in text and "lieu" in text and "Sommaire" not in text
    )
    assert labels[first_body_page] == "1"
    assert_contents_give_printed_pages(pages, labels, venues, found)
    assert re.search(r"Comment lire ce guide[\s.]*iii\b", toc)

    # Territories in order, each opened by its heading; the extract of Sablon comes first.
    assert found["Centre social Pioche"][0] < found["Espace numérique de Borny"][0]
    borny_heading = next(n for n, text in enumerate(pages, 1) if "★ METZ BORNY 1 lieu" in text)
    assert borny_heading == found["Espace numérique de Borny"][0] - 1

    # The legend, with the seed's sentences.
    legend = next(text for text in pages if "Pictogrammes" in text)
    for _level, name, sentence in StarLegend.load().levels():
        assert name in legend
        assert " ".join(sentence.split()) in legend
    assert "★☆☆ basique" in legend and "★★☆ maîtrise" in legend and "★★★ expert" in legend

    # Each service offered is a line with its stars, filled and empty, and its level in words;
    # families not offered say so.
    pioche = pages[found["Centre social Pioche"][0] - 1]
    assert (
        "Faire ses démarches en ligne Niveau d'expertise "
        "Déclarer ses revenus et découvrir des services proposés par les impôts ★★★ expert "
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) ★★★ expert"
    ) in pioche
    assert "Fonctionnement d'un ordinateur ★☆☆ basique" in pioche
    assert "Permis et carte grise" not in pioche  # not offered: left out
    assert "S'insérer professionnellement — non proposé" in pioche
    assert "Créer avec le numérique — non proposé" in pioche
    macé = pages[found["Médiathèque Jean-Macé"][0] - 1]
    assert "Créer un site web de base ★★☆ maîtrise" in macé
    assert "Faire ses démarches en ligne — non proposé" in macé

    # Indexes with page numbers: alphabetical, by service and level, by public, by commune.
    indexes = " ".join(pages[found["Espace numérique de Borny"][0] :])
    page_of = {title: labels[numbers[0] - 1] for title, numbers in found.items()}
    pioche_entry = rf"Centre social Pioche \(S1\)[\s.]*{page_of['Centre social Pioche']}\b"
    assert re.search(pioche_entry, indexes)
    for heading in (
        "Index alphabétique",
        "Index par service et niveau",
        "Index par public",
        "Index par commune",
        "Montigny-lès-Metz",
        "Seniors",
    ):
        assert heading in indexes

    # Bookmarks: territories, their venues under them; document title and language.
    titles = outline_titles(reader.outline)
    assert (1, "★ METZ SABLON") in titles and (1, "★ METZ BORNY") in titles
    assert (2, "S1 Centre social Pioche") in titles
    assert (2, "B1 Espace numérique de Borny") in titles
    assert reader.metadata.title == "Le numérique pour tous — guide 2026"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged

    # Progress from the start to the end, on one scale.
    assert progress[0][1] == 0 and progress[-1][1] == progress[-1][2]
    assert {"Mise en page", "Écriture du PDF"} <= {step for step, _done, _total in progress}


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", ["a4", "a5"])
def test_each_service_is_printed_with_its_own_level(make_venue, page_size):
    """As in the Bordeaux guide: one table per family, a line per service and its stars; the
    index by family lists a venue at its best service's level."""
    venue = make_venue(
        title="Centre d'animation Bordeaux-Lac",
        code="M5",
        levels={"caf-rsa": 3, "permis": 1, "impots": 2, "cv": 2},
    )
    everything = make_venue(
        title="Maison de tous les services",
        code="M6",
        services={family: (2, []) for family in ("decouvrir", "insertion", "demarches", "creer")},
        presentation="<p>" + "Animation socioculturelle et accès aux droits. " * 15 + "</p>",
        access_conditions="Aucune démarche préalable, venir sur place, prendre rendez-vous.",
        publics=["jeunes", "adultes", "seniors", "demandeurs-emploi"],
        equipment=[("ordinateur", 4), ("imprimante", None)],
    )
    reader, _progress = render(page_size=page_size)
    pages = texts(reader)
    found = venue_pages(pages, [venue, everything])
    assert len(found[everything.title]) == 1
    # Its 22 service lines fit on its A4 page; in A5, where no text goes under 8 pt, the venue
    # runs over a second page.
    start = found[everything.title][0]
    its_pages = pages[start - 1 : start + (1 if page_size == "a5" else 0)]
    assert "Découvrir et participer à des MOOCs (formation en ligne) ★★☆ maîtrise" in its_pages[-1]
    [number] = found[venue.title]
    page = pages[number - 1]
    assert "CE LIEU PROPOSE UN ACCOMPAGNEMENT POUR" in page
    assert (
        "Faire ses démarches en ligne Niveau d'expertise "
        "Déclarer ses revenus et découvrir des services proposés par les impôts ★★☆ maîtrise "
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) ★★★ expert "
        "Permis et carte grise ★☆☆ basique"
    ) in page
    assert "S'insérer professionnellement Niveau d'expertise Réaliser son CV ★★☆ maîtrise" in page
    for not_offered in ("Faire ses déclarations pôle emploi", "Diffuser son CV en ligne"):
        assert not_offered not in page
    assert "Découvrir les usages de base du numérique — non proposé" in page

    index = next(text for text in pages if "Chaque lieu figure, dans chaque famille" in text)
    demarches = index[index.index("Faire ses démarches en ligne") :]
    assert demarches.startswith(
        f"Faire ses démarches en ligne ★★★ expert : Centre d'animation Bordeaux-Lac (M5) "
        f"{reader.page_labels[number - 1]}"
    )


@pytest.mark.django_db
def test_territory_extract_holds_only_its_venues(venues, borny):
    reader, _progress = render(territory_slugs=("metz-borny",))
    pages = texts(reader)
    found = venue_pages(pages, venues)
    assert found["Espace numérique de Borny"] and len(found["Espace numérique de Borny"]) == 1
    assert not found["Centre social Pioche"] and not found["Médiathèque Jean-Macé"]
    assert not any("Centre social Pioche" in text for text in pages)
    assert "Extrait : territoire « Metz Borny »" in pages[0]


@pytest.mark.django_db
def test_need_extract_holds_only_the_venues_answering_it(home_page, venues, families):
    tree = NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi")
    home_page.add_child(instance=tree)
    theme = ThemePage(title="Démarches en ligne", slug="demarches-en-ligne")
    tree.add_child(instance=theme)
    need = NeedPage(
        title="Déclarer mes revenus", slug="impots", family=families["demarches"], min_level=2
    )
    theme.add_child(instance=need)
    for page in (tree, theme, need):
        page.save_revision().publish()

    assert [v.title for v in guide_venues(GuideOptions(year=2026, need_slug="impots"))] == [
        "Centre social Pioche"
    ]
    reader, _progress = render(need_slug="impots")
    pages = texts(reader)
    assert not any("Espace numérique de Borny" in text for text in pages)
    assert venue_pages(pages, venues)["Centre social Pioche"]


@pytest.mark.django_db
def test_empty_scope_gives_a_french_message_and_no_file(venues, tmp_path):
    with pytest.raises(EmptyGuideError, match="Aucun lieu publié ne correspond à ce choix"):
        render_guide(GuideOptions(year=2026, territory_slugs=("nulle-part",)))
    output = tmp_path / "guide.pdf"
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            *("build_guide", "--year", "2026", "--territory", "nulle-part"),
            *("--output", str(output)),
            stdout=io.StringIO(),
            stderr=errors,
        )
    assert "« nulle-part »" in errors.getvalue()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_command_writes_an_a5_guide(venues, tmp_path):
    output = tmp_path / "guide.pdf"
    stdout = io.StringIO()
    call_command(
        *("build_guide", "--year", "2026", "--format", "a5", "--output", str(output)), stdout=stdout
    )
    assert "Mise en page" in stdout.getvalue() and "100 %" in stdout.getvalue()
    assert list(tmp_path.iterdir()) == [output]
    reader = PdfReader(output)
    box = reader.pages[5].mediabox
    assert abs(float(box.width) - 419.5) < 1 and abs(float(box.height) - 595.3) < 1
    found = venue_pages(texts(reader), venues)
    assert all(len(numbers) == 1 for numbers in found.values()), found


def structure_problems(pdf):
    """What a tagged PDF's structure tree gets wrong after the parts were put together."""
    pages = {page.obj.objgen for page in pdf.pages}
    problems, elements = [], 0

    def walk(element, parent):
        nonlocal elements
        elements += 1
        if element.P.objgen != parent.objgen:
            problems.append(f"{element.S} has a wrong parent")
        if "/Pg" in element and element.Pg.objgen not in pages:
            problems.append(f"{element.S} points to a page outside the document")
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, element)

    root = pdf.Root.StructTreeRoot
    assert len(root.K) == 1 and root.K[0].S == "/Document"
    walk(root.K[0], root)
    keys = [int(key) for key in root.ParentTree.Nums[::2]]
    if keys != sorted(set(keys)):
        problems.append("ParentTree keys repeated or out of order")
    # Blank pages added for the binding have no content, hence no structure.
    used = [int(page.obj.StructParents) for page in pdf.pages if "/StructParents" in page.obj]
    used += [
        int(annotation.StructParent)
        for page in pdf.pages
        for annotation in page.obj.get("/Annots", ())
        if "/StructParent" in annotation
    ]
    if sorted(used) != sorted(set(used)) or not set(used) <= set(keys):
        problems.append("pages or links without their own ParentTree entry")
    if int(root.ParentTreeNextKey) <= max(keys):
        problems.append("ParentTreeNextKey too small")
    return problems, elements


@pytest.mark.django_db
def test_parts_laid_out_by_two_processes_make_one_consistent_tagged_pdf(
    venues, borny, make_venue, settings, monkeypatch
):
    """One venue per batch: the Sablon territory runs over batches, each laid out by one of two
    worker processes, and the result reads as one document."""
    import guide.pdf.guide as guide_module

    monkeypatch.setattr(guide_module, "MIN_BATCH", 1)
    monkeypatch.setattr(guide_module, "MAX_BATCH", 1)
    settings.GUIDE_PDF_PROCESSES = 2
    make_venue(title="Maison des associations", code="S3")
    pdf_bytes = render_guide(GuideOptions(year=2026))
    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = texts(reader)
    found = venue_pages(pages, venues)
    assert all(len(numbers) == 1 for numbers in found.values()), found

    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    problems, elements = structure_problems(pdf)
    assert not problems and elements > 100
    assert [part.S for part in pdf.Root.StructTreeRoot.K[0].K if "/S" in part].count(
        "/Part"
    ) == 5  # four batches and the indexes after the front matter

    # Bookmarks: the venues of Sablon under Sablon, whatever batch they were laid out in.
    titles = outline_titles(reader.outline)
    sablon = titles.index((1, "★ METZ SABLON"))
    assert titles[sablon + 1 : sablon + 4] == [
        (2, "S1 Centre social Pioche"),
        (2, "S2 Médiathèque Jean-Macé"),
        (2, "S3 Maison des associations"),
    ]

    # The table of contents links to each venue's page, with a description for screen readers.
    names = pdf.Root.Names.Dests.Names
    destinations = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    links = {
        str(annotation.Dest): str(annotation.Contents)
        for page in pdf.pages[:5]
        for annotation in page.obj.get("/Annots", ())
        if "/Dest" in annotation
    }
    pioche = VenuePage.objects.get(title="Centre social Pioche")
    anchor = f"lieu-{pioche.pk}"
    assert page_index[destinations[anchor][0].objgen] == found["Centre social Pioche"][0] - 1
    label = reader.page_labels[found["Centre social Pioche"][0] - 1]
    assert links[anchor] == f"Centre social Pioche, page {label}"
    assert not [
        annotation
        for page in pdf.pages
        for annotation in page.obj.get("/Annots", ())
        if "/A" in annotation and str(annotation.A.get("/URI", "")).startswith("guide-ancre:")
    ]


@pytest.mark.django_db
def test_a_venue_too_long_for_one_page_moves_the_following_page_numbers(venues, make_venue, caplog):
    endless = make_venue(
        title="Lieu très bavard",
        code="S0",
        presentation="<p>" + "Une présentation qui ne finit jamais, vraiment. " * 900 + "</p>",
    )
    with caplog.at_level("WARNING", logger="guide.pdf.guide"):
        reader, _progress = render()
    pages = texts(reader)
    labels = reader.page_labels
    assert f"Venue {endless.slug} runs over one page of the guide." in caplog.text
    found = venue_pages(pages, venues)
    assert_contents_give_printed_pages(pages, labels, venues, found)
    long_start = next(
        n
        for n, text in enumerate(pages, 1)
        if "S0 Lieu très bavard" in text and "qui ne finit jamais" in text
    )
    assert found["Centre social Pioche"][0] - long_start >= 2  # the long venue took 2+ pages


@pytest.mark.django_db
def test_a_venues_weight_counts_its_service_lines(make_venue):
    """Each service offered is a line of the page: the layout guessed for a venue offering them
    all is tighter than for one offering a single service, texts being equal."""
    one = make_venue(levels={"caf-rsa": 3})
    every = make_venue(
        services={family: (2, []) for family in ("decouvrir", "insertion", "demarches", "creer")}
    )
    levels = printed_levels(StarLegend.load())
    one_entry, every_entry = (
        make_entry(venue, levels, reference_monday(2026), date(2026, 12, 31), date(2026, 1, 5))
        for venue in (one, every)
    )
    assert every_entry.weight - one_entry.weight == 21 * SERVICE_WEIGHT
    assert [start_level(one_entry.weight, size) for size in ("a4", "a5")] == [0, 0]
    assert [start_level(every_entry.weight, size) for size in ("a4", "a5")] == [1, 0]
    assert every_entry.stars == {"decouvrir": 2, "insertion": 2, "demarches": 2, "creer": 2}
    assert one_entry.stars == {"decouvrir": 0, "insertion": 0, "demarches": 3, "creer": 0}


def test_venues_follow_their_codes_numbers_as_numbers():
    sablon = SimpleNamespace(sort_order=1, name="Metz Sablon")
    borny = SimpleNamespace(sort_order=2, name="Metz Borny")
    venues = [
        SimpleNamespace(code=code, title=title, territory=territory)
        for code, title, territory in (
            ("B1", "Espace Borny", borny),
            ("S10", "Dixième", sablon),
            ("S2", "Deuxième", sablon),
            ("", "Sans code", sablon),
            ("S2", "Autre deuxième", sablon),
        )
    ]
    assert [venue.title for venue in sorted(venues, key=guide_order)] == [
        "Sans code",
        "Autre deuxième",
        "Deuxième",
        "Dixième",
        "Espace Borny",
    ]


def test_contents_list_the_front_pages_and_align_every_number_right(venues):
    reader, _progress = render()
    contents = next(page for page in reader.pages if "Sommaire" in page.extract_text())
    text = contents.extract_text()
    assert "Éditorial ii" in text and "Comment lire ce guide iii" in text
    runs = []
    contents.extract_text(
        visitor_text=lambda run, _cm, tm, _font, _size: (
            run.strip() and runs.append((run.strip(), tm[4], tm[5]))
        )
    )
    # A page number is a run on the same line as the entry's title (not the page's footer).
    numbers = [
        (run, x)
        for (run, x, y), (_title, _x, title_y) in zip(runs[1:], runs, strict=False)
        if re.fullmatch(r"[0-9ivx]+", run) and y == title_y
    ]
    assert {"ii", "iii", "1", "2"} <= {number for number, _x in numbers}
    # Right-aligned: each number ends at the same edge, whatever its width (~4.5 pt a digit).
    ends = [x + len(number) * 4.5 for number, x in numbers]
    assert max(ends) - min(ends) < 9

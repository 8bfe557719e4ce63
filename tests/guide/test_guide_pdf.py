"""The printable guide: read back with pypdf, as a reader (and a printer) would find it."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader
from wagtail.models import Locale

from guide.models import NeedPage, NeedTreePage, StarLegend, Territory, ThemePage
from guide.pdf import EmptyGuideError, GuideOptions, guide_venues, render_guide

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

    # The table of contents gives these pages.
    toc = " ".join(text for text in pages if "Sommaire" in text and VENUE_MARKER not in text)
    for venue in venues:
        listed = re.search(re.escape(f"{venue.code} {venue.title}") + r"[\s.]*(\d+)", toc)
        assert listed, venue.title
        assert int(listed.group(1)) == found[venue.title][0]

    # Territories in order, each opened by its heading; the extract of Sablon comes first.
    assert found["Centre social Pioche"][0] < found["Espace numérique de Borny"][0]
    borny_heading = next(n for n, text in enumerate(pages, 1) if "★ METZ BORNY 1 lieu" in text)
    assert borny_heading == found["Espace numérique de Borny"][0] - 1

    # The legend, with the seed's sentences.
    legend = next(text for text in pages if "Pictogrammes" in text)
    for _level, name, sentence in StarLegend.load().levels():
        assert name in legend
        assert " ".join(sentence.split()) in legend

    # The stars printed for a venue are its ratings; families not offered say so.
    pioche = pages[found["Centre social Pioche"][0] - 1]
    assert "Faire ses démarches en ligne ★★★ expert" in pioche
    assert "Découvrir les usages de base du numérique ★ basique" in pioche
    assert "S'insérer professionnellement — non proposé" in pioche
    assert "Créer avec le numérique — non proposé" in pioche
    macé = pages[found["Médiathèque Jean-Macé"][0] - 1]
    assert "Créer avec le numérique ★★ maîtrise" in macé
    assert "Faire ses démarches en ligne — non proposé" in macé

    # Indexes with page numbers: alphabetical, by service and level, by public, by commune.
    indexes = " ".join(pages[found["Espace numérique de Borny"][0] :])
    page_of = {title: numbers[0] for title, numbers in found.items()}
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

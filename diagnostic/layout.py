"""The report's parts, in order, with their charts and tables: the same for the admin and the PDF.

A page or a PDF shows every row of a table but the distances, where only the flagged pairs are
shown (the whole table, every need by every postcode, is in the CSV and XLSX exports), and at
most ``MOST_ROWS`` rows of any table.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .charts import diagnosis_charts

MOST_ROWS = 80
FLAGGED_COLUMN = 4

SECTIONS = (
    (
        "offre",
        _("L'offre d'aide"),
        ("heures", "familles"),
        ("offre", "familles", "services", "langues"),
    ),
    (
        "manques",
        _("Les manques"),
        ("grille", "carte"),
        ("besoins", "sans-expert", "distances", "heures-fermees"),
    ),
    (
        "demande",
        _("La demande des habitants"),
        ("recherches",),
        ("recherches", "recherches-besoins"),
    ),
    ("fragilite", _("La fragilité numérique"), ("fragilite",), ("fragilite",)),
)
# The public Observatoire shows the offer and where it is thin, never the residents' searches.
PUBLIC_SECTIONS = (
    SECTIONS[0],
    (
        "manques",
        _("Là où l'aide manque"),
        ("grille",),
        ("besoins", "sans-expert", "heures-fermees"),
    ),
)


@dataclass
class ShownTable:
    table: object
    rows: list
    hidden: int  # rows left for the exports


@dataclass
class Section:
    key: str
    title: str
    charts: list
    tables: list


def report_sections(diagnosis, sections=SECTIONS):
    charts = {chart.key: chart for chart in diagnosis_charts(diagnosis)}
    return [
        Section(
            key,
            title,
            [charts[name] for name in chart_keys if name in charts],
            [shown(diagnosis.tables[name]) for name in table_keys],
        )
        for key, title, chart_keys, table_keys in sections
    ]


def public_sections(diagnosis):
    return report_sections(diagnosis, PUBLIC_SECTIONS)


def shown(table):
    rows = table.rows
    if table.key == "distances":
        yes = str(_("Oui"))
        rows = [row for row in rows if row[FLAGGED_COLUMN] == yes]
    return ShownTable(table, rows[:MOST_ROWS], len(table.rows) - len(rows[:MOST_ROWS]))

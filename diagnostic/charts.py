"""The diagnosis's charts, drawn on the server as accessible SVG with matplotlib.

Why matplotlib: a well-kept library already in the project's dependencies for this purpose,
whose SVG backend needs no browser, no JavaScript and no third-party service, and draws the same
file for the admin page and the printed PDF. ``svg.fonttype = none`` keeps every label as text
(searchable, readable by a screen reader, sharp when printed); a fixed ``svg.hashsalt`` makes
the same figures give the same file. Each chart carries a ``<title>`` and a ``<desc>`` and is
shown as an ``<img>`` with the same alternative text, beside the table that holds its figures:
an image cannot run anything, whatever the names it shows.

The pyplot interface is not used: it keeps global state and is not thread-safe; each chart is
its own ``Figure`` on the SVG canvas.
"""

import base64
import io
import re
from dataclasses import dataclass
from math import cos, radians

import matplotlib
from django.utils.html import escape
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from guide.postcodes import lookup as lookup_postcode

from .french_numbers import format_number

SVG_SETTINGS = {
    "svg.fonttype": "none",
    "svg.hashsalt": "diagnostic",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# Contrasted on white (WCAG 1.4.11: 3:1 at least), and told apart without colour by the table.
DARK_BLUE = "#1d4e89"
ORANGE = "#b85c00"
LEVEL_COLOURS = ["#e8e8e8", "#f3c98b", "#6fa8dc", "#1d4e89"]  # none, ★, ★★, ★★★
MOST_BARS = 15
# Beyond this many cells the grid's levels are read in its legend and table: writing each one
# is most of the drawing time (800 cells: 2 s) and makes the cells too small to read anyway.
MOST_MARKED_CELLS = 240
MOST_LABELLED_POSTCODES = 40
WIDTH_INCHES = 7.5


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    svg: str
    table_key: str

    @property
    def data_uri(self):
        encoded = base64.b64encode(self.svg.encode()).decode()
        return f"data:image/svg+xml;base64,{encoded}"


def diagnosis_charts(diagnosis):
    """Every chart the diagnosis has figures for, in the report's order."""
    charts = [hours_chart(diagnosis), need_grid_chart(diagnosis), family_chart(diagnosis)]
    charts += [distance_map(diagnosis), demand_chart(diagnosis), fragility_chart(diagnosis)]
    return [chart for chart in charts if chart]


def _svg(figure, title, description):
    """The figure as SVG text with its title and description, read first by screen readers."""
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    accessible = '<svg role="img" aria-labelledby="chart-title chart-desc"'
    svg = svg.replace("<svg", accessible, 1)
    head_end = svg.index(">") + 1
    texts = (
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>'
    )
    svg = svg[:head_end] + texts + svg[head_end:]
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)


def _figure(rows, per_row=0.32, minimum=2.2):
    with matplotlib.rc_context(SVG_SETTINGS):
        figure = Figure(
            figsize=(WIDTH_INCHES, max(minimum, 0.8 + per_row * rows)), layout="constrained"
        )
        return figure, figure.add_subplot()


def hours_chart(diagnosis):
    rows = [row for row in diagnosis.territory_hours if row[1]]
    if not rows:
        return None
    names = [name for name, _hours, _outside in rows][::-1]
    outside = [outside for _name, _hours, outside in rows][::-1]
    office = [hours - out for _name, hours, out in rows][::-1]
    with matplotlib.rc_context(SVG_SETTINGS):
        figure, axes = _figure(len(rows))
        axes.barh(names, office, color=DARK_BLUE, label=_("Heures de bureau"))
        axes.barh(names, outside, left=office, color=ORANGE, label=_("Après 18 h ou le samedi"))
        axes.set_xlabel(_("Heures d'ouverture par semaine, tous lieux additionnés"))
        axes.legend(loc="lower right", frameon=False)
    title = _("Heures d'ouverture par semaine, par territoire")
    widest = max(rows, key=lambda row: row[1])
    description = _(
        "Barres horizontales, une par territoire. Le plus d'heures : %(name)s, "
        "%(hours)s heures par semaine. Les chiffres sont dans le tableau « L'offre par "
        "territoire »."
    ) % {"name": widest[0], "hours": round(widest[1])}
    return Chart("heures", title, description, _svg(figure, title, description), "offre")


def need_grid_chart(diagnosis):
    heat = diagnosis.heat
    if not heat["needs"] or not heat["territories"]:
        return None
    with matplotlib.rc_context(SVG_SETTINGS):
        figure, axes = _figure(len(heat["needs"]), per_row=0.3, minimum=3)
        axes.imshow(
            heat["levels"], cmap=ListedColormap(LEVEL_COLOURS), vmin=0, vmax=3, aspect="auto"
        )
        axes.set_xticks(
            range(len(heat["territories"])),
            [t.name for t in heat["territories"]],
            rotation=35,
            ha="right",
        )
        axes.set_yticks(range(len(heat["needs"])), [_short(n.title) for n in heat["needs"]])
        if len(heat["needs"]) * len(heat["territories"]) <= MOST_MARKED_CELLS:
            mark_levels(axes, heat["levels"])
        axes.legend(
            handles=[
                Patch(color=colour, label=label)
                for colour, label in zip(LEVEL_COLOURS, ("—", "★", "★★", "★★★"), strict=True)
            ],
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            frameon=False,
        )
        axes.spines[:].set_visible(False)
    title = _("Meilleur niveau de chaque besoin, par territoire")
    missing = sum(1 for levels in heat["levels"] for level in levels if level == 0)
    description = _(
        "Grille des besoins (lignes) par territoire (colonnes), chaque case colorée et marquée "
        "du meilleur niveau trouvé, de ★ à ★★★, ou d'un tiret quand aucun lieu n'y répond "
        "(%(missing)s cases). Les niveaux sont dans le tableau « Le meilleur niveau de chaque "
        "besoin, par territoire »."
    ) % {"missing": missing}
    return Chart("grille", title, description, _svg(figure, title, description), "besoins")


def mark_levels(axes, levels):
    """Each cell's level written in it, so that colour is not the only means to read it."""
    for row, row_levels in enumerate(levels):
        for column, level in enumerate(row_levels):
            colour = "white" if level >= 2 else "black"
            axes.text(
                column, row, "★" * level or "—", ha="center", va="center", fontsize=7, color=colour
            )


def family_chart(diagnosis):
    rows = diagnosis.tables["familles"].rows
    if not rows:
        return None
    names = [_short(row[0]) for row in rows][::-1]
    with matplotlib.rc_context(SVG_SETTINGS):
        figure, axes = _figure(len(rows), per_row=0.6)
        left = [0] * len(rows)
        for index, (label, colour) in enumerate(
            zip(("★★★", "★★", "★"), LEVEL_COLOURS[:0:-1], strict=True)
        ):
            values = [row[1 + index] for row in rows][::-1]
            axes.barh(names, values, left=left, color=colour, label=label)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_xlabel(_("Lieux, par leur meilleur niveau dans la famille"))
        axes.legend(loc="lower right", frameon=False)
    title = _("Les lieux par famille de services et niveau")
    description = _(
        "Barres empilées, une par famille : les lieux experts (★★★), puis ★★, puis ★. Les "
        "chiffres sont dans le tableau « Les lieux par famille de services et niveau »."
    )
    return Chart("familles", title, description, _svg(figure, title, description), "familles")


def farthest_by_postcode(rows):
    """{postcode: the distance for the need where it is largest, None when a need has no ★★
    place at all}."""
    farthest = {}
    for row in rows:
        code, distance = row["postcode"], row["distance"]
        if code in farthest and (farthest[code] is None or (distance or 0) <= farthest[code]):
            if distance is not None:
                continue
        farthest[code] = distance
    return farthest


def distance_map(diagnosis):
    """The postcodes where they lie (longitude, latitude of their centre), coloured by the
    distance to the nearest ★★ place for the need where it is largest: a map without tiles,
    drawn here, whose list equivalent is the distance table."""
    farthest = farthest_by_postcode(diagnosis.distances)
    if not farthest:
        return None
    threshold = diagnosis.threshold_km
    groups = {
        "near": ([], DARK_BLUE, "o", _("Lieu ★★ à %(km)s km ou moins pour chaque besoin")),
        "far": ([], ORANGE, "s", _("Plus de %(km)s km pour au moins un besoin")),
        "none": ([], "#000000", "X", _("Un besoin sans aucun lieu ★★")),
    }
    for code, distance in farthest.items():
        centre = lookup_postcode(code)
        key = "none" if distance is None else ("far" if distance > threshold else "near")
        groups[key][0].append((centre.longitude, centre.latitude, code))
    with matplotlib.rc_context(SVG_SETTINGS):
        figure, axes = _figure(14, per_row=0.35)
        for points, colour, marker, label in groups.values():
            if points:
                axes.scatter(
                    [p[0] for p in points],
                    [p[1] for p in points],
                    c=colour,
                    marker=marker,
                    s=40,
                    label=label % {"km": format_number(threshold)},
                )
                if len(farthest) <= MOST_LABELLED_POSTCODES:
                    for longitude, latitude, code in points:
                        axes.annotate(
                            code,
                            (longitude, latitude),
                            xytext=(4, 3),
                            textcoords="offset points",
                            fontsize=7,
                        )
        latitudes = [point[1] for points, *_rest in groups.values() for point in points]
        # Degrees of longitude are shorter than degrees of latitude away from the equator;
        # the box keeps its size and the area shown grows around the points.
        axes.set_aspect(1 / cos(radians(sum(latitudes) / len(latitudes))), adjustable="datalim")
        axes.margins(0.15)
        axes.set_xlabel(_("Longitude"))
        axes.set_ylabel(_("Latitude"))
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    title = _("Les codes postaux et la distance au lieu ★★ le plus proche")
    flagged = sum(len(groups[key][0]) for key in ("far", "none"))
    description = _(
        "Carte sans fond : un point par code postal, à la position de son centre, en bleu "
        "quand un lieu ★★ est à %(km)s km ou moins pour chaque besoin, en orange ou d'une "
        "croix noire sinon (codes postaux signalés : %(flagged)s sur %(total)s). La liste est "
        "dans le tableau « La distance au lieu ★★ le plus proche, par besoin et code postal »."
    ) % {"km": format_number(threshold), "flagged": flagged, "total": len(farthest)}
    return Chart("carte", title, description, _svg(figure, title, description), "distances")


def demand_chart(diagnosis):
    rows = [row for row in diagnosis.tables["recherches"].rows if row[1]][:MOST_BARS]
    if not rows:
        return None
    names = [_short(row[0], 30) for row in rows][::-1]
    with matplotlib.rc_context(SVG_SETTINGS):
        figure, axes = _figure(len(rows))
        axes.barh(names, [row[1] for row in rows][::-1], color=DARK_BLUE, label=_("Recherches"))
        axes.barh(names, [row[2] for row in rows][::-1], color=ORANGE, label=_("Sans résultat"))
        axes.set_xlabel(_("Recherches sur la période"))
        axes.legend(loc="lower right", frameon=False)
    title = _("Recherches et recherches sans résultat, par code postal")
    description = _(
        "Barres horizontales par code postal : toutes les recherches, et en orange celles "
        "restées sans résultat. Le plus de recherches sans résultat : %(postcode)s "
        "(%(count)s). Les chiffres sont dans le tableau « Les recherches par code postal »."
    ) % {"postcode": rows[0][0], "count": rows[0][2]}
    return Chart("recherches", title, description, _svg(figure, title, description), "recherches")


def fragility_chart(diagnosis):
    rows = diagnosis.tables["fragilite"].rows[:MOST_BARS]
    if not rows:
        return None
    names = [f"{row[2]} ({row[4]})" for row in rows][::-1]
    colours = [ORANGE if row[4] == 0 else DARK_BLUE for row in rows][::-1]
    with matplotlib.rc_context(SVG_SETTINGS):
        figure, axes = _figure(len(rows))
        axes.barh(names, [row[3] for row in rows][::-1], color=colours)
        axes.set_xlabel(_("Indice de fragilité numérique (entre parenthèses : lieux d'aide)"))
    title = _("Les communes les plus fragiles et leur offre")
    empty = [row[2] for row in rows if row[4] == 0]
    description = _(
        "Barres horizontales de l'indice de fragilité, la plus fragile en haut, avec le nombre "
        "de lieux d'aide de la commune ; en orange, les communes sans aucun lieu "
        "(%(count)s). Les chiffres sont dans le tableau « Les communes par indice de fragilité "
        "numérique, face à leur offre »."
    ) % {"count": len(empty)}
    return Chart("fragilite", title, description, _svg(figure, title, description), "fragilite")


def _short(text, length=45):
    return text if len(text) <= length else text[: length - 1] + "…"

"""Levels as paper prints them (the guide's venue pages, the orientation sheet), and the legend
that names them.

On paper a level is its stars, filled and empty (★★☆: a photocopy keeps the empty ones, where a
colour would fade), followed by its name in words ("maîtrise"). A screen reader reads the pair as
``spoken`` ("2 sur 3 — maîtrise"): the PDFs give it as the replacement text of each printed rating
(``portal.pdf_tags.describe_ratings``, fed by ``rating_alternatives``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .vocab import LEVEL_CHOICES

HIGHEST_LEVEL = max(level for level, _label in LEVEL_CHOICES)


@dataclass(frozen=True)
class PrintedLevel:
    level: int
    name: str

    @property
    def filled(self):
        return "★" * self.level

    @property
    def empty(self):
        return "☆" * (HIGHEST_LEVEL - self.level)

    @property
    def printed(self):
        """The rating as paper shows it: stars, then the name."""
        return f"{self.filled}{self.empty} {self.name}"

    @property
    def spoken(self):
        return _("%(level)s sur %(highest)s — %(name)s") % {
            "level": self.level,
            "highest": HIGHEST_LEVEL,
            "name": self.name,
        }


def printed_levels(legend):
    """{level: PrintedLevel} with the legend's names."""
    return {level: PrintedLevel(level, name) for level, name in legend.levels_by_number()}


def rating_alternatives(levels):
    """{printed rating: spoken rating} of ``printed_levels``, for ``describe_ratings``."""
    return {printed.printed: printed.spoken for printed in levels.values()}


def printed_services(rated_services, levels):
    """``(label, PrintedLevel)`` of ``(Service, level)`` pairs, in their order."""
    return tuple((service.label, levels[level]) for service, level in rated_services)

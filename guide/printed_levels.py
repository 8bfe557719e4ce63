"""Levels as paper prints them (the guide's venue pages, the orientation sheet), and the legend
that names them.

On paper a level is its stars, filled and empty (★★☆: a photocopy keeps the empty ones, where a
colour would fade), followed by its name in words ("maîtrise"). The name is what a screen reader
says of the tagged PDF, which has no alternative text for a run of characters.
"""

from dataclasses import dataclass

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


def printed_levels(legend):
    """{level: PrintedLevel} with the legend's names."""
    return {level: PrintedLevel(level, name) for level, name in legend.levels_by_number()}


def printed_services(rated_services, levels):
    """``(label, PrintedLevel)`` of ``(Service, level)`` pairs, in their order."""
    return tuple((service.label, levels[level]) for service, level in rated_services)

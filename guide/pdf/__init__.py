"""The printable annual guide "Le numérique pour tous" (PDF), built from the published venues.

The names below are loaded on first use: the guide's worker processes import
``guide.pdf.parts`` without Django, which ``guide.pdf.guide`` needs.
"""

__all__ = ["EmptyGuideError", "GuideOptions", "guide_venues", "render_guide"]


def __getattr__(name):
    if name in __all__:
        from . import guide

        return getattr(guide, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

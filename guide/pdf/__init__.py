"""The printable annual guide "Le numérique pour tous" (PDF), built from the published venues."""

from .guide import EmptyGuideError, GuideOptions, guide_venues, render_guide

__all__ = ["EmptyGuideError", "GuideOptions", "guide_venues", "render_guide"]

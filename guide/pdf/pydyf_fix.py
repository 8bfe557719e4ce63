"""Workaround for pydyf (WeasyPrint's PDF writer): page references rebuilt on every read.

pydyf rebuilds the tuple of all page references each time ``PDF.page_references`` is read, and
WeasyPrint reads it for every tagged element when it writes a PDF/UA file: quadratic in the
number of pages, several seconds for the 350-page guide. ``cache_page_references`` replaces
the property with one that returns the same value, rebuilt only when pages were added. Remove
this module once pydyf caches the tuple itself.
"""


class _PageReferences:
    """``pydyf.PDF.page_references``, rebuilt only when the page count changed.

    The pages' list only ever grows (``add_page``), so its length tells when the cached tuple
    is stale.
    """

    def __get__(self, pdf, owner=None):
        if pdf is None:
            return self
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_guide_page_references")
        if cached is None or cached[0] != len(kids):
            references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
            cached = pdf.__dict__["_guide_page_references"] = (len(kids), references)
        return cached[1]


def cache_page_references():
    """Install the cached property on pydyf's PDF class, once per process."""
    import pydyf

    if not isinstance(pydyf.PDF.__dict__.get("page_references"), _PageReferences):
        pydyf.PDF.page_references = _PageReferences()

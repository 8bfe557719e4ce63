"""WeasyPrint set up as every PDF of the site needs it: nothing fetched, fonts found once.

The guide's parts, the venues' orientation sheets and the newsletter's magazine page are all
laid out here. No Django import: the guide's worker processes use this module alone.
"""

import functools


@functools.cache
def import_weasyprint():
    """Import WeasyPrint once, and keep Pillow refusing truncated images in this process.

    WeasyPrint loads Pango, about a second: only processes that lay out a PDF import it. Its
    import sets Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process, after which
    a web process that had served an orientation sheet accepted truncated image uploads (pixels
    padded with grey; portal/image_forms.py). The only image our PDFs hold, a guide's cover,
    comes from the admin, where it was checked whole.
    """
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False


@functools.cache
def no_fetching():
    """WeasyPrint may read data: URIs only: no network, no file, whatever the HTML holds.

    One per process: making one loads the system's certificates (a tenth of a second).
    """
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


@functools.cache
def font_configuration():
    """The fonts found once per process, for all the documents it lays out."""
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def lay_out(html):
    """``html`` laid out as a tagged document (``.pages``, ``.write_pdf()``) by WeasyPrint."""
    import_weasyprint()
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=no_fetching()).render(
        font_config=font_configuration(), pdf_tags=True
    )

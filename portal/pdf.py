"""WeasyPrint set up as every PDF of the site needs it: nothing fetched, fonts found once.

The guide's parts, the venues' orientation sheets and the newsletter's magazine page are all
laid out here. No Django import: the guide's worker processes use this module alone.
"""

import functools


@functools.cache
def no_fetching():
    """WeasyPrint may read data: URIs only: no network, no file, whatever the HTML holds.

    One per process: making one loads the system's certificates (a tenth of a second).
    """
    # WeasyPrint loads Pango, about a second: only processes that lay out a PDF import it.
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


@functools.cache
def font_configuration():
    """The fonts found once per process, for all the documents it lays out."""
    from weasyprint.text.fonts import FontConfiguration  # start-up cost, as above

    return FontConfiguration()


def lay_out(html):
    """``html`` laid out as a tagged document (``.pages``, ``.write_pdf()``) by WeasyPrint."""
    from weasyprint import HTML  # start-up cost, as above

    return HTML(string=html, url_fetcher=no_fetching()).render(
        font_config=font_configuration(), pdf_tags=True
    )

"""The diagnosis as a printable PDF for the council: cover, findings, charts and tables.

Laid out by WeasyPrint as the guide and the orientation sheet are (``portal.pdf``), tagged as
PDF/UA-1, then finished by ``portal.pdf_tags`` (links, star ratings read as words, language).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.identity import identity_for
from portal.pdf import lay_out
from portal.pdf_tags import finished_pdf

from .layout import report_sections

PDF_VARIANT = "pdf/ua-1"
TEMPLATE = "diagnostic/pdf/report.html"


def rating_words():
    return {"★★★": _("3 étoiles sur 3"), "★★": _("2 étoiles sur 3"), "★": _("1 étoile sur 3")}


def diagnosis_pdf(diagnosis, request=None):
    """The PDF bytes; the publisher named on the cover is the request's site's (or the default
    site's, from the command line)."""
    html = render_to_string(
        TEMPLATE,
        {
            "diagnosis": diagnosis,
            "sections": report_sections(diagnosis),
            "language": get_language(),
            "now": timezone.now(),
            "identity": identity_for(request),
        },
    )
    document = lay_out(html)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return finished_pdf(pdf, rating_words())

"""Every channel of an issue, by name: the issue page's preview modes, the admin's downloads and
``newsletter_export`` all go through this table, so that they always show the same thing.

The e-mail's unsubscribe link is addressed per recipient at sending time; here, outside any
sending, it points to the newsletter's page (the archive, where one subscribes).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import magazine, social
from .email import UNSUBSCRIBE_PLACEHOLDER, IssueEmail


@dataclass(frozen=True)
class Channel:
    label: str
    content_type: str
    file_suffix: str
    render: Callable  # (issue, request or None) -> str or bytes
    is_web: bool = False
    styles_inlined: bool = False  # as an e-mail's must be: its preview's policy allows them
    # Whether the issue has this channel: the magazine's column needs its size.
    available: Callable = lambda issue: True

    def filename(self, issue):
        return f"lettre-{issue.number}{self.file_suffix}"


def newsletter_url(issue, request):
    parent = issue.get_parent() if issue.pk else None
    return parent.get_full_url(request) if parent else ""


def render_web(issue, request=None):
    """The issue's page as a visitor sees it (its current content, published or not)."""
    return issue.make_preview_request(request, preview_mode="web").content.decode()


def render_email_html(issue, request=None):
    return IssueEmail(issue, request).html.replace(
        UNSUBSCRIBE_PLACEHOLDER, newsletter_url(issue, request)
    )


def render_email_text(issue, request=None):
    return IssueEmail(issue, request).text.replace(
        UNSUBSCRIBE_PLACEHOLDER, newsletter_url(issue, request)
    )


HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

CHANNELS = {
    "web": Channel(_("Page web"), HTML, ".html", render_web, is_web=True),
    "email-html": Channel(_("E-mail"), HTML, "-email.html", render_email_html, styles_inlined=True),
    "email-text": Channel(_("E-mail, texte seul"), TEXT, "-email.txt", render_email_text),
    "magazine-pdf": Channel(
        _("Page du magazine (PDF)"), "application/pdf", "-magazine.pdf", magazine.render_pdf
    ),
    "magazine-column-pdf": Channel(
        _("Page du magazine, colonne sans marges (PDF)"),
        "application/pdf",
        "-magazine-colonne.pdf",
        magazine.render_column_pdf,
        available=lambda issue: magazine.column_format(issue) is not None,
    ),
    "magazine-text": Channel(
        _("Page du magazine, texte à coller"), TEXT, "-magazine.txt", magazine.render_text
    ),
    "social": Channel(_("Réseaux sociaux"), TEXT, "-reseaux-sociaux.txt", social.render_text),
}

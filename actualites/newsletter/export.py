"""An issue's channel as a file, outside any request (``manage.py newsletter_export``)."""

from django.utils.translation import gettext as _
from wagtail.models import Locale

from ..channels import CHANNELS
from ..models import NewsletterIssuePage


class ExportError(Exception):
    """A reason, in French, why nothing was exported."""


def find_issue(number, locale=None):
    """The issue numbered ``number`` in ``locale`` (the default one): as published, or as
    drafted when it never was."""
    locale = locale or Locale.get_default()
    issue = NewsletterIssuePage.objects.filter(number=number, locale=locale).first()
    if issue is None:
        raise ExportError(_("Aucun numéro %(number)s de la lettre.") % {"number": number})
    return issue


def export_issue(issue, format_name):
    """The channel ``format_name`` of ``issue``: text (str) or PDF (bytes)."""
    channel = CHANNELS.get(format_name)
    if channel is None:
        raise ExportError(
            _("Format inconnu : %(format)s. Formats possibles : %(formats)s.")
            % {"format": format_name, "formats": ", ".join(CHANNELS)}
        )
    if not channel.available(issue):
        raise ExportError(
            _(
                "Ce format demande la taille de l'emplacement du magazine : donnez sa largeur et "
                "sa hauteur sur la page de la lettre d'information."
            )
        )
    return channel.render(issue, None)

"""E-mails telling a declarant what became of their declaration or report.

Each is written in the declarant's language, as text and HTML, and sent only once the decision
is committed: a rolled-back decision must not announce anything. Anonymous reports have no
address and get nothing.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from portal.mail import sender, signature_context
from portal.typography import one_line

from .models import Declaration

Kind = Declaration.Kind


def subject_name(declaration, venue=None):
    venue = venue or declaration.venue
    return (declaration.venue_data or {}).get("title") or (venue.title if venue else "")


def send_later(declaration, build):
    """Render ``build()`` → (subject, paragraphs, quote, link) now, send it after the commit."""
    if not declaration.declarant_email:
        return
    with translation.override(declaration.language or settings.LANGUAGE_CODE):
        subject, paragraphs, quote, link = build()
        context = {
            "name": declaration.declarant_name,
            "paragraphs": paragraphs,
            "quote": quote,
            "link": link,
            "code": declaration.display_code,
            "site_name": settings.WAGTAIL_SITE_NAME,
            **signature_context(),
        }
        text = render_to_string("declarations/admin/email.txt", context)
        html = render_to_string("declarations/admin/email.html", context)
    message = EmailMultiAlternatives(
        subject=one_line(str(subject)),
        body=text,
        from_email=sender(context["identity"]),
        to=[declaration.declarant_email],
    )
    message.attach_alternative(html, "text/html")
    transaction.on_commit(message.send)


def published(declaration, venue):
    """The venue created or changed from this declaration is now online."""

    def build():
        title = subject_name(declaration, venue)
        if declaration.kind == Kind.NEW_VENUE:
            subject = _("Votre lieu « %(title)s » est publié") % {"title": title}
            first = _("Merci pour votre déclaration : votre lieu est publié sur le site.")
        elif declaration.kind == Kind.CHANGE:
            subject = _("Vos modifications de « %(title)s » sont publiées") % {"title": title}
            first = _("Merci : les informations que vous avez proposées sont publiées.")
        else:
            subject = _("Votre signalement sur « %(title)s » a été pris en compte") % {
                "title": title
            }
            first = _("Merci pour votre signalement : la fiche du lieu est corrigée.")
        link = (_("Voir la fiche du lieu"), venue.get_full_url())
        return subject, [first], "", link

    send_later(declaration, build)


def refused(declaration):
    def build():
        title = subject_name(declaration)
        if declaration.kind == Kind.ERROR_REPORT:
            subject = _("Votre signalement sur « %(title)s »") % {"title": title}
            first = _("Nous avons examiné votre signalement et ne l'avons pas retenu.")
        else:
            subject = _("Votre déclaration « %(title)s » n'a pas été retenue") % {"title": title}
            first = _("Nous avons examiné votre déclaration et ne l'avons pas retenue.")
        return subject, [first, _("Motif :")], declaration.refusal_reason, None

    send_later(declaration, build)


def report_processed(declaration, note):
    def build():
        title = subject_name(declaration)
        subject = _("Votre signalement sur « %(title)s » a été traité") % {"title": title}
        paragraphs = [_("Merci pour votre signalement : nous l'avons traité.")]
        if note:
            paragraphs.append(_("Message de l'équipe :"))
        venue = declaration.venue
        link = (_("Voir la fiche du lieu"), venue.get_full_url()) if venue and venue.live else None
        return subject, paragraphs, note, link

    send_later(declaration, build)

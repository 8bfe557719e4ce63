"""The e-mail edition of an issue: rendered once per send, addressed cheaply per recipient.

Rendering the templates and inlining the CSS is the costly part, so ``IssueEmail`` does it once;
``message()`` only puts the recipient's own unsubscribe link in place of a placeholder, before
the bodies are encoded (``mime.NewsletterMessage``), so that no line outgrows its limit.

Mail clients ignore or strip ``<style>`` and ``<link>``, and webmails rewrite ``<body>``: the
HTML is a single column of tables at most 600 pixels wide (held at 600 in Outlook by a table
only it reads), every cell carrying its own font, size, colour and line height, with every style
inlined by ``css-inline``. What cannot be inlined stays in ``<style>`` for the clients that read
it: the ``@media`` rules for small screens and dark mode, and Outlook.com's dark-mode
attribute selectors. Links and images are absolute and point to the site only; nothing is
fetched while inlining.

Headers: From names the city (``portal.mail.sender``); ``List-Id`` names the newsletter on the
site's domain, so that filters and clients group its issues; ``List-Unsubscribe`` offers the
one-click https link (RFC 8058, what Gmail and Yahoo use) and a mailto: for the clients that
only know that one.
"""

import re
from email.utils import formataddr
from urllib.parse import quote, urlsplit

import css_inline
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

from portal.mail import sender, sender_address, signature_context

from .mime import NewsletterMessage
from .prepared import absolutize, prepare_issue
from .text import preheader, tidy

UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"
INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
# Invisible characters after the preheader: the inbox's preview stops there instead of going on
# with the first words of the body ("Voir en ligne…").
PREHEADER_FILLER = "\u034f\u200c\u00a0" * 40
WRITTEN_OUT_LINK = re.compile(r" \(https?://[^\s)]+\)")


class IssueEmail:
    def __init__(self, issue, request=None, prepared=None):
        self.issue = issue
        prepared = prepared or prepare_issue(issue, request)
        context = {
            "prepared": prepared,
            "preheader": preheader(WRITTEN_OUT_LINK.sub("", prepared.editorial.text)),
            "preheader_filler": PREHEADER_FILLER,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            **signature_context(),
        }
        identity = context["identity"]
        self.from_email = sender(identity)
        self.list_id = list_id(newsletter_name(issue), prepared.base_url)
        self.unsubscribe_mailto = unsubscribe_mailto(
            identity.contact_email or sender_address(identity)
        )
        self.subject = str(issue.title)
        self.text = tidy(render_to_string("actualites/newsletter/email.txt", context))
        html = render_to_string("actualites/newsletter/email.html", context)
        self.html = absolutize(INLINER.inline(html), prepared.base_url)

    def message(self, to, unsubscribe_url, connection=None):
        """The message for one recipient, with its list headers and one-click unsubscribe."""
        message = NewsletterMessage(
            subject=self.subject,
            body=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            from_email=self.from_email,
            to=[to],
            connection=connection,
            headers={
                "List-Id": self.list_id,
                "List-Unsubscribe": f"<{unsubscribe_url}>, <{self.unsubscribe_mailto}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe_url)), "text/html"
        )
        return message


def newsletter_name(issue):
    """The archive's title ("La lettre"), which editors chose; a generic name before the issue
    is in the tree (a preview)."""
    parent = issue.get_parent() if issue.pk else None
    return parent.title if parent else _("La lettre d'information")


def list_id(name, base_url):
    """``"La lettre" <lettre.numerique.metz.fr>`` (RFC 2919): the list's label on the site's
    domain, its name encoded as a header phrase when it is not ASCII."""
    host = (urlsplit(base_url).hostname or "localhost").encode("idna").decode("ascii")
    return formataddr((name, f"lettre.{host}"))


def unsubscribe_mailto(address):
    """Where a client without https unsubscribing writes: a mailbox that someone reads, since
    the site reads no mail; the subject says what the message asks for."""
    return f"mailto:{address}?subject={quote(_('Désabonnement'))}"

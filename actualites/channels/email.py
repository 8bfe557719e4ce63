"""The e-mail edition of an issue: rendered once per send, addressed cheaply per recipient.

Rendering the templates and inlining the CSS is the costly part, so ``IssueEmail`` does it once;
``message()`` only puts the recipient's own unsubscribe link in place of a placeholder.

Mail clients ignore or strip ``<style>`` and ``<link>``: the HTML is a single column of tables at
most 600 pixels wide in system fonts, with every style inlined by ``css-inline`` (only the
``@media`` rules for small screens stay in a ``<style>``, for the clients that read them). Links
and images are absolute and point to the site only; nothing is fetched while inlining.
"""

import css_inline
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import escape

from portal.mail import sender, signature_context

from .prepared import absolutize, prepare_issue
from .text import tidy

UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"
INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


class IssueEmail:
    def __init__(self, issue, request=None, prepared=None):
        self.issue = issue
        prepared = prepared or prepare_issue(issue, request)
        context = {
            "prepared": prepared,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            **signature_context(),
        }
        self.from_email = sender(context["identity"])
        self.subject = str(issue.title)
        self.text = tidy(render_to_string("actualites/newsletter/email.txt", context))
        html = render_to_string("actualites/newsletter/email.html", context)
        self.html = absolutize(INLINER.inline(html), prepared.base_url)

    def message(self, to, unsubscribe_url, connection=None):
        """The message for one recipient, with List-Unsubscribe and one-click unsubscribe."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            from_email=self.from_email,
            to=[to],
            connection=connection,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe_url)), "text/html"
        )
        return message

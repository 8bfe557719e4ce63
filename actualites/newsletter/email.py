"""The e-mail edition of an issue: rendered once per send, addressed cheaply per recipient.

Rendering the templates and inlining the CSS is the costly part, so ``IssueEmail`` does it once;
``message()`` only puts the recipient's own unsubscribe link in place of a placeholder.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"


class IssueEmail:
    def __init__(self, issue, request=None):
        self.issue = issue
        context = {"issue": issue, "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER}
        self.subject = str(issue.title)
        self.text = render_to_string("actualites/newsletter/email.txt", context, request)
        self.html = render_to_string("actualites/newsletter/email.html", context, request)

    def message(self, to, unsubscribe_url, connection=None):
        """The message for one recipient, with List-Unsubscribe and one-click unsubscribe."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            to=[to],
            connection=connection,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url), "text/html"
        )
        return message

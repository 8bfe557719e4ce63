"""How the newsletter's messages are written on the wire, whatever policy a backend asks for.

Two things Python's ``email`` gets wrong for a mailing list, by default:

- It encodes any header token longer than a line as an RFC 2047 encoded word. A long
  ``List-Unsubscribe`` URL then comes out as ``=?utf-8?q?=3Chttps=3A//…?=``, which no client
  reads as a URL (RFC 2369 headers are structured: encoded words are not allowed there).
  ``ListHeader`` folds between the bracketed values only, and never encodes.
- It wraps quoted-printable bodies at the policy's ``max_line_length`` (78 in every standard
  policy), where RFC 2045 allows 76. ``NewsletterMessage`` builds its bodies at 76.
"""

import email.policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader

from django.core.mail import EmailMultiAlternatives

# Characters in a quoted-printable line, soft line break included (RFC 2045, 6.7).
QP_MAX_LINE = 76


class ListHeader(UnstructuredHeader):
    """``List-Unsubscribe`` and ``List-Id``: ASCII values folded at their spaces, never encoded.

    A value that is not ASCII (an internationalized domain left as it is) is folded the
    ordinary way rather than written in 8 bits.
    """

    def fold(self, *, policy):
        value = str(self)
        if not value.isascii():
            return super().fold(policy=policy)
        limit = policy.max_line_length or len(value) + len(self.name) + 2
        lines = [f"{self.name}:"]
        for word in value.split():
            if len(lines[-1]) + 1 + len(word) > limit and lines[-1] != f"{self.name}:":
                lines.append("")
            lines[-1] += f" {word}"
        return policy.linesep.join(lines) + policy.linesep


LIST_HEADERS = HeaderRegistry()
LIST_HEADERS.map_to_type("list-unsubscribe", ListHeader)
LIST_HEADERS.map_to_type("list-id", ListHeader)


class NewsletterMessage(EmailMultiAlternatives):
    """A Django message whose MIME form has list headers never encoded and QP lines of 76.

    Backends (locmem, console, SMTP) call ``message()`` with their own policy; its line ending
    and its folding of the other headers are kept. The bodies are encoded as the message is
    built, so they follow the narrower limit whichever policy serializes them.
    """

    def message(self, *, policy=email.policy.default):
        narrower = policy.clone(
            max_line_length=min(policy.max_line_length or QP_MAX_LINE, QP_MAX_LINE),
            header_factory=LIST_HEADERS,
        )
        return super().message(policy=narrower)

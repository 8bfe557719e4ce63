"""The two places where sending relies on what psycopg and Python's ``email`` do, not say.

Everything else in sending uses documented behaviour. These two shortcuts stay because each is
worth it (figures below, measured on the development machine: 2 busy CPUs, PostgreSQL 15 on the
same host, ``benchmarks/newsletter.py``), each checks at run time what it can, and
``tests/actualites/test_wire.py`` asserts every property listed under "relied on", its failure
message naming the upgrade to look at. If one fails after an upgrade, do not relax the test: fix
the shortcut, or drop it (``send.commit_sent`` and ``IssueEmail.message`` are the plain ways).

``send_commit``: the sent record's COMMIT written to PostgreSQL without waiting for its reply.
    Why: once the COMMIT has reached the server and until the SMTP dot leaves, a crash leaves a
    delivery "sent" that nobody received (``smtp.py``). With an ordinary, awaited commit that
    window holds the round trip and the WAL flush: 4.6 ms (median, from the write of the UPDATE
    to the write of the dot), half of a send's time; the benchmark's killed workers lost a
    message 6 times out of 8. Unawaited, 42 µs (median) separate the COMMIT's write from the
    dot's, and no message was lost in 22 killed workers. Cost: two more round trips per message
    (BEGIN, and the Sync that ends the pipeline); 10,000 messages took 53 to 76 s in 7 runs,
    against 44 to 58 s awaited in 4, on a machine whose noise is that large (CPU per message,
    in one process: 2.8 against 2.5 ms). Public API: psycopg's pipeline mode
    (``Connection.pipeline()``), in which statements are sent without reading their results,
    read when the block is left. Relied on: (1) psycopg writes a pipelined statement to the
    socket within ``execute()`` - its documentation says results are not awaited, not when the
    statement leaves; (2) PostgreSQL commits a pipelined COMMIT when it reaches it, before the
    pipeline's end ("the server will begin executing the commands in the pipeline immediately").
    Were either to change, the COMMIT would leave after the dot, and a worker killed in between
    would have a message sent again on resume. (The previous way, the libpq calls of
    ``Connection.pgconn``, is public too but acts behind psycopg's back: psycopg did not know a
    reply was pending.)

``MessageTemplate``: each language's message serialized once, addressed per recipient in bytes.
    Why: building and serializing a message with Django and ``email`` costs 4 to 6 ms, a minute
    of CPU for 10,000 subscribers; rendering the template, 0.25 ms (a 21 KB message, most of it
    the quoted-printable encoding of the bodies, in C). Public API:
    ``EmailMessage.message(policy=...)``, ``email.policy``, ``Message.set_payload`` and its
    headers' item access, ``binascii.b2a_qp``. The headers are serialized with placeholders for
    the recipient, the unsubscribe URL and the Message-ID, replaced in the bytes; each body is
    serialized as a marker, replaced for each recipient by the body with its URL in place,
    encoded then in quoted-printable (lines of 76 at most, RFC 2045): the substitution comes
    before the encoding, so no line outgrows its limit. Relied on: (1) a body set as a short
    ASCII payload is written as it is; (2) short ASCII words come out of serialization
    verbatim; (3) headers are folded by the policy given to ``as_bytes``, not by the one the
    message was built with. ``usable`` checks (1) and (2) for each language; ``render``
    substitutes only values that every place carries as they are and that keep the header
    lines within SMTP's limit. Where something does not hold, the message is built the plain
    way: slower, never wrong.
"""

import binascii
import email.policy
import re
from contextlib import ExitStack

from ..channels.email import UNSUBSCRIBE_PLACEHOLDER

# Octets in a line, CRLF excluded (RFC 5321, 4.5.3.1.6).
SMTP_MAX_LINE = 998
# Characters written as they are in a header, an HTML attribute and a body alike.
VERBATIM = re.compile(r"[A-Za-z0-9!#$%*+\-./:=?@^_`{|}~]+")


def send_commit(pg_connection):
    """COMMIT ``pg_connection``'s open transaction; return the function that reads the reply.

    Nothing else may run on the connection before that function is called; it raises
    ``psycopg.Error`` if the commit failed.
    """
    with ExitStack() as pipeline:
        pipeline.enter_context(pg_connection.pipeline())
        pg_connection.execute("COMMIT")
        return pipeline.pop_all().close


class MessageTemplate:
    """A language's message serialized once; each recipient's copy is a few byte replacements
    and the encoding of its bodies.

    The recipient, the unsubscribe URL and the Message-ID are placeholders, replaced in the
    headers' bytes and in the bodies before they are encoded (see the module docstring).
    """

    TO = "destinataire@lettre.invalid"
    URL = "XLETTREDESABONNEMENTX"
    MESSAGE_ID = "lettre.XENVOIX@lettre.invalid"  # between angle brackets
    BODY = "XLETTRECORPS{}X"

    def __init__(self, issue_email):
        message = issue_email.message(self.TO, self.URL)
        message.extra_headers["Message-ID"] = f"<{self.MESSAGE_ID}>"
        self.from_email = message.from_email
        mime = message.message(policy=email.policy.SMTP)
        self.bodies = [
            _marked_body(part, self.BODY.format(number)) for number, part in enumerate(leaves(mime))
        ]
        self.data = mime.as_bytes(policy=email.policy.SMTP)
        self.usable = self._placeholders_intact(issue_email)
        placeholders = (self.TO.encode(), self.URL.encode(), self.MESSAGE_ID.encode())
        self._lines_that_grow = [
            line for line in self.data.split(b"\r\n") if any(p in line for p in placeholders)
        ]

    def _placeholders_intact(self, issue_email):
        links = issue_email.text.count(UNSUBSCRIBE_PLACEHOLDER)
        links += issue_email.html.count(UNSUBSCRIBE_PLACEHOLDER)
        return (
            all(self.data.count(marker) == 1 for marker, _body in self.bodies)
            and sum(body.count(self.URL.encode()) for _marker, body in self.bodies) == links
            and self.data.count(self.URL.encode()) == 1  # List-Unsubscribe
            and self.data.count(self.TO.encode()) == 1
            and self.data.count(self.MESSAGE_ID.encode()) == 1
        )

    def render(self, to, url, message_id):
        """The message's bytes for one recipient, or None: then build it the plain way."""
        values = {self.TO: to, self.URL: url, self.MESSAGE_ID: message_id.strip("<>")}
        if not (self.usable and all(map(VERBATIM.fullmatch, values.values()))):
            return None
        if any(len(_substitute(line, values)) > SMTP_MAX_LINE for line in self._lines_that_grow):
            return None
        data = _substitute(self.data, values)
        for marker, body in self.bodies:
            encoded = binascii.b2a_qp(body.replace(self.URL.encode(), url.encode("ascii")))
            data = data.replace(marker, encoded)
        return data


def leaves(mime):
    """The body parts of ``mime``: its text, and its HTML."""
    return [part for part in mime.walk() if not part.is_multipart()]


def _marked_body(part, marker):
    """Replace ``part``'s body by ``marker``, declared quoted-printable; return the marker's
    bytes and the body's, in its charset, with CRLF line ends (kept by ``b2a_qp``)."""
    lines = part.get_content().encode(part.get_content_charset("utf-8")).splitlines()
    part.set_payload(marker)
    del part["Content-Transfer-Encoding"]
    part["Content-Transfer-Encoding"] = "quoted-printable"
    return marker.encode(), b"\r\n".join(lines) + b"\r\n"


def _substitute(data, values):
    for placeholder, value in values.items():
        data = data.replace(placeholder.encode(), value.encode("ascii"))
    return data

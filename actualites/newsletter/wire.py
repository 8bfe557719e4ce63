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
    of CPU for 10,000 subscribers; rendering the template, under 20 µs. Public API:
    ``EmailMessage.message(policy=...)``, ``email.policy``. Relied on: (1) ``email`` writes a
    text body as it is (``8bit``, neither quoted-printable nor base64) when its lines fit the
    policy's ``max_line_length``, so a substitution in the bytes is a substitution in the text;
    (2) short ASCII words come out of serialization verbatim; (3) headers are folded by the
    policy given to ``as_bytes``, not by the one the message was built with. ``usable`` checks
    (1) and (2) for each language; ``render`` substitutes only values that every place carries
    as they are and that keep lines within SMTP's limit. Where something does not hold, the
    message is built the plain way: slower, never wrong.
"""

import email.policy
import re
from contextlib import ExitStack

from ..channels.email import UNSUBSCRIBE_PLACEHOLDER

# Octets in a line, CRLF excluded (RFC 5321, 4.5.3.1.6).
SMTP_MAX_LINE = 998
# Bodies whose lines fit SMTP's limit stay as they are (8bit): placeholders survive.
BODIES_AS_THEY_ARE = email.policy.SMTP.clone(max_line_length=SMTP_MAX_LINE)
# Characters written as they are in a header, an 8bit body and an HTML attribute alike.
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
    """A language's message serialized once; each recipient's copy is a few byte replacements.

    The recipient, the unsubscribe URL and the Message-ID are placeholders, replaced in the
    bytes (see the module docstring for what that relies on).
    """

    TO = "destinataire@lettre.invalid"
    URL = "XLETTREDESABONNEMENTX"
    MESSAGE_ID = "lettre.XENVOIX@lettre.invalid"  # between angle brackets

    def __init__(self, issue_email):
        message = issue_email.message(self.TO, self.URL)
        message.extra_headers["Message-ID"] = f"<{self.MESSAGE_ID}>"
        self.from_email = message.from_email
        mime = message.message(policy=BODIES_AS_THEY_ARE)
        self.data = mime.as_bytes(policy=email.policy.SMTP)
        self.usable = bodies_as_they_are(mime) and self._placeholders_intact(issue_email)
        placeholders = (self.TO.encode(), self.URL.encode(), self.MESSAGE_ID.encode())
        self._lines_that_grow = [
            line for line in self.data.split(b"\r\n") if any(p in line for p in placeholders)
        ]

    def _placeholders_intact(self, issue_email):
        links = issue_email.text.count(UNSUBSCRIBE_PLACEHOLDER)
        links += issue_email.html.count(UNSUBSCRIBE_PLACEHOLDER) + 1  # and List-Unsubscribe
        return (
            self.data.count(self.URL.encode()) == links
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
        return _substitute(self.data, values)


def bodies_as_they_are(mime):
    """Whether every body part of ``mime`` is written as it is, neither QP nor base64."""
    return all(
        part.get("Content-Transfer-Encoding", "7bit") in ("7bit", "8bit")
        for part in mime.walk()
        if not part.is_multipart()
    )


def _substitute(data, values):
    for placeholder, value in values.items():
        data = data.replace(placeholder.encode(), value.encode("ascii"))
    return data

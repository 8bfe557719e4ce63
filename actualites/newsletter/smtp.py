"""Handing one message to the SMTP server so that "sent" is recorded at the last moment.

Why not Django's SMTP backend: ``send_messages`` (through ``smtplib.SMTP.sendmail``) transmits
the whole message, final ``<CRLF>.<CRLF>`` included, and only then returns. Recording the
delivery as sent afterwards leaves a window - the server has accepted the message, the database
does not know yet - as long as the server's reply, the return and the database commit; a crash
there sends the message again on resume. Recording it before ``sendmail`` is no better: a crash
during the transfer would skip the recipient.

An SMTP server takes responsibility for a message only when it receives the terminating dot
(RFC 5321, 4.1.1.4); if the connection drops before, it discards what it got. So this client
speaks the protocol step by step with ``smtplib``'s low-level API: MAIL, RCPT, DATA, the
dot-stuffed message without its terminator, then the caller's ``commit`` (which records the
delivery as sent), and only then the dot. A crash before the commit leaves the delivery pending
and the server without a message; a crash after it leaves it sent. What remains is the time of
one ``send`` system call of three bytes, and a server reply lost after it (recorded as sent, with
a note: sending again could duplicate). On PostgreSQL the COMMIT is written without waiting for
its reply (``wire.send_commit``), so that its round trip and WAL flush stay out of the window.

The connection itself (host, port, TLS, login, timeout) is opened by Django's SMTP backend from
the ``MAILERS`` setting, so there is one place for the SMTP configuration.
"""

import email.policy
import re
import smtplib
import socket
from dataclasses import dataclass

from django.core.mail.backends.smtp import EmailBackend

_LINE_END = re.compile(rb"\r\n|\n|\r(?!\n)")
_LEADING_DOT = re.compile(rb"(?m)^\.")


@dataclass(frozen=True)
class Reply:
    """The server's final word on one message; ``code`` is None when no reply came."""

    code: int | None
    text: str

    @property
    def accepted(self):
        return self.code is not None and 200 <= self.code < 300

    @property
    def temporary(self):
        """4xx, or no reply before the commit: try again later."""
        return self.code is None or 400 <= self.code < 500


class Refused(Exception):
    """The server refused the message before it was committed as sent (MAIL, RCPT or DATA)."""

    def __init__(self, reply):
        super().__init__(f"{reply.code} {reply.text}")
        self.reply = reply


class NotCommitted(Exception):
    """The commit callback declined (another worker owns the delivery): nothing was sent."""


def _text(response):
    return response.decode("utf-8", "replace") if isinstance(response, bytes) else str(response)


def dot_stuffed(data):
    """The DATA payload without its terminator: CRLF line ends, leading dots doubled."""
    data = _LEADING_DOT.sub(b"..", _LINE_END.sub(b"\r\n", data))
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class SmtpTransport:
    """One SMTP connection (a batch of messages), opened by Django's SMTP backend."""

    def __init__(self, backend):
        self.backend = backend

    def __enter__(self):
        self._open()
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _open(self):
        """Open the connection, with Nagle's algorithm off.

        The three bytes of the dot must leave at once: with Nagle on, they wait for the server
        to acknowledge the message's last packet, which it delays (up to 40 ms per message on
        Linux) - slower, and a longer window between "sent" committed and the dot.
        """
        self.backend.open()
        self.backend.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self):
        try:
            self.backend.close()
        except Exception:  # the connection is already broken: nothing left to close
            self.backend.connection = None

    def _abort(self):
        """Drop the connection without the dot: the server discards the message."""
        connection = self.backend.connection
        self.backend.connection = None
        if connection is not None:
            connection.close()

    def transmit(self, message, commit):
        """Send ``message``; ``commit()`` runs just before the dot and must return True.

        Raises ``Refused`` (nothing sent, nothing committed) or ``NotCommitted``; ``OSError``
        and ``smtplib.SMTPException`` before the commit also mean nothing was sent. After the
        commit, returns the server's reply, ``Reply(None, …)`` if none came.
        """
        return self.transmit_bytes(
            message.from_email,
            message.recipients(),
            message.message(policy=email.policy.SMTP).as_bytes(),
            commit,
        )

    def transmit_bytes(self, from_email, recipients, data, commit):
        """``transmit`` for a message already serialized (``data``, CRLF line ends)."""
        if self.backend.connection is None:
            self._open()
        smtp = self.backend.connection
        sender = self.backend.prep_address(from_email)
        recipients = [self.backend.prep_address(address) for address in recipients]
        payload = dot_stuffed(data)
        smtp.ehlo_or_helo_if_needed()
        self._expect(smtp, smtp.mail(sender), (250,))
        for recipient in recipients:
            self._expect(smtp, smtp.rcpt(recipient), (250, 251))
        smtp.putcmd("data")
        self._expect(smtp, smtp.getreply(), (354,))
        smtp.send(payload)
        if not commit():
            self._abort()
            raise NotCommitted
        try:
            smtp.send(b".\r\n")
            code, response = smtp.getreply()
        except Exception as error:  # noqa: BLE001 - whatever broke, the dot may have arrived
            self._abort()
            return Reply(None, f"{type(error).__name__}: {error}")
        return Reply(code, _text(response))

    def _expect(self, smtp, reply, codes):
        code, response = reply
        if code not in codes:
            try:
                smtp.rset()
            except (OSError, smtplib.SMTPException):  # e.g. after 421, the server hung up
                self._abort()
            raise Refused(Reply(code, _text(response)))


class DjangoTransport:
    """Any other mail backend (locmem in tests, console in development).

    The delivery is committed as sent before the backend is called, as on the SMTP path, so
    nothing is ever sent twice; but the window is the whole ``send_messages`` call, and the
    exactly-once guarantee described above holds for the SMTP path only.
    """

    def __init__(self, backend):
        self.backend = backend

    def __enter__(self):
        self.backend.open()
        return self

    def __exit__(self, *exc_info):
        self.backend.close()

    def transmit(self, message, commit):
        if not commit():
            raise NotCommitted
        try:
            self.backend.send_messages([message])
        except Exception as error:  # noqa: BLE001 - not handed over: try again later
            return Reply(451, f"{type(error).__name__}: {error}")
        return Reply(250, "OK")


def transport_for(backend):
    if isinstance(backend, EmailBackend):
        return SmtpTransport(backend)
    return DjangoTransport(backend)

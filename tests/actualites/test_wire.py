"""What ``actualites/newsletter/wire.py`` relies on in psycopg and Python's ``email`` still holds.

A failure here after an upgrade means a sending shortcut no longer stands on what it relies on:
read wire.py's docstring, then fix the shortcut or drop it; do not relax the test.
"""

import time
from email import message_from_bytes, policy

import psycopg
import pytest
from django.db import connection
from django.utils.html import escape

from actualites.channels.email import IssueEmail
from actualites.channels.mime import QP_MAX_LINE
from actualites.models import Subscriber
from actualites.newsletter.subscriptions import unsubscribe_url
from actualites.newsletter.wire import SMTP_MAX_LINE, VERBATIM, MessageTemplate, send_commit
from tests.actualites.send_fixtures import make_issue

PYTHON_UPGRADE = "check the email package of this Python version (wire.MessageTemplate)"
PSYCOPG_UPGRADE = "check this psycopg version's pipeline mode (wire.send_commit)"
LONG_TITLE = "Lettre n° 4 : les ateliers numériques du printemps, l'agenda et un lieu à découvrir"

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the unawaited COMMIT is PostgreSQL's"
)


@pytest.fixture
def issue_email(home_page):
    """An issue's e-mail with accents, a subject to fold and HTML lines longer than 78."""
    issue = make_issue(number=4)
    issue.title = LONG_TITLE
    built = IssueEmail(issue)
    assert max(map(len, built.html.splitlines())) > 78
    return built


@pytest.fixture
def recipient(db):
    subscriber = Subscriber.objects.create(email="prenom.nom+lettre@exemple-ville.fr")
    return subscriber.email, unsubscribe_url(subscriber), "<lettre.12.345@envoi.exemple-ville.fr>"


@pytest.mark.django_db
def test_bodies_set_as_markers_are_written_as_they_are(issue_email):
    template = MessageTemplate(issue_email)

    assert len(template.bodies) == 2
    assert all(template.data.count(marker) == 1 for marker, _body in template.bodies), (
        "email no longer writes a body set as a short ASCII payload as it is: every message "
        f"would be built one by one; {PYTHON_UPGRADE}"
    )


@pytest.mark.django_db
def test_placeholders_come_out_of_serialization_intact(issue_email):
    assert MessageTemplate(issue_email).usable, (
        "the template's placeholders no longer come out of serialization intact: every message "
        f"would be built one by one; {PYTHON_UPGRADE}"
    )


@pytest.mark.django_db
def test_headers_are_folded_by_the_generator_policy(issue_email):
    headers = MessageTemplate(issue_email).data.split(b"\r\n\r\n", 1)[0]
    # Only a single word that cannot be broken (a URL in List-Unsubscribe) may stay longer.
    breakable = [line for line in headers.split(b"\r\n") if b" " in line.strip()]

    assert max(map(len, breakable)) <= 78, (
        "as_bytes(policy=SMTP) no longer folds the headers at 78 characters when the message "
        f"was built with another max_line_length; {PYTHON_UPGRADE}"
    )


@pytest.mark.django_db
def test_a_rendered_message_is_the_one_built_for_the_recipient(issue_email, recipient):
    address, url, message_id = recipient
    built = issue_email.message(address, url)
    built.extra_headers["Message-ID"] = message_id
    expected = parsed(built.message(policy=policy.SMTP).as_bytes())  # as smtp.py sends it

    rendered = MessageTemplate(issue_email).render(address, url, message_id)
    received = parsed(rendered)

    differing = [name for name in expected if received[name] != expected[name]]
    assert not differing, (
        f"a message rendered from the template differs from the one built for its recipient "
        f"in {differing}; {PYTHON_UPGRADE}"
    )
    assert max(map(len, rendered.split(b"\r\n"))) <= SMTP_MAX_LINE


def parsed(data):
    """What a mail client shows of a message: its headers and the lines of its two bodies."""
    message = message_from_bytes(data, policy=policy.default)
    headers = ("Subject", "From", "To", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")
    shown = {name: message[name] for name in headers}
    for kind in ("plain", "html"):
        shown[kind] = message.get_body((kind,)).get_content().splitlines()
    return shown


def test_verbatim_values_need_no_html_escaping():
    verbatim = "".join(c for c in map(chr, range(33, 127)) if VERBATIM.fullmatch(c))
    assert escape(verbatim) == verbatim


ORDINARY = (
    "a@exemple-ville.fr",
    "https://exemple-ville.fr/desabonnement/k:s/",
    "<lettre.1.2@envoi>",
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "position, value",
    [
        (0, "élodie@exemple-ville.fr"),  # not ASCII
        (0, "a&b@exemple-ville.fr"),  # "&" is escaped in HTML
        (1, "https://exemple-ville.fr/?a=1&b=2"),
        (1, "https://exemple-ville.fr/" + "d" * SMTP_MAX_LINE),  # a line too long for SMTP
        (2, "<lettre.1.2@envoi.société.fr>"),
    ],
)
def test_values_not_carried_as_they_are_are_left_to_the_plain_way(issue_email, position, value):
    template = MessageTemplate(issue_email)
    values = list(ORDINARY)
    values[position] = value

    assert template.render(*ORDINARY) is not None
    assert template.render(*values) is None


@pytest.mark.django_db
def test_bodies_are_encoded_after_the_substitution_within_their_line_limits(issue_email, recipient):
    issue_email.html += "<p>" + "x" * SMTP_MAX_LINE + "</p>\n"
    address, url, message_id = recipient
    long_url = url + "x" * 150

    rendered = MessageTemplate(issue_email).render(address, long_url, message_id)

    message = message_from_bytes(rendered, policy=policy.default)
    for part in message.get_body(("plain",)), message.get_body(("html",)):
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
        assert long_url in part.get_content()
        lines = part.get_payload().splitlines()
        assert max(map(len, lines)) <= QP_MAX_LINE


def new_session():
    """A database session of its own, connected as Django connects."""
    return psycopg.connect(**connection.get_connection_params(), autocommit=True)


@pytest.fixture
def worker(db):
    with new_session() as session:
        yield session


@pytest.fixture
def observer(db):
    """Another worker, or the admin, looking at the database meanwhile."""
    with new_session() as session:
        yield session


def begin(session, *statements):
    """Open a transaction, run ``statements`` in it and return its id."""
    session.execute("BEGIN")
    for statement in statements:
        session.execute(statement)
    return session.execute("SELECT pg_current_xact_id()").fetchone()[0]


def committed_within(session, transaction_id, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = session.execute("SELECT pg_xact_status(%s)", [transaction_id]).fetchone()[0]
        if status == "committed":
            return True
        time.sleep(0.01)
    return False


def assert_back_to_normal(session):
    assert session.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert session.info.pipeline_status == psycopg.pq.PipelineStatus.OFF
    assert session.execute("SELECT 1").fetchone() == (1,)


@only_postgresql
def test_a_commit_sent_without_waiting_is_committed_before_its_reply_is_read(worker, observer):
    transaction_id = begin(worker, "CREATE TEMPORARY TABLE probe (x int)")
    read_reply = send_commit(worker)
    try:
        committed = committed_within(observer, transaction_id, seconds=5)
    finally:
        read_reply()

    assert committed, (
        "a COMMIT sent in pipeline mode no longer reaches the server before its reply is read: "
        f"the sent record would be committed after the SMTP dot; {PSYCOPG_UPGRADE}"
    )
    assert_back_to_normal(worker)


SLOW_COMMIT = (
    "CREATE TEMPORARY TABLE probe (x int)",
    "CREATE FUNCTION pg_temp.slowly() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$",
    "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON probe"
    " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pg_temp.slowly()",
    "INSERT INTO probe VALUES (1)",  # the trigger runs at COMMIT, for 2 s
)


@only_postgresql
def test_sending_a_commit_does_not_wait_for_the_server(worker):
    begin(worker, *SLOW_COMMIT)
    started = time.monotonic()
    read_reply = send_commit(worker)
    seconds = time.monotonic() - started
    read_reply()

    assert seconds < 1, f"sending a COMMIT in pipeline mode waited for it; {PSYCOPG_UPGRADE}"
    assert time.monotonic() - started >= 2  # the reply was read
    assert_back_to_normal(worker)


@only_postgresql
def test_a_failed_commit_is_raised_when_its_reply_is_read(worker):
    begin(
        worker,
        "CREATE TEMPORARY TABLE probe (x int UNIQUE DEFERRABLE INITIALLY DEFERRED)",
        "INSERT INTO probe VALUES (1), (1)",  # checked at COMMIT
    )
    read_reply = send_commit(worker)

    with pytest.raises(psycopg.errors.UniqueViolation):
        read_reply()
    assert_back_to_normal(worker)

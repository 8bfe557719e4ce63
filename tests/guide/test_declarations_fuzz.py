"""Anything typed into the public declaration forms: never a server error, never unescaped HTML.

Hypothesis generates unicode, very long strings, NUL bytes and HTML; every example posts to a
step of the form, the error report or the tracking page. Rate limits are reset per example.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .declaration_helpers import IDENTIFICATION, MANAGEMENT_FIELD, VENUE, post_step, prefixed

MARKER_TAG = "<zz-fuzz>"
MARKER_ATTRIBUTE = '" zz-fuzz="'

typed_text = st.one_of(
    st.text(max_size=60),
    st.text(min_size=300, max_size=3000),
    st.builds(lambda a, b: f"{a}{MARKER_TAG}{b}", st.text(max_size=20), st.text(max_size=20)),
    st.builds(lambda a: f"{a}{MARKER_ATTRIBUTE}", st.text(max_size=20)),
    st.sampled_from(["\x00", "a\x00b", "{{ request }}", "{% debug %}", "09:00\x00", "٠٩:٣٠"]),
)
typed_values = st.one_of(typed_text, st.lists(typed_text, max_size=3))

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def ready(home_page, families, territory, make_venue):
    return make_venue()


def assert_safe(response):
    """No server error, and the markers typed in came back escaped, if at all."""
    assert response.status_code < 500
    html = response.content.decode()
    assert MARKER_TAG not in html
    assert MARKER_ATTRIBUTE not in html


def fields_of(names):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, typed_values))


@FUZZ
@given(typed=fields_of([*IDENTIFICATION, "website"]))
def test_identification_step(client, ready, typed):
    cache.clear()
    response = post_step(client, "identification", typed)
    assert_safe(response)


VENUE_FUZZED = [
    *VENUE,
    "territory",
    "opening_hours",
    "hours_note",
    "website",
    "emails",
    "pivot",
    "booking_url",
    "other_websites",
    "service_creer_items",
    "hours_su_pm_end",
]


@FUZZ
@given(typed=fields_of(VENUE_FUZZED), goto=st.sampled_from(["", "identification", "x\x00"]))
def test_venue_step(client, ready, typed, goto):
    cache.clear()
    post_step(client, "identification", IDENTIFICATION)
    response = post_step(client, "lieu", {**VENUE, **typed}, wizard_goto_step=goto)
    assert_safe(response)
    if response.status_code == 302:
        assert_safe(client.get(response["Location"]))


@FUZZ
@given(typed=fields_of(["consent", "message"]), step=typed_text)
def test_validation_step_and_management_form(client, ready, typed, step):
    cache.clear()
    post_step(client, "identification", IDENTIFICATION)
    post_step(client, "lieu", VENUE)
    response = post_step(client, "validation", typed)
    assert_safe(response)
    if response.status_code == 302:
        assert_safe(client.get(response["Location"]))
    tampered = client.post(
        reverse("declarations:step", args=["validation"]),
        {MANAGEMENT_FIELD: step, **prefixed("validation", typed)},
    )
    assert tampered.status_code < 500


@FUZZ
@given(typed=fields_of(["topic", "message", "name", "email", "website"]))
def test_error_report(client, ready, typed):
    cache.clear()
    response = client.post(reverse("declarations:report", args=[ready.pk]), typed)
    assert_safe(response)


@FUZZ
@given(code=typed_text)
def test_tracking_lookup(client, ready, code):
    cache.clear()
    response = client.get(reverse("declarations:track"), {"code": code})
    assert_safe(response)

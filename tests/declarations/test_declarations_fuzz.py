"""Anything typed into the public declaration forms: never a server error, never unescaped HTML.

Hypothesis generates unicode, very long strings, NUL bytes and HTML; every example posts to a
step of the form, the error report or the tracking page. Rate limits are reset per example.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from guide.service_levels import field_name

from ..fuzzing import FUZZ, assert_safe, fields_of, typed_text, typed_values
from .declaration_helpers import (
    IDENTIFICATION,
    MANAGEMENT_FIELD,
    VENUE,
    post_step,
    prefixed,
    services,
)


@pytest.fixture
def ready(home_page, families, territory, make_venue):
    return make_venue()


@FUZZ
@given(typed=fields_of([*IDENTIFICATION, "website"]))
def test_identification_step(client, ready, typed):
    cache.clear()
    response = post_step(client, "identification", typed)
    assert_safe(response)


LEVELS = ["", "1", "2", "3"]
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
    "hours_su_pm_end",
]


@FUZZ
@given(
    typed=fields_of(VENUE_FUZZED),
    goto=st.sampled_from(["", "identification", "x\x00"]),
    data=st.data(),
)
def test_venue_step(client, ready, typed, goto, data):
    cache.clear()
    names = [field_name(service) for service in services().values()]
    levels = data.draw(fields_of(names, st.one_of(st.sampled_from(LEVELS), typed_values)))
    post_step(client, "identification", IDENTIFICATION)
    response = post_step(client, "lieu", {**VENUE, **typed, **levels}, wizard_goto_step=goto)
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

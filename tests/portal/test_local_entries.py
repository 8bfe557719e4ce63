"""What a web process keeps of the content cache: each request decorates its own copy."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.safestring import SafeString, mark_safe

from guide.hours import PARIS
from guide.models import Territory, VenuePage
from portal.content_cache import Frozen, LocalEntries, is_immutable


@dataclass(frozen=True)
class State:
    is_open: bool
    next_change: datetime


@dataclass
class Changeable:
    names: list


def test_a_kept_model_instance_is_a_copy_for_each_request():
    entries = LocalEntries(10)
    territory = Territory(pk=7, name="Metz Borny", slug="metz-borny")
    territory._prefetched_objects_cache = {"venues": ["a"]}
    entries.set_many({"territory": territory})
    territory.name = "changed by the request that computed it"

    first = entries.get_many(["territory"])["territory"]
    first.open_state = "open at 10:00"
    first._prefetched_objects_cache["venues"] = ["changed"]
    second = entries.get_many(["territory"])["territory"]

    assert second.name == "Metz Borny"
    assert not hasattr(second, "open_state")
    assert second._prefetched_objects_cache == {"venues": ["a"]}


def test_frozen_values_are_shared_and_other_values_copied():
    entries = LocalEntries(10)
    rows = Frozen([(1, "Mo-Fr 09:00-12:00"), (2, "")])
    entries.set_many({"rows": rows, "ids": [1, 2]})

    assert entries.get_many(["rows"])["rows"] is rows
    entries.get_many(["ids"])["ids"].append(3)
    assert entries.get_many(["ids"])["ids"] == [1, 2]


def test_the_least_recently_read_entry_goes_first():
    entries = LocalEntries(2)
    entries.set_many({"a": 1, "b": 2})
    entries.get_many(["a"])
    entries.set_many({"c": 3})
    assert entries.get_many(["a", "b", "c"]) == {"a": 1, "c": 3}


def test_values_nobody_can_change_are_shared_without_a_copy():
    entries = LocalEntries(10)
    details = mark_safe("<p>Rue Pioche</p>")
    summary = (
        frozenset({1, 2}),
        ((datetime(2026, 12, 7, 9, tzinfo=PARIS), 3, State(False, None)),),
    )
    entries.set_many({"details": details, "summary": summary})
    assert entries.get_many(["details"])["details"] is details
    assert isinstance(entries.get_many(["details"])["details"], SafeString)
    assert entries.get_many(["summary"])["summary"] is summary


def test_what_holds_a_changeable_value_is_not_immutable():
    assert is_immutable(("a", 1, 2.5, None, State(True, datetime(2026, 12, 7, 12, tzinfo=PARIS))))
    assert not is_immutable(("a", ["list"]))
    assert not is_immutable(State(True, ["not a date"]))
    assert not is_immutable(Changeable(["a"]))
    assert not is_immutable(State)  # a class, not a value


def test_a_copied_instance_has_its_own_related_objects(db):
    entries = LocalEntries(10)
    territory = Territory(pk=7, name="Metz Borny", slug="metz-borny")
    venue = VenuePage(pk=3, title="Centre social Pioche", territory=territory)
    entries.set_many({"venue": venue})
    first = entries.get_many(["venue"])["venue"]
    first.territory = Territory(pk=8, name="Metz Sablon", slug="metz-sablon")
    second = entries.get_many(["venue"])["venue"]
    assert second.territory.name == "Metz Borny"
    assert second.title == "Centre social Pioche"
    assert second._state.fields_cache is not first._state.fields_cache

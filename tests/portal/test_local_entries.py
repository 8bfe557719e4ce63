"""What a web process keeps of the content cache: each request decorates its own copy."""

from guide.models import Territory
from portal.content_cache import Frozen, LocalEntries


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

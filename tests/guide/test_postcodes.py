"""The shipped postcode table and its lookup (no database, no network)."""

import csv

import pytest

from guide.geo import distance_km
from guide.postcodes import CSV_PATH, PostcodeCentroid, is_known, lookup
from guide.validators import coordinates_in_france


@pytest.mark.parametrize(
    ("postcode", "latitude", "longitude", "label"),
    [
        ("57000", 49.12, 6.18, "Metz"),
        ("33000", 44.84, -0.58, "Bordeaux"),
        ("38000", 45.19, 5.72, "Grenoble"),
    ],
)
def test_city_centres(postcode, latitude, longitude, label):
    centroid = lookup(postcode)
    assert centroid.postcode == postcode
    assert centroid.label == label
    assert distance_km(centroid.latitude, centroid.longitude, latitude, longitude) < 5


def test_spaces_are_ignored():
    assert lookup("57 000") == lookup(" 57000 ") == lookup("57000")
    assert is_known("57 000")


def test_shared_postcode_is_the_mean_of_its_communes():
    # 57050 covers Metz and several neighbouring communes, so it lies off Metz's town hall.
    shared, metz = lookup("57050"), lookup("57000")
    assert shared.label.startswith("Metz, ")
    assert 0 < distance_km(shared.latitude, shared.longitude, metz.latitude, metz.longitude) < 5


def test_paris_districts_have_their_own_position():
    first, sixteenth = lookup("75001"), lookup("75116")
    assert first.label == "Paris 1er Arrondissement"
    assert distance_km(first.latitude, first.longitude, sixteenth.latitude, sixteenth.longitude) > 3


@pytest.mark.parametrize("postcode", ["ABCDE", "99999", "", "5700", "570000", "57-000", None])
def test_malformed_or_unknown(postcode):
    assert lookup(postcode) is None
    assert not is_known(postcode)


def test_result_is_immutable():
    with pytest.raises(AttributeError):
        lookup("57000").latitude = 0


def test_every_row_is_a_french_postcode_in_france():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["postcode", "latitude", "longitude", "label"]
        rows = list(reader)
    postcodes = [row["postcode"] for row in rows]
    assert len(rows) > 6000  # metropolitan France and the overseas departments
    assert postcodes == sorted(set(postcodes))
    for row in rows:
        assert len(row["postcode"]) == 5 and row["postcode"].isdigit(), row
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
        assert coordinates_in_france(latitude, longitude), row
        assert row["label"], row
    for department in ("33", "38", "54", "55", "57", "67", "68", "88", "971", "974"):
        assert any(code.startswith(department) for code in postcodes), department


def test_lookup_returns_dataclass():
    assert isinstance(lookup("67000"), PostcodeCentroid)

"""French postcode -> approximate position, from a table shipped with the code.

Residents type a postcode to get places sorted nearest first. We resolve it from
guide/data/postcodes.csv (see guide/data/README.md) rather than calling a geocoding service:
no network call at run time, nothing about the visitor's search leaves our server (RGPD), and
the search keeps working when a third-party service is down. A postcode's position is the mean
of its communes' centres: good enough to rank places in a city, not to give directions.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CSV_PATH = Path(__file__).parent / "data" / "postcodes.csv"
POSTCODE = re.compile(r"[0-9]{5}")


@dataclass(frozen=True)
class PostcodeCentroid:
    postcode: str
    latitude: float
    longitude: float
    label: str


@cache
def _table():
    """The whole CSV, read once on first use (about 6,000 rows)."""
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return {
            row["postcode"]: PostcodeCentroid(
                row["postcode"], float(row["latitude"]), float(row["longitude"]), row["label"]
            )
            for row in csv.DictReader(handle)
        }


def normalize(postcode):
    """'57 000' -> '57000'; None when it is not five digits."""
    value = re.sub(r"\s", "", postcode or "")
    return value if POSTCODE.fullmatch(value) else None


def lookup(postcode: str) -> PostcodeCentroid | None:
    """The centroid of a French postcode, or None if malformed or unknown."""
    value = normalize(postcode)
    return _table().get(value) if value else None


def is_known(postcode: str) -> bool:
    return lookup(postcode) is not None

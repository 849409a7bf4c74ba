#!/usr/bin/env python3
"""Builds data/kb/country_centroids.tsv from data/geo/countries-110m.tsv.

Each country's centroid is the area centroid of its largest ring (the mainland:
metropolitan France without French Guiana, the contiguous United States, Great
Britain), computed on the plane with longitudes scaled by the cosine of the ring's
mean latitude. When that point falls outside the ring (a crescent-shaped country),
the ring's vertex nearest to it is taken instead, so the point is always on land.
Outline names are mapped to the ISO 3166-1 alpha-2 codes of data/kb/places.tsv
through the country names and aliases there, plus the NAMES table below for Natural
Earth's abbreviated names; Northern Cyprus and Somaliland (no ISO code) are left out.

Output: `country<TAB>lat<TAB>lon<TAB>outline name`, sorted by code, rounded to 0.01.
Only the standard library is used; the same input gives the same bytes.
Usage: python3 data/geo/make_centroids.py > data/kb/country_centroids.tsv
"""

import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Natural Earth short names -> names used in data/kb/places.tsv.
NAMES = {
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Central African Rep.": "Central African Republic",
    "Dem. Rep. Congo": "Democratic Republic of the Congo",
    "Dominican Rep.": "Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "Falkland Is.": "Falkland Islands",
    "Fr. S. Antarctic Lands": "French Southern Territories",
    "S. Sudan": "South Sudan",
    "Solomon Is.": "Solomon Islands",
    "W. Sahara": "Western Sahara",
}
NO_ISO_CODE = {"N. Cyprus", "Somaliland"}


def country_codes():
    codes = {}
    for line in (ROOT / "data/kb/places.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) > 7 and fields[7] == "country":
            for name in [fields[1]] + [a for a in fields[6].split("|") if a]:
                codes.setdefault(name.lower(), fields[3])
    return codes


def rings(path):
    """The rings of an SVG path of `M x,y x,y … Z` commands, as (lon, lat) lists."""
    out = []
    for part in path.split("M")[1:]:
        points = []
        for pair in part.replace("Z", " ").replace("L", " ").split():
            x, y = pair.split(",")
            points.append((float(x), -float(y)))
        if len(points) >= 3:
            out.append(points)
    return out


def area_and_centroid(ring):
    """Shoelace area and centroid on a plane with x scaled by cos(mean latitude)."""
    scale = math.cos(math.radians(sum(lat for _, lat in ring) / len(ring)))
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        x0s, x1s = x0 * scale, x1 * scale
        cross = x0s * y1 - x1s * y0
        area += cross
        cx += (x0s + x1s) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    if area == 0.0:
        return 0.0, ring[0]
    return abs(area), (cx / (6.0 * area) / scale, cy / (6.0 * area))


def inside(point, ring):
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def main():
    codes = country_codes()
    rows = {}
    outlines = ROOT / "data/geo/countries-110m.tsv"
    for line in outlines.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, path = line.split("\t")
        if name in NO_ISO_CODE:
            continue
        code = codes.get(NAMES.get(name, name).lower())
        if code is None:
            raise SystemExit(f"no ISO code for outline {name!r}: add it to NAMES")
        ring = max(rings(path), key=lambda r: area_and_centroid(r)[0])
        _, point = area_and_centroid(ring)
        if not inside(point, ring):
            point = min(ring, key=lambda p: (p[0] - point[0]) ** 2 + (p[1] - point[1]) ** 2)
        rows[code] = (point[1], point[0], name)
    print("# country\tlat\tlon\toutline")
    print("# Centroid of each country's largest Natural Earth 1:110m outline (public domain,")
    print("# via npm world-atlas 2.0.2); made by data/geo/make_centroids.py, see data/SOURCES.md.")
    for code in sorted(rows):
        lat, lon, name = rows[code]
        print(f"{code}\t{lat:.2f}\t{lon:.2f}\t{name}")


if __name__ == "__main__":
    main()

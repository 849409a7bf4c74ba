"""Builds data/geo/countries-110m.tsv from Natural Earth 1:110m country outlines.

Input: `countries-110m.json` of the npm package world-atlas 2.0.2 (TopoJSON of
Natural Earth 4.1.0 Admin 0 countries). Output: one line per country,
`name<TAB>SVG path`, with x = longitude and y = -latitude in degrees rounded
to 0.01, rings closed with `Z`. Countries are sorted by name, so the same
input always gives the same bytes.

Run through `just geo`, which fetches the package with `npm pack`.
"""

import json
import sys


def decode_arcs(topology):
    """Absolute (lon, lat) points of every arc (TopoJSON delta-encoded, quantized)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    """Stitches a ring's arcs (index ~i means arc i reversed), dropping shared ends."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def split_at_antimeridian(points):
    """Rings that run along the antimeridian (Fiji, Russia) jump from 180 to
    -180 longitude; drawn flat, the jump would cross the whole map. Such a
    ring is cut at its jumps into pieces closed along the meridian. A ring
    with one jump goes round the pole (Antarctica): it is closed along the
    bottom edge of the map instead."""
    n = len(points)
    jumps = [i for i in range(n) if abs(points[i][0] - points[(i + 1) % n][0]) > 180]
    if not jumps:
        return [points]
    if len(jumps) == 1:
        start = jumps[0] + 1
        ring = points[start:] + points[:start]
        return [ring + [(ring[-1][0], -90.0), (ring[0][0], -90.0)]]
    pieces = []
    for a, b in zip(jumps, jumps[1:] + [jumps[0] + n]):
        pieces.append([points[i % n] for i in range(a + 1, b + 1)])
    return pieces


def ring_path(points):
    coords = []
    for lon, lat in points:
        pair = f"{lon:.2f},{-lat + 0.0:.2f}".replace("-0.00", "0.00")
        if not coords or coords[-1] != pair:
            coords.append(pair)
    if len(coords) > 1 and coords[0] == coords[-1]:
        coords.pop()
    if len(coords) < 3:
        return ""
    return "M" + coords[0] + " " + " ".join(coords[1:]) + "Z"


def main(source, target):
    with open(source, encoding="utf-8") as f:
        topology = json.load(f)
    arcs = decode_arcs(topology)
    lines = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        path = "".join(
            ring_path(piece)
            for polygon in polygons
            for ring in polygon
            for piece in split_at_antimeridian(ring_points(ring, arcs))
        )
        if path:
            lines.append(f"{name}\t{path}")
    lines.sort()
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Natural Earth 1:110m country outlines (public domain) via npm world-atlas 2.0.2;\n")
        f.write("# name<TAB>SVG path, x = longitude, y = -latitude; made by data/geo/make_outlines.py\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

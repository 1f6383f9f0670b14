"""Build static/countries-110m.geojson from the npm ``world-atlas`` tarball.

Usage: python scripts/build_basemap.py world-atlas-X.Y.Z.tgz [out.geojson]
(get the tarball with ``cd "$(mktemp -d)" && npm pack world-atlas``).

Converts the Natural Earth 110m countries TopoJSON to GeoJSON with the
standard library only: arcs are delta-decoded and un-quantized, longitudes
are unwrapped so no ring jumps across the antimeridian, Antarctica is dropped
and coordinates are rounded to 3 decimals.
"""

import json
import sys
import tarfile
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
DEFAULT_OUT = STATIC / "countries-110m.geojson"
DROP = {"Antarctica"}


def decode_arcs(topo: dict) -> list[list[list[float]]]:
    """Delta-decode quantized arcs and apply the transform."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list) -> list[list[float]]:
    """Stitch arcs into a ring (~i means arc i reversed), unwrapping longitudes."""
    points: list[list[float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    out = [list(points[0])]
    for lon, lat in points[1:]:
        lon += 360 * round((out[-1][0] - lon) / 360)  # nearest copy to previous point
        out.append([lon, lat])
    if min(p[0] for p in out) < -180:  # keep everything within [-180, 540)
        out = [[lon + 360, lat] for lon, lat in out]
    return [[round(lon, 3), round(lat, 3)] for lon, lat in out]


def convert(topo: dict) -> dict:
    """Return a GeoJSON FeatureCollection of the ``countries`` object."""
    arcs = decode_arcs(topo)
    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        if name in DROP:
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        coords = [[ring(r, arcs) for r in poly] for poly in polys]
        geometry = (
            {"type": "Polygon", "coordinates": coords[0]}
            if geom["type"] == "Polygon"
            else {"type": "MultiPolygon", "coordinates": coords}
        )
        props = {"id": geom.get("id"), "name": name}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> None:
    """Read the tarball, write the GeoJSON and print a summary."""
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    out = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUT
    with tarfile.open(argv[1]) as tar:
        topo = json.load(tar.extractfile("package/countries-110m.json"))
        version = json.load(tar.extractfile("package/package.json"))["version"]
    fc = convert(topo)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
    n, size = len(fc["features"]), out.stat().st_size
    print(f"world-atlas {version}: {n} countries -> {out} ({size} bytes)")


if __name__ == "__main__":
    main(sys.argv)

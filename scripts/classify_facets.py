"""Adds our classification to the shipped tables: meetings.topics and focus_region, organizations.region.

    python scripts/classify_facets.py [DATA_DIR]      # default: data/

The rule is in data/README.md ("Topics and regions"). Topics and focus regions are read by hand from each
meeting's title, theme and notes (what its sources say) and written below, one line per meeting. An
organization's region is computed: ``global`` for an international organization; else the members
(ISO 3166-1 alpha-3, below, or the membership columns of country-converter's table) are mapped to UN M49
areas with country-converter's country table, and the result is, for each M49 region the members are in,
the smallest M49 area holding all of that region's members. A child organization (parent_id) has its
parent's members. Only the three columns are added or rewritten: every other byte of the CSVs stays as it
is. The script stops, naming the row, if a meeting or an organization has no classification here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import country_converter
import pandas as pd

from ctc_dashboard.contract.schema import GLOBAL, M49_AREAS, TOPICS, VISIT, area_ancestors

ROOT = Path(__file__).resolve().parent.parent

GS, COOP, CAP, REG = ("global standards and implementation", "cooperation among organizations",
                      "capacity building and technical assistance", "regional implementation")
FIN, FTF, BORDER, AVI = ("terrorist financing", "foreign terrorist fighters", "border security and movement",
                         "aviation and maritime security")
NET, ARMS, NARR, HR = ("internet and new technologies", "weapons", "terrorist narratives and violent extremism",
                       "human rights, gender and civil society")
JUST, CRIME = "criminal justice and law enforcement", "terrorism and organized crime"

# meeting_id -> (topics, focus_region). An empty topic list needs a reason in NO_TOPIC.
MEETINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "SM-2003-NY": ((GS, COOP, CAP), ()),
    "SM-2003-WAS": ((COOP, CAP, GS), ()),
    "SM-2004-VIE": ((ARMS, CRIME, FIN, GS, BORDER, COOP), ()),
    "SM-2005-ALA": ((FIN, ARMS, BORDER, COOP), ()),
    "SM-2007-NBO": ((BORDER,), ()),
    "SM-2011-STR": ((NARR, JUST), ()),
    "SM-2011-NY-09": ((GS,), ()),
    "SM-2012-NY-11": ((FIN,), ()),
    "SM-2013-NY-05": ((NET, FIN), ()),
    "SM-2013-NY-09": ((REG, CAP, COOP), ("Sub-Saharan Africa",)),
    "OB-2014-NY-04": ((BORDER, NARR), ()),
    "OB-2014-NY-09": ((NARR, REG), ("Africa",)),
    "SM-2015-MAD": ((FTF,), ()),
    "OB-2015-NY-09": ((HR, NARR), ()),
    "OB-2015-NY-11": ((FTF,), ()),
    "SM-2015-NY-12": ((NET, NARR, HR), ()),
    "OB-2016-NY-04": ((FIN,), ()),
    "OB-2016-NY-07": ((FTF,), ()),
    "SM-2016-NY-11": ((NET, HR), ()),
    "JSM-2016-NY-12": ((FIN,), ()),
    "OB-2017-NY-03": ((FTF, REG), ("Europe",)),
    "OB-2017-NY-05": ((ARMS,), ()),
    "SM-2017-NY-06": ((JUST,), ()),
    "OB-2017-NY-06a": ((REG,), ("Northern Africa",)),
    "OB-2017-NY-06b": ((REG,), ("Sub-Saharan Africa",)),
    "SM-2017-NY-07": ((AVI,), ()),
    "OB-2017-NY-10": ((GS,), ()),
    "OB-2017-NY-11": ((FTF, NARR), ()),
    "OB-2018-NY-05": ((NARR, NET), ()),
    "OB-2018-NY-07": ((REG,), ("Central Asia",)),
    "OB-2018-NY-10": ((CRIME,), ()),
    "OB-2018-NY-11": ((FTF,), ()),
    "SM-2018-NY-12": ((FTF,), ()),
    "OB-2019-NY-02": ((FTF,), ()),
    "JSM-2019-NY-04": ((CRIME,), ()),
    "OB-2019-NY-11": ((HR,), ()),
    "OB-2020-NY-01": ((NARR, NET), ()),
    "OB-2020-NY-08": ((GS,), ()),
    "OB-2020-NY-12": ((REG,), ("Latin America and the Caribbean",)),
    "OB-2021-NY-09": ((GS,), ()),
    "SM-2021-NY-11": ((GS,), ()),
    "JSM-2021-NY-11": ((FIN,), ()),
    "OB-2022-NY-02": ((REG,), ("Southern Asia", "South-eastern Asia")),
    "OB-2022-NY-03": ((NARR, NET), ()),
    "OB-2022-NY-04": ((REG,), ("Africa",)),
    "SM-2022-DEL": ((NET, FIN), ()),
    "OB-2022-NY-12": ((NET,), ()),
    "OB-2022-NY-12b": ((REG,), ("Central Asia",)),
    "OB-2023-NY-08": ((BORDER,), ()),
    "OB-2023-NY-10": ((NARR, NET), ()),
    "OB-2024-NY-02": ((REG,), ("Europe",)),
    "OB-2024-NY-04": ((NARR,), ()),
    "OB-2025-NY-10": ((GS,), ()),
}
NO_TOPIC: dict[str, str] = {}  # meeting_id -> why it has no topic (none now: OB-2014-NY-04's theme was found)
# Country visits (meeting_type "country visit") are classified by one rule, not listed above: every visit
# assesses the visited State's implementation of resolution 1373 (2001) and the later resolutions, so its topic
# is "global standards and implementation"; its focus region is the smallest M49 area holding the visited
# State(s) (visited_states), computed like an organization's region.
VISIT_TOPICS = (GS,)

# Members of the regional and subregional organizations (current membership), ISO 3166-1 alpha-3,
# or "coco:COLUMN" for a membership column of country-converter's table.
MEMBERS: dict[str, str | tuple[str, ...]] = {
    "OAS": ("ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL", "CRI", "CUB", "DMA", "DOM", "ECU",
            "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT",
            "SUR", "TTO", "USA", "URY", "VEN"),
    "OSCE": ("ALB", "AND", "ARM", "AUT", "AZE", "BLR", "BEL", "BIH", "BGR", "CAN", "HRV", "CYP", "CZE", "DNK", "EST",
             "FIN", "FRA", "GEO", "DEU", "GRC", "VAT", "HUN", "ISL", "IRL", "ITA", "KAZ", "KGZ", "LVA", "LIE", "LTU",
             "LUX", "MLT", "MDA", "MCO", "MNG", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "RUS", "SMR", "SRB",
             "SVK", "SVN", "ESP", "SWE", "CHE", "TJK", "TUR", "TKM", "UKR", "GBR", "USA", "UZB"),
    "CIS": ("ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UZB"),
    "ASEAN": ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"),
    "LAS": ("DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSE", "QAT",
            "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM"),
    "NATO": ("ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL", "ITA",
             "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR",
             "GBR", "USA"),
    "EU": "coco:EU27",
    "COE": "coco:CoE",
    "CARICOM-IMPACS": ("ATG", "BHS", "BRB", "BLZ", "DMA", "GRD", "GUY", "HTI", "JAM", "MSR", "KNA", "LCA", "VCT",
                       "SUR", "TTO"),
    "MENAFATF": ("DZA", "BHR", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSE", "QAT",
                 "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM"),
}
# Sources of the region column, kept beside the GeoNames row (the other package-made column).
SOURCES = [
    {"source_id": "un-m49", "title": "Standard country or area codes for statistical use (M49)",
     "publisher": "United Nations Statistics Division", "published": "",
     "url": "https://unstats.un.org/unsd/methodology/m49/", "reliability": "official"},
    {"source_id": "country-converter", "title": "country_converter 1.3.2 Python package: country table with UN M49 "
     "regions", "publisher": "IndEcol", "published": "", "url": "https://github.com/IndEcol/country_converter",
     "reliability": "secondary"},
]
# Not a membership: a group of nine FATF-style regional bodies that between them cover every region.
GLOBAL_GROUPS = {"FSRB"}
# Regional and subregional organizations whose members no source used here lists: region left empty (the
# Region filter does not find them), with the reason. Named at country visits (data/README.md).
REGION_NOT_COMPUTED = {oid: "members not sourced" for oid in (
    "EAG", "APG", "GIABA", "ESAAMLG", "GABAC", "ADB", "AU", "ACSRT", "ECOWAS")}


def country_table() -> pd.DataFrame:
    """country-converter's table, read as text (its own reader trips on pandas 3 over Namibia's code 'NA')."""
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)


def m49_area_of(members: list[str], countries: pd.DataFrame) -> list[str]:
    """Per M49 region the members are in, the smallest M49 area holding all of them, in vocabulary order."""
    sub = countries.set_index("ISO3")["UNregion"]
    missing = [c for c in members if c not in sub.index or not sub[c]]
    if missing:
        raise SystemExit(f"no M49 area for {missing} in country-converter's table")
    chains = [area_ancestors(sub[c])[::-1] for c in members]  # outermost first
    out = []
    for region in dict.fromkeys(chain[0] for chain in chains):
        group = [chain for chain in chains if chain[0] == region]
        common = region
        for depth in range(1, max(len(c) for c in group)):
            level = {c[depth] if len(c) > depth else None for c in group}
            if len(level) != 1 or None in level:
                break
            common = level.pop()
        out.append(common)
    order = list(M49_AREAS)
    return sorted(out, key=order.index)


def members_of(org_id: str, countries: pd.DataFrame) -> list[str]:
    spec = MEMBERS[org_id]
    if isinstance(spec, str):
        column = spec.removeprefix("coco:")
        return countries.loc[countries[column].str.strip() != "", "ISO3"].tolist()
    return list(spec)


def org_regions(orgs: pd.DataFrame, countries: pd.DataFrame) -> dict[str, str]:
    parent = dict(zip(orgs["org_id"], orgs["parent_id"], strict=True))
    out = {}
    for org_id, kind in zip(orgs["org_id"], orgs["kind"], strict=True):
        root = org_id
        while root not in MEMBERS and parent.get(root):
            root = parent[root]
        if kind == "international" or org_id in GLOBAL_GROUPS:
            out[org_id] = GLOBAL
        elif root in MEMBERS:
            out[org_id] = ";".join(m49_area_of(members_of(root, countries), countries))
        elif root in REGION_NOT_COMPUTED:
            out[org_id] = ""
        else:
            raise SystemExit(f"organizations.csv: {org_id} ({kind}) has no members here: add them to MEMBERS")
    return out


def with_column(df: pd.DataFrame, name: str, values: pd.Series, after: str) -> pd.DataFrame:
    """Add or overwrite one column, placed after ``after`` when new."""
    df = df.copy()
    if name in df.columns:
        df[name] = values
        return df
    df.insert(df.columns.get_loc(after) + 1, name, values)
    return df


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else ROOT / "data"
    read = lambda name: pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    meetings, orgs = read("meetings"), read("organizations")
    unknown = [t for ts, _ in MEETINGS.values() for t in ts if t not in TOPICS]
    if unknown:
        raise SystemExit(f"terms not in the vocabulary: {sorted(set(unknown))}")
    visit = meetings["meeting_type"] == VISIT
    countries = country_table()
    for mid, states in zip(meetings.loc[visit, "meeting_id"], meetings.loc[visit, "visited_states"], strict=True):
        MEETINGS[mid] = (VISIT_TOPICS, tuple(m49_area_of(states.split(";"), countries)))
    missing = [m for m in meetings["meeting_id"] if m not in MEETINGS]
    if missing:
        raise SystemExit(f"meetings.csv: no classification for {missing}: add them to MEETINGS")
    empty = [m for m in meetings["meeting_id"] if not MEETINGS[m][0] and m not in NO_TOPIC]
    if empty:
        raise SystemExit(f"meetings.csv: no topic and no reason for {empty}")
    order = list(TOPICS)
    topics = meetings["meeting_id"].map(lambda m: ";".join(sorted(MEETINGS[m][0], key=order.index)))
    focus = meetings["meeting_id"].map(lambda m: ";".join(MEETINGS[m][1]))
    meetings = with_column(meetings, "topics", topics, after="theme")
    meetings = with_column(meetings, "focus_region", focus, after="topics")
    regions = org_regions(orgs, countries)
    orgs = with_column(orgs, "region", orgs["org_id"].map(regions), after="kind")
    sources = read("sources")
    new = pd.DataFrame([r for r in SOURCES if r["source_id"] not in set(sources["source_id"])],
                       columns=sources.columns).fillna("")
    if not new.empty:
        at = int((sources["source_id"] == "geonames").idxmax()) + 1 if "geonames" in set(sources["source_id"]) else 0
        sources = pd.concat([sources.iloc[:at], new, sources.iloc[at:]], ignore_index=True)
        sources.to_csv(data / "sources.csv", index=False)
    meetings.to_csv(data / "meetings.csv", index=False)
    orgs.to_csv(data / "organizations.csv", index=False)
    print(f"{len(meetings)} meetings, {len(orgs)} organizations classified in {data}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

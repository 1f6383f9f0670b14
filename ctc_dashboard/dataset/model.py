"""The Dataset and its invariant: every contract column of every table is present, typed as the schema says.

The invariant is checked where a Dataset is made (``__post_init__``, so ``dataclasses.replace``
checks it too): code that reads a Dataset never asks whether a contract column exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..contract.schema import TABLES, Table
from .arrow import split_id_lists


@dataclass(frozen=True)
class Dataset:
    meetings: pd.DataFrame
    organizations: pd.DataFrame
    participation: pd.DataFrame
    sources: pd.DataFrame
    reported_figures: pd.DataFrame
    # Further places of meetings held in more than one city (optional table; empty when absent).
    places: pd.DataFrame = None  # type: ignore[assignment]  # filled with an empty table in __post_init__
    label: str = "data"
    version: str = ""
    has_reported_figures: bool = True
    has_places: bool = False
    # What reading had to tell the user without it being a problem (e.g. a workbook's formulas taken as values).
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.places is None:
            object.__setattr__(self, "places", empty_table("places"))
        missing = [f"{name}.{c}" for name, t in TABLES.items() for c in t.columns
                   if c not in self.table(name).columns]
        if missing:
            raise ValueError("a Dataset holds every contract column; missing: " + ", ".join(missing))

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def has(self, name: str) -> bool:
        """Whether the data holds this table: a required one always, an optional one when it was given."""
        return {"reported_figures": self.has_reported_figures, "places": self.has_places}.get(name, True)

    def counts(self) -> dict[str, int]:
        """Rows per table the data holds (an optional table it lacks is left out)."""
        return {name: len(self.table(name)) for name in TABLES if self.has(name)}

    @cached_property
    def source_links(self) -> dict[str, pd.Series]:
        """source_id cited by each row (row label -> id), split once per dataset, for cheap filtering."""
        out = {}
        for name in ("meetings", "organizations", "participation"):
            out[name] = split_id_lists(self.table(name)["source_ids"])
        out["reported_figures"] = self.reported_figures["source_id"].dropna()
        return out



def typed(t: Table, df: pd.DataFrame) -> pd.DataFrame:
    """Strings -> the schema's dtypes; columns in contract order, extra columns (text) after."""
    out = {}
    for col in df.columns:
        s = df[col]
        f = next((x for x in t.fields if x.name == col), None)
        kind = f.type if f else "text"
        if kind == "date":
            # One resolution whatever the content (an empty or all-blank column would parse to [s]).
            s = pd.to_datetime(s.str.strip(), format="%Y-%m-%d").astype("datetime64[us]")
        elif kind == "number":
            s = pd.to_numeric(s.str.strip()).astype("float64")
        elif kind == "integer":
            s = pd.to_numeric(s.str.strip()).astype("Int64")
        elif kind == "boolean":
            s = s.str.strip().str.lower().map({"true": True, "false": False}).astype("boolean")
        elif kind == "enum":
            s = s.astype(pd.CategoricalDtype(list(f.enum)))
        elif kind in ("id", "ids", "url", "terms"):
            s = s.str.strip().astype("str")
        else:
            s = s.astype("str")
        out[col] = s
    ordered = [c for c in t.columns if c in out] + [c for c in df.columns if c not in t.columns]
    return pd.DataFrame(out, index=df.index)[ordered]


def empty_table(name: str) -> pd.DataFrame:
    """A table with no rows and every contract column, typed."""
    t = TABLES[name]
    return typed(t, pd.DataFrame({c: pd.Series([], dtype="str") for c in t.columns}))




def with_contract_columns(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A typed table with every contract column: those it lacks are added empty (= unknown), typed.

    Contract columns come first, in the schema's order, then any extra columns.
    """
    t = TABLES[name]
    missing = [c for c in t.columns if c not in df.columns]
    if missing:
        empty = empty_table(name)
        df = df.assign(**{c: empty[c].reindex(df.index) for c in missing})
    return df[t.columns + [c for c in df.columns if c not in t.columns]]

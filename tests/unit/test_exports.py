"""Downloads: spreadsheet CSVs are defused, data package ZIPs load back to the same tables."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pandas as pd
import pytest

from ctc_dashboard import Dataset, load_files
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.dataset.archive import read_zip
from ctc_dashboard.derive.exports import contract_csv, data_package_zip, file_name, neutralize, spreadsheet_csv
from ctc_dashboard.derive.filters import Filters, apply, default_filters
from ctc_dashboard.derive.view import View, from_query

NAMES = list(TABLES)


def _cells(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_same(a: Dataset, b: Dataset) -> None:
    for name in NAMES:
        pd.testing.assert_frame_equal(a.table(name).reset_index(drop=True), b.table(name).reset_index(drop=True),
                                      obj=name)
    assert a.has_reported_figures == b.has_reported_figures and a.has_places == b.has_places


def roundtrip(ds: Dataset, filters: Filters | None) -> Dataset:
    """The full data ``ds`` through a data package of the view ``filters`` (None: all of it) and back."""
    return load_files(read_zip(data_package_zip(ds if filters is None else View(ds, filters))), label="download.zip")


# ---------------------------------------------------------------- neutralize / spreadsheet CSV

DANGEROUS = ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", "=HYPERLINK(\"http://x\")"]
SAFE = ["plain", "a=b", "1-2", "", "'already", " =leading space"]


def test_neutralize_prefixes_dangerous_text_cells():
    df = pd.DataFrame({"text": pd.Series(DANGEROUS + SAFE + [None], dtype="str"),
                       "longitude": [-74.006] * (len(DANGEROUS) + len(SAFE) + 1)})
    out = neutralize(df)
    values = out["text"].tolist()
    assert values[: len(DANGEROUS)] == ["'" + v for v in DANGEROUS]
    assert values[len(DANGEROUS): -1] == SAFE
    assert pd.isna(values[-1])
    assert out["longitude"].dtype == "float64"
    assert (out["longitude"] == -74.006).all()
    assert df["text"].tolist()[0] == "=1+1", "the input frame must not be changed"


def test_neutralize_types():
    df = pd.DataFrame({
        "cat": pd.Categorical(["-x", "ok", None]),
        "obj": pd.Series([-5, "-5", None], dtype=object),
        "int": pd.array([-1, None, 3], dtype="Int64"),
        "date": pd.to_datetime(["2003-03-06", None, "2019-04-26"]),
        "flag": pd.array([True, None, False], dtype="boolean"),
    })
    out = neutralize(df)
    assert out["cat"].tolist()[:2] == ["'-x", "ok"] and pd.isna(out["cat"].tolist()[2])
    assert out["obj"].tolist()[:2] == [-5, "'-5"]
    assert str(out["int"].dtype) == "Int64" and out["int"].tolist()[0] == -1
    assert pd.api.types.is_datetime64_any_dtype(out["date"])
    assert str(out["flag"].dtype) == "boolean"


def test_neutralize_column_names():
    out = neutralize(pd.DataFrame({"=cmd()": ["x"], "ok": ["y"]}))
    assert list(out.columns) == ["'=cmd()", "ok"]


def test_spreadsheet_csv(small):
    m = small.meetings.copy()
    m.loc[0, "notes"] = "=WEBSERVICE(\"http://evil\")"
    m.loc[1, "title"] = "-Dash title"
    data = spreadsheet_csv(m)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _cells(data)
    header = rows[0]
    assert header[0] == "meeting_id"  # BOM is not part of the first column name
    first = dict(zip(header, rows[1], strict=True))
    assert first["notes"] == "'=WEBSERVICE(\"http://evil\")"
    assert first["longitude"] == "-74.006"  # a number, not "'-74.006"
    assert first["start_date"] == "2003-03-06"
    assert first["end_date"] == ""  # unknown stays empty
    assert first["states_reported"] == ""
    assert first["organizations_reported"] == "5"
    assert dict(zip(header, rows[2], strict=True))["title"] == "'-Dash title"
    assert "Communiqué" in data.decode("utf-8-sig")


def test_spreadsheet_csv_with_carriage_return_keeps_rows(small):
    m = small.meetings.copy()
    m.loc[0, "notes"] = "\rsecret"
    m.loc[1, "notes"] = "old\rmac\rline"
    rows = _cells(spreadsheet_csv(m))
    assert len(rows) == 5
    assert rows[1][m.columns.get_loc("notes")] == "'\rsecret"
    assert rows[2][m.columns.get_loc("notes")] == "old\rmac\rline"


def test_contract_csv_is_exact(small):
    o = small.organizations.copy()
    o.loc[0, "name"] = "=not a formula here"
    rows = _cells(contract_csv(o))
    assert not contract_csv(o).startswith(b"\xef\xbb\xbf")
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["name"] == "=not a formula here"
    assert first["un_system"] == "true"
    assert dict(zip(rows[0], rows[5], strict=True))["un_system"] == ""
    assert first["founded"] == "2001"


# ---------------------------------------------------------------- data package ZIP

def test_zip_of_fixture_loads_back_identically(small):
    back = roundtrip(small, None)
    assert_same(back, small)
    assert back.meetings["extra_col"].tolist()[0] == "x1"
    assert back.organizations.loc[4, "name"] == "Délta Subregional Group"
    assert pd.isna(back.meetings.loc[0, "end_date"])


def test_zip_contents_and_manifest(small):
    data = data_package_zip(small)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        desc = json.loads(zf.read("datapackage.json"))
    assert names == {f"{n}.csv" for n in NAMES if small.has(n)} | {"datapackage.json", "manifest.json"}
    assert manifest["filters"] == [] and manifest["filtered"] is False
    assert manifest["rows"] == small.counts()
    assert manifest["data_version"] == small.version and small.version
    meetings = next(r for r in desc["resources"] if r["name"] == "meetings")
    assert "extra_col" in [f["name"] for f in meetings["schema"]["fields"]]
    # The descriptor lists exactly the loaded columns (optional ones a folder leaves out are loaded empty).
    assert [f["name"] for f in meetings["schema"]["fields"]] == list(small.meetings.columns)


def test_zip_of_odd_values_loads_back_identically(folder):
    folder.set_cell("meetings.csv", 2, "notes", "line one\nline two, \"quoted\"\r\nline three\rold mac")
    folder.set_cell("meetings.csv", 3, "venue", "NA")
    folder.set_cell("meetings.csv", 3, "notes", "old\rmac")  # a lone CR must be quoted on writing
    folder.set_cell("meetings.csv", 3, "theme", "=1+1")
    folder.set_cell("meetings.csv", 4, "title", "  padded  ")
    folder.set_cell("meetings.csv", 4, "latitude", "0.000001")
    folder.set_cell("meetings.csv", 5, "longitude", "-179.99999999999997")
    folder.set_cell("meetings.csv", 5, "extra_col", "null")
    folder.set_cell("organizations.csv", 6, "name", "Группа «Дельта» — 東京 🙂")
    folder.set_cell("organizations.csv", 3, "un_system", "FALSE")
    ds = folder.load()
    back = roundtrip(ds, None)
    assert_same(back, ds)
    assert back.meetings.loc[0, "notes"] == "line one\nline two, \"quoted\"\r\nline three\rold mac"
    assert back.meetings.loc[2, "title"] == "  padded  "
    assert back.meetings.loc[1, "notes"] == "old\rmac"


def test_zip_without_reported_figures(folder):
    folder.delete("reported_figures.csv")
    ds = folder.load()
    data = data_package_zip(ds)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "reported_figures.csv" not in zf.namelist()
        assert "reported_figures" not in json.loads(zf.read("manifest.json"))["rows"]
    back = roundtrip(ds, None)
    assert not back.has_reported_figures
    assert_same(back, ds)


def test_filtered_zip_is_valid_and_has_exactly_the_filtered_rows(small):
    f = Filters(organizations=("ORGC",))
    view = apply(small, f)
    assert sorted(view.meetings["meeting_id"]) == ["M1", "M2"]
    back = roundtrip(small, f)  # load_files validates: every reference resolves
    assert_same(back, view)
    assert back.counts() == view.counts()
    with zipfile.ZipFile(io.BytesIO(data_package_zip(View(small, f)))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["filtered"] is True
    assert manifest["filters"] == ["organizations ORGC"]
    assert manifest["rows"] == view.counts()
    assert manifest["data_version"] == small.version


@pytest.mark.parametrize("f", [
    Filters(kinds=("subregional",)),
    Filters(roles=("invited",)),
    Filters(years=(2016, 2019), meeting_types=("open briefing",)),
    Filters(years=(1990, 1991)),
], ids=["subregional", "invited", "briefing", "empty"])
def test_every_filtered_zip_loads_back(small, f):
    view = apply(small, f)
    back = roundtrip(small, f)
    assert_same(back, view)


def test_default_view_zip_loads_back(small):
    f = default_filters(small)
    view = apply(small, f)
    assert_same(roundtrip(small, f), view)


def test_zip_of_loaded_zip_is_stable(small):
    once = data_package_zip(small)
    again = data_package_zip(load_files(read_zip(once)))
    with zipfile.ZipFile(io.BytesIO(once)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
        assert a.namelist() == b.namelist()
        for name in (f"{n}.csv" for n in NAMES if small.has(n)):
            assert a.read(name) == b.read(name)


# ---------------------------------------------------------------- file names

def test_file_name_says_the_filters(small):
    assert file_name("meetings", small) == "ctc-meetings_all.csv"
    name = file_name("data-package", View(small, Filters(organizations=("ORGC",))), "zip")
    assert name == "ctc-data-package_organizations-orgc.zip"
    name = file_name("reported_figures", View(small, Filters(years=(2003, 2004), kinds=("subregional",))))
    assert name == "ctc-reported-figures_years-2003-2004_kinds-subregional.csv"
    assert file_name("meetings", View(small, Filters())) == "ctc-meetings_default-view.csv"


@pytest.mark.parametrize("query", [{"years": ["2003", "2004"]}, {"type": ["special meeting"]},
                                   {"years": ["2003", "2016"], "type": ["open briefing"]}],
                         ids=["years", "type", "years-and-type"])
def test_the_manifest_names_the_same_filters_as_the_file_name(small, query):
    """Regression: the manifest described the filters against the filtered data, whose year span and types
    are the chosen ones, so it left them out while the file name had them."""
    view, _ = from_query(query, small)
    with zipfile.ZipFile(io.BytesIO(data_package_zip(view))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    name = file_name("data-package", view, "zip")
    assert manifest["filters"], manifest
    assert "_".join(re.sub(r"[^a-z0-9]+", "-", d.lower()).strip("-") for d in manifest["filters"]) in name
    if "years" in query:
        assert f"years {query['years'][0]}-{query['years'][1]}" in manifest["filters"]
        assert f"years-{query['years'][0]}-{query['years'][1]}" in name
    if "type" in query:
        assert f"types {query['type'][0]}" in manifest["filters"]


def test_file_name_is_safe(small):
    f = Filters(organizations=tuple(f"ORG{i}/../x" for i in range(40)), meeting_types=("Réunion: spéciale?",))
    name = file_name("meetings", View(small, f))
    assert re.fullmatch(r"[a-z0-9_.-]+", name), name
    assert len(name) < 200
    assert name != file_name("meetings", View(small, Filters()))

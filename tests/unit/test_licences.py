"""The licences are stated, the same, in every place: LICENSE, datapackage.json, data/README.md, the downloads."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

from openpyxl import load_workbook

from ctc_dashboard.contract import licence
from ctc_dashboard.contract.datapackage import datapackage
from ctc_dashboard.derive.exports import data_package_zip
from ctc_dashboard.derive.sqlite import metadata, sqlite_bytes
from ctc_dashboard.derive.workbook import template_bytes, workbook_bytes
from tests.conftest import ROOT

CC_BY = ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")


def test_code_is_mit():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert licence.CODE_LICENCE["path"] == "LICENSE"


def test_data_licence_is_cc_by_4():
    assert (licence.DATA_LICENCE["name"], licence.DATA_LICENCE["path"]) == CC_BY
    assert "publishers" in licence.SOURCE_TEXTS_NOTE


def test_datapackage_declares_the_data_licence_and_the_shipped_file_agrees():
    assert datapackage()["licenses"] == [licence.DATA_LICENCE]
    shipped = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert shipped["licenses"] == [licence.DATA_LICENCE]


def test_data_readme_ends_with_the_licence():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Licence"):]
    assert "CC BY 4.0" in section and CC_BY[1] in section
    assert "remain their publishers'" in section
    assert "MIT" in section


def test_readme_states_both_licences():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT" in text and "CC BY 4.0" in text


def test_data_package_manifest_carries_the_licence(small):
    with zipfile.ZipFile(io.BytesIO(data_package_zip(small))) as z:
        manifest = json.loads(z.read("manifest.json"))
        descriptor = json.loads(z.read("datapackage.json"))
    assert manifest["licence"]["data"] == licence.DATA_LICENCE
    assert manifest["licence"]["source_texts"] == licence.SOURCE_TEXTS_NOTE
    assert descriptor["licenses"] == [licence.DATA_LICENCE]


def test_workbook_about_sheet_and_template_readme_carry_the_licence(small):
    about = [r for r in load_workbook(io.BytesIO(workbook_bytes(small)))["About"].iter_rows(values_only=True)]
    assert ("Licence", licence.data_licence_line()) in about
    readme = [r[0] for r in load_workbook(io.BytesIO(template_bytes()))["README"].iter_rows(values_only=True)]
    assert licence.data_licence_line() in readme


def test_sqlite_database_and_its_metadata_carry_the_licence(small, tmp_path):
    meta = metadata(small)
    assert meta["license_url"] == CC_BY[1]
    assert meta["about"] == licence.SOURCE_TEXTS_NOTE
    path = tmp_path / "x.db"
    path.write_bytes(sqlite_bytes(small))
    about = dict(sqlite3.connect(path).execute("SELECT key, value FROM about"))
    assert about["licence_url"] == CC_BY[1]

"""A ZIP from a stranger: every classic trick gets a report naming the member, and nothing touches the disk."""

from __future__ import annotations

import gzip
import io
import os
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from ctc_dashboard import limits
from ctc_dashboard.dataset import archive
from ctc_dashboard.dataset.archive import read_zip
from ctc_dashboard.dataset.load import load_files
from ctc_dashboard.dataset.problems import DataError, Problem
from ctc_dashboard.dataset.read import read_folder
from ctc_dashboard.derive.exports import data_package_zip

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "small"
TABLES = read_folder(FIXTURE)


def make_zip(members: dict[str, bytes] | list[tuple[str, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    items = members.items() if isinstance(members, dict) else members
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in items:
            zf.writestr(name, data)
    return buf.getvalue()


def tables(prefix: str = "") -> dict[str, bytes]:
    return {prefix + name: data for name, data in TABLES.items()}


def refused(data: bytes, label: str = "upload.zip") -> list:
    with pytest.raises(DataError) as info:
        read_zip(data, label)
    problems = info.value.problems
    assert problems, "a refusal carries at least one problem"
    return problems


def files_named(problems) -> list[str]:
    return [p.file for p in problems]


def central_entry(data: bytes, member: str) -> int:
    """Offset of a member's entry in the central directory."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + n] == member.encode():
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{member} not found")


def patch_sizes(data: bytes, member: str, file_size: int) -> bytes:
    """Rewrite the uncompressed size a member's local and central headers declare (the data stays)."""
    out = bytearray(data)
    central = central_entry(data, member)
    struct.pack_into("<I", out, central + 24, file_size)
    local = struct.unpack_from("<I", out, central + 42)[0]
    struct.pack_into("<I", out, local + 22, file_size)
    return bytes(out)


def rename_bytes(data: bytes, placeholder: bytes, raw: bytes) -> bytes:
    """Swap a member name's bytes (same length) in the local and central headers."""
    assert len(placeholder) == len(raw)
    assert data.count(placeholder) == 2
    return data.replace(placeholder, raw)


# ---------------------------------------------------------------- what still loads

def test_tables_in_one_subfolder_load():
    files = read_zip(make_zip(tables("export/") | {"export/README.md": b"notes", "__MACOSX/._meetings.csv": b"\0"}))
    assert files == TABLES


def test_data_package_round_trip_still_loads():
    ds = load_files(TABLES, label="fixture")
    again = load_files(read_zip(data_package_zip(ds)), label="download.zip")
    pd.testing.assert_frame_equal(again.meetings, ds.meetings)


def test_stored_members_load():
    assert read_zip(make_zip(tables(), zipfile.ZIP_STORED)) == TABLES


def test_utf8_name_without_the_utf8_flag_loads():
    """macOS and Info-ZIP write UTF-8 names without setting flag bit 11: those are readable, so accepted."""
    data = make_zip(tables("DonnXYes/"))
    data = rename_bytes(data, b"DonnXYes/meetings", "Données/meetings".encode())
    data = data.replace(b"DonnXYes/", "Données/".encode())
    assert read_zip(data) == TABLES


# ---------------------------------------------------------------- paths

@pytest.mark.parametrize("member, says", [
    ("../meetings.csv", "climbs out of it with '..'"),
    ("export/../../meetings.csv", "climbs out of it with '..'"),
    ("..\\meetings.csv", "climbs out of it with '..'"),
    ("/etc/meetings.csv", "absolute or has a drive letter"),
    ("\\\\server\\share\\meetings.csv", "absolute or has a drive letter"),
    ("C:/data/meetings.csv", "absolute or has a drive letter"),
    ("c:meetings.csv", "absolute or has a drive letter"),
])
def test_paths_that_leave_the_archive_are_refused(member, says):
    problems = refused(make_zip({k: v for k, v in tables().items() if k != "meetings.csv"}
                                | {member: TABLES["meetings.csv"]}))
    assert files_named(problems) == [f"upload.zip › {member}"]
    assert says in problems[0].expected


def test_a_hostile_path_is_refused_even_for_a_file_that_is_not_data():
    problems = refused(make_zip(tables() | {"../../.bashrc": b"echo pwned"}))
    assert files_named(problems) == ["upload.zip › ../../.bashrc"]


def test_nul_in_a_member_name_is_refused():
    data = rename_bytes(make_zip(tables() | {"meetings.csvX.exe": b"MZ"}), b"meetings.csvX.exe", b"meetings.csv\0.exe")
    problems = refused(data)
    assert files_named(problems) == ["upload.zip › meetings.csv\\x00.exe"]
    assert "NUL" in problems[0].expected


def test_symbolic_link_member_is_refused():
    buf = io.BytesIO(make_zip({k: v for k, v in tables().items() if k != "sources.csv"}))
    with zipfile.ZipFile(buf, "a") as zf:
        link = zipfile.ZipInfo("sources.csv")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    problems = refused(buf.getvalue())
    assert files_named(problems) == ["upload.zip › sources.csv"]
    assert "symbolic link" in problems[0].expected


# ---------------------------------------------------------------- same table twice

def test_two_members_of_the_same_table_in_different_folders_are_refused():
    problems = refused(make_zip(tables("2024/") | {"2023/meetings.csv": TABLES["meetings.csv"]}))
    assert sorted(files_named(problems)) == ["upload.zip › 2023/meetings.csv", "upload.zip › 2024/meetings.csv"]
    assert all("one meetings.csv in the archive; it has 2" in p.expected for p in problems)


def test_same_table_differing_only_in_case_is_refused():
    problems = refused(make_zip(tables() | {"old/Meetings.CSV": TABLES["meetings.csv"]}))
    assert sorted(files_named(problems)) == ["upload.zip › meetings.csv", "upload.zip › old/Meetings.CSV"]


def test_the_same_member_name_twice_is_refused():
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = make_zip(list(tables().items()) + [("meetings.csv", b"meeting_id\nEVIL\n")])
    problems = refused(data)
    assert files_named(problems) == ["upload.zip › meetings.csv"] * 2


# ---------------------------------------------------------------- sizes

@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_header_that_declares_fewer_bytes_than_the_member_holds_is_refused(compression):
    data = patch_sizes(make_zip(tables(), compression), "meetings.csv", 10)
    problems = refused(data)
    assert files_named(problems) == ["upload.zip › meetings.csv"]
    assert problems[0].value == f"10 bytes declared, {len(TABLES['meetings.csv']):,} found"


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_header_that_declares_more_bytes_than_the_member_holds_is_refused(compression):
    real = len(TABLES["meetings.csv"])
    problems = refused(patch_sizes(make_zip(tables(), compression), "meetings.csv", real + 500))
    assert files_named(problems) == ["upload.zip › meetings.csv"]
    assert problems[0].value == f"{real + 500:,} bytes declared, {real:,} found"
    assert problems[0].expected == "a member whose header gives its true size"


def test_bomb_that_hides_its_size_is_stopped_at_the_cap(monkeypatch):
    """The header says 100 bytes; the member unpacks to 1 MB. Reading stops at the cap, not at the header."""
    monkeypatch.setattr(archive, "ZIP_UNPACKED_BYTES", limits.Limit("zip_unpacked_bytes", 64 * 1024, "test"))
    bomb = make_zip(tables() | {"participation.csv": b"meeting_id,org_id,role\n" + b"0" * 1_000_000})
    problems = refused(patch_sizes(bomb, "participation.csv", 100))
    assert files_named(problems) == ["upload.zip › participation.csv"]
    assert "once unpacked" in problems[0].expected


def test_honest_header_over_the_cap_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(archive, "ZIP_UNPACKED_BYTES", limits.Limit("zip_unpacked_bytes", 64 * 1024, "test"))
    read = []
    monkeypatch.setattr(archive, "_read_member", lambda *a: read.append(a) or (b"", []))
    problems = refused(make_zip(tables() | {"participation.csv": b"x" * 100_000}))
    assert problems[0].file == "upload.zip" and "once unpacked" in problems[0].expected
    assert read == []


def test_damaged_member_is_refused_by_its_checksum():
    data = bytearray(make_zip(tables(), zipfile.ZIP_STORED))
    at = bytes(data).find(TABLES["sources.csv"][:40])
    data[at + 5] ^= 0x20
    problems = refused(bytes(data))
    assert files_named(problems) == ["upload.zip › sources.csv"]
    assert "checksum" in problems[0].expected


def test_encrypted_member_is_refused():
    """The encryption flag set on sources.csv (Python cannot write encrypted members)."""
    data = make_zip(tables(), zipfile.ZIP_STORED)
    out = bytearray(data)
    central = central_entry(data, "sources.csv")
    out[central + 8] |= 1
    out[struct.unpack_from("<I", data, central + 42)[0] + 6] |= 1
    problems = refused(bytes(out))
    assert files_named(problems) == ["upload.zip › sources.csv"]
    assert "password" in problems[0].expected


# ---------------------------------------------------------------- nesting and counts

def test_nested_zip_is_refused():
    problems = refused(make_zip({"tables.zip": make_zip(tables()), "README.md": b"inside"}))
    assert files_named(problems) == ["upload.zip › tables.zip"]
    assert "not an archive inside the archive" in problems[0].expected


def test_zip_disguised_as_a_csv_member_is_refused():
    problems = refused(make_zip(tables() | {"meetings.csv": make_zip(tables())}))
    assert files_named(problems) == ["upload.zip › meetings.csv"]
    assert "itself a ZIP archive" in problems[0].expected


def test_ten_thousand_members_are_refused():
    many = [(f"m/{i}.txt", b"") for i in range(10_000)]
    problems = refused(make_zip(list(tables().items()) + many, zipfile.ZIP_STORED))
    assert problems == [Problem("upload.zip", None, None, "10,005 members",
                                        "at most 1,000 members (a data package has 7)")]


def test_directory_that_understates_its_member_count_is_still_counted():
    data = bytearray(make_zip([(f"{i}.txt", b"") for i in range(2_000)], zipfile.ZIP_STORED))
    eocd = bytes(data).rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 5, 5)
    problems = refused(bytes(data))
    assert problems[0].file == "upload.zip"
    assert "at most 1,000 members" in problems[0].expected


# ---------------------------------------------------------------- names that are not UTF-8

def test_name_in_a_dos_code_page_is_refused():
    """Flag bit 11 off and bytes that are not UTF-8 (cp437 'é' is 0x82): the name cannot be trusted."""
    data = rename_bytes(make_zip(tables() | {"DonnXes/notes.txt": b"hi"}), b"DonnXes", b"Donn\x82es")
    problems = refused(data)
    assert files_named(problems) == ["upload.zip › Donn\\x82es/notes.txt"]
    assert "UTF-8" in problems[0].expected


# ---------------------------------------------------------------- not a ZIP at all

@pytest.mark.parametrize("content, says", [
    (b"", "the file is empty"),
    (TABLES["meetings.csv"], "CSV text: upload it under its .csv name"),
    (gzip.compress(TABLES["meetings.csv"]), "a gzip file"),
    (b"%PDF-1.7\n...", "a PDF document"),
    (b"Rar!\x1a\x07\x00", "a RAR archive"),
    (os.urandom(2048).replace(b"PK", b"pk"), "not a ZIP archive"),
    (b"PK\x03\x04" + bytes(100), "a ZIP archive"),  # a local header and nothing else
])
def test_file_named_zip_that_is_not_a_zip_is_refused(content, says):
    problems = refused(content, "tables.zip")
    assert len(problems) == 1
    assert problems[0].file == "tables.zip"
    assert says in problems[0].expected


def test_workbook_renamed_zip_says_so():
    problems = refused(make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}))
    assert "Excel workbook" in problems[0].expected


def test_zip_without_csv_says_so():
    problems = refused(make_zip({"README.md": b"# nothing"}))
    assert problems[0].expected.startswith("the CSV tables")


# ---------------------------------------------------------------- nothing written

HOSTILE = [
    make_zip({"../meetings.csv": b"x"}),
    make_zip({"/abs.csv": b"x"}),
    make_zip({"tables.zip": make_zip(tables())}),
    make_zip(tables("a/") | tables("b/")),
    patch_sizes(make_zip(tables()), "meetings.csv", 10),
    b"not a zip",
]


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def no_extract(*_a, **_k):
        raise AssertionError("an archive was extracted")

    monkeypatch.setattr(zipfile.ZipFile, "extract", no_extract)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", no_extract)
    for data in HOSTILE:
        refused(data)
    read_zip(make_zip(tables("export/")))
    assert list(tmp_path.iterdir()) == []

"""What the Data page's upload check returns: a Dataset, or every problem (never one file silently dropped)."""

from ctc_dashboard.ui import source
from tests.conftest import FIXTURE

FILES = [(p.name, p.read_bytes()) for p in sorted(FIXTURE.glob("*.csv"))]


def test_csv_files_load():
    assert len(source.load_upload(FILES, "5 uploaded files").meetings) == 4


def test_two_files_of_the_same_name_are_refused():
    """Two meetings.csv from different folders: which one is meant is not ours to guess."""
    problems = source.load_upload(FILES + [("meetings.csv", b"meeting_id\n")], "6 uploaded files")
    assert [(p.file, p.expected) for p in problems] == [("meetings.csv", "one file of this name; 2 were uploaded")]


def test_zip_upload_goes_through_the_archive_checks():
    problems = source.load_upload([("x.zip", b"not a zip")], "x.zip")
    assert problems[0].file == "x.zip" and "this file is text, not a ZIP archive" in problems[0].expected

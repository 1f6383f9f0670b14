"""Odd but valid folders degrade gracefully on every page: no exception, honest counts."""

import pandas as pd
import pytest

from ctc_dashboard.ui import routes
from tests.conftest import FIXTURE

from .conftest import PAGES


def _copy_fixture(tmp_path):
    for f in FIXTURE.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    return tmp_path


def _edit(folder, name, fn):
    df = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    fn(df).to_csv(folder / name, index=False)


def _no_meetings(folder):
    _edit(folder, "meetings.csv", lambda d: d.iloc[0:0])
    _edit(folder, "participation.csv", lambda d: d.iloc[0:0])
    _edit(folder, "reported_figures.csv", lambda d: d.iloc[0:0])


def _single_meeting(folder):
    _edit(folder, "meetings.csv", lambda d: d.iloc[:1])
    _edit(folder, "participation.csv", lambda d: d[d.meeting_id == "M1"])
    _edit(folder, "reported_figures.csv", lambda d: d[d.meeting_id == "M1"])


def _no_participants(folder):
    _edit(folder, "participation.csv", lambda d: d[d.meeting_id != "M2"])


def _many_in_one_city(folder):
    def meetings(d):
        base = d.iloc[[0]]
        rows = [base.assign(meeting_id=f"NY{i:03d}", start_date=f"{1925 + i % 100}-01-{1 + i % 28:02d}")
                for i in range(200)]
        return pd.concat([d, *rows])

    _edit(folder, "meetings.csv", meetings)


ODD = {"no meetings": _no_meetings, "single meeting": _single_meeting, "meeting without participants":
       _no_participants, "200 meetings in one city over a century": _many_in_one_city}


@pytest.mark.parametrize("case", list(ODD))
@pytest.mark.parametrize("page", PAGES)
def test_odd_folder_renders(make_app, tmp_path, case, page):
    folder = _copy_fixture(tmp_path)
    ODD[case](folder)
    at = make_app(folder, page, type=["special meeting", "joint special meeting", "open briefing"])
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    if page in (routes.ABOUT.file, routes.PROFILE.file):
        return
    expected = {"no meetings": "0 of 0 meetings", "single meeting": "1 of 1 meetings",
                "meeting without participants": "4 of 4 meetings",
                "200 meetings in one city over a century": "204 of 204 meetings, 1925–2024"}[case]
    assert expected in text

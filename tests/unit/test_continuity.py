"""continuity: the organizations × meetings matrix and the who-came-back table."""

import json
from dataclasses import replace

import pandas as pd
import pytest

from ctc_dashboard import load_folder
from ctc_dashboard.contract.labels import ROLE_LABELS
from ctc_dashboard.contract.schema import ROLES
from ctc_dashboard.derive import continuity, filters
from ctc_dashboard.limits import MATRIX_MEETINGS, MATRIX_ORGANIZATIONS
from ctc_dashboard.render import matrix
from ctc_dashboard.render.colours import ROLE_COLOURS
from ctc_dashboard.synth import write_synthetic


def _row(table, org_id):
    return table.set_index("org_id").loc[org_id]


def test_continuity_table_on_fixture(small):
    t = continuity.continuity_table(small)
    a = _row(t, "ORGA")
    assert (a["first_meeting"], a["last_meeting"]) == ("M1", "M4")
    assert a["first_date"] == pd.Timestamp("2003-03-06") and a["last_date"] == pd.Timestamp("2019-04-26")
    assert a["first_title"] == "First test meeting" and a["last_title"] == "Joint test meeting"
    assert (a["meetings"], a["came_back"], a["invited"]) == (2, 1, 0)
    assert a["share"] == pytest.approx(0.5)
    assert a["roles"] == "co-organizer 1, participant 1"
    ctc = _row(t, "CTC")
    assert (ctc["meetings"], ctc["came_back"], ctc["share"]) == (4, 3, 1.0)
    # Only ever invited: listed, with no first meeting and nothing to come back to.
    b = _row(t, "ORGB")
    assert (b["meetings"], b["came_back"], b["invited"]) == (0, 0, 1)
    assert pd.isna(b["first_meeting"]) and pd.isna(b["first_date"])
    # Most meetings first, then first appearance; the only-invited last.
    assert list(t["org_id"]) == ["CTC", "ORGC", "ORGA", "ORGD", "ORGB"]


def test_continuity_table_follows_the_filtered_view(small):
    view = filters.apply(small, filters.default_filters(small))  # open briefing M3 left out
    t = continuity.continuity_table(view)
    assert "ORGB" not in set(t["org_id"])  # invited only to M3
    assert _row(t, "ORGA")["share"] == pytest.approx(2 / 3)
    view = filters.apply(small, filters.Filters(years=(2004, 2019)))
    a = _row(continuity.continuity_table(view), "ORGA")
    assert (a["first_meeting"], a["last_meeting"], a["meetings"], a["came_back"]) == ("M4", "M4", 1, 0)


def test_matrix_table_first_appearance(small):
    t = continuity.matrix_table(small, "first")
    assert list(t.columns) == ["org_id", "label", "name", "kind", "meetings", "M1", "M2", "M3", "M4"]
    assert list(t["org_id"]) == ["CTC", "ORGC", "ORGA", "ORGD", "ORGB"]
    a = _row(t, "ORGA")
    assert (a["M1"], a["M2"], a["M3"], a["M4"]) == ("participant", None, None, "co-organizer")
    assert _row(t, "ORGB")["M3"] == "invited"
    counts = {k: v for k, v in t.attrs.items() if k not in ("meeting_axis", "meeting_text")}
    assert counts == {"organizations": 5, "meetings": 4, "organizations_shown": 5, "meetings_shown": 4,
                      "sort": "first"}
    assert t.attrs["meeting_axis"][0] == "2003-03-06 New York"  # what the figure's x axis reads


def test_matrix_table_by_number_of_meetings(small):
    t = continuity.matrix_table(small, "meetings")
    assert list(t["org_id"]) == ["CTC", "ORGC", "ORGA", "ORGD", "ORGB"]
    assert list(t["meetings"]) == [4, 2, 2, 2, 0]
    with pytest.raises(ValueError):
        continuity.matrix_table(small, "alphabet")


def test_matrix_sorts_differ(folder):
    # ORGD first appears at M2; give it M3 too so that it has more meetings than ORGA and ORGC.
    header, rows = folder.rows("participation.csv")
    rows.append(["M3", "ORGD", "participant", "S2"])
    ds = folder.write_rows("participation.csv", header, rows).load()
    assert list(continuity.matrix_table(ds, "first")["org_id"])[:4] == ["CTC", "ORGC", "ORGA", "ORGD"]
    assert list(continuity.matrix_table(ds, "meetings")["org_id"])[:2] == ["CTC", "ORGD"]


def test_matrix_caps(small):
    t = continuity.matrix_table(small, "first", max_orgs=2, max_meetings=2)
    # Most meetings; ties by first appearance, then label (GO before OAS-T).
    assert list(t["org_id"]) == ["CTC", "ORGC"]
    meeting_cols = [c for c in t.columns if c.startswith("M")]
    assert meeting_cols == ["M1", "M2"]  # the meetings with most of the kept organizations, in date order
    assert t.attrs["organizations"] == 5 and t.attrs["organizations_shown"] == 2
    assert t.attrs["meetings"] == 4 and t.attrs["meetings_shown"] == 2
    fig = matrix.matrix(t)
    assert "2 of 5 organizations, 2 of 4 meetings" in fig.layout.title.text


def test_matrix_figure_is_a_categorical_heatmap(small):
    t = continuity.matrix_table(small)
    fig = matrix.matrix(t)
    hm, *key = fig.data
    assert hm.type == "heatmap"
    assert [k.name for k in key] == [ROLE_LABELS[r] for r in ROLES]  # every swatch has its label, invited too
    assert hm.zmin == 0.5 and hm.zmax == len(ROLES) + 0.5
    colours = [c for _, c in hm.colorscale]
    assert colours == [ROLE_COLOURS[r] for r in ROLES for _ in (0, 1)]
    assert [k.marker.color for k in key] == [ROLE_COLOURS[r] for r in ROLES]
    z = pd.DataFrame(hm.z, index=list(hm.y), columns=list(hm.x))
    assert z.loc["OAS-T"].tolist()[0] == matrix.ROLE_CODE["participant"]
    assert pd.isna(z.loc["OAS-T"].tolist()[1])
    assert list(hm.x)[0] == "2003-03-06 New York"


def test_matrix_figure_escapes_data(small):
    orgs = small.organizations.copy()
    orgs.loc[orgs["org_id"] == "ORGA", "acronym"] = "<b onmouseover=x>A</b>"
    m = small.meetings.copy()
    m.loc[m["meeting_id"] == "M1", "title"] = "<script>alert(1)</script>"
    ds = replace(small, organizations=orgs, meetings=m)
    spec = json.dumps(matrix.matrix(continuity.matrix_table(ds)).to_plotly_json(), default=str)
    assert "<script>" not in spec and "<b onmouseover" not in spec
    assert "&lt;script&gt;" in spec


def test_matrix_figure_empty(small):
    view = filters.apply(small, filters.Filters(years=(2005, 2010)))
    fig = matrix.matrix(continuity.matrix_table(view))
    assert not fig.data and fig.layout.annotations


def test_shipped_data_oic_counts_under_one_id(shipped):
    ds = shipped
    t = continuity.continuity_table(ds)
    oic = _row(t, "OIC")
    assert oic["meetings"] == 1 and oic["invited"] == 1
    assert len(continuity.matrix_table(ds, max_orgs=None)) == len(t)


def test_caps_hold_at_scale(tmp_path):
    ds = load_folder(write_synthetic(tmp_path / "s", 20_000, seed=1))
    table = continuity.matrix_table(ds, "first")  # how fast: bench, builders at scale
    fig = matrix.matrix(table)
    back = continuity.continuity_table(ds)
    assert len(table) == MATRIX_ORGANIZATIONS.value
    assert table.attrs["meetings_shown"] == MATRIX_MEETINGS.value and table.attrs["meetings"] == 20_000
    assert (len(fig.data[0].y), len(fig.data[0].x)) == (MATRIX_ORGANIZATIONS.value, MATRIX_MEETINGS.value)
    assert len(back) == ds.participation["org_id"].nunique()
    assert (back["came_back"] == (back["meetings"] - 1).clip(lower=0)).all()

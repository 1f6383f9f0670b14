"""derive.compare on the small fixture (every meeting): the sides, the shared axes, where they met, the one CSV.

tests/fixtures/small: ORGA took part in M1 (2003, participant) and M4 (2019, co-organizer); ORGC in M1
(presenter) and M2 (2004, host); ORGB was only invited (M3); ORGD took part in M2 and M4.
"""

from __future__ import annotations

import pytest

from ctc_dashboard.derive import compare
from ctc_dashboard.derive.filters import Filters, apply


@pytest.fixture
def view(small):
    return apply(small, Filters())


def test_two_organizations_met_once_at_m1(small, view):
    c = compare.by_organizations(view, small, ["ORGA", "ORGC"])
    assert c.ready and c.labels == ["OAS-T", "GO"]
    met = compare.met_together_table(view, c)
    assert met["meeting_id"].tolist() == ["M1"]
    assert met["together"].tolist() == ["OAS-T, GO"] and met["of"].tolist() == [2]


def test_every_side_has_every_year_of_the_view_so_the_small_multiples_share_their_axis(small, view):
    c = compare.by_organizations(view, small, ["ORGA", "ORGC"])
    t = compare.per_year_table(view, c)
    for _, rows in t.groupby("compared"):
        assert rows["year"].tolist() == list(range(2003, 2020))
    assert t.set_index(["compared", "year"])["meetings"].to_dict()[("OAS-T", 2019)] == 1


def test_roles_of_an_organization_and_the_others_by_region_leave_out_itself_and_the_convener(small, view):
    c = compare.by_organizations(view, small, ["ORGA", "ORGC"])
    roles = compare.roles_table(view, c).set_index(["compared", "role"])["count"]
    assert roles[("OAS-T", "Participant")] == 1 and roles[("OAS-T", "Co-organizer")] == 1
    assert roles[("GO", "Host")] == 1 and roles[("GO", "Presenter")] == 1
    regions = compare.regions_table(view, c)
    assert regions.groupby("compared")["organizations"].sum().to_dict() == {"OAS-T": 2, "GO": 2}  # ORGC+ORGD; ORGA+ORGD


def test_periods_split_the_meetings_and_have_no_met_together_list(view):
    c = compare.by_periods(view, [(2003, 2004), (2016, 2019)])
    assert c.labels == ["2003\u20132004", "2016\u20132019"]
    assert [len(s.meeting_ids) for s in c.sides] == [2, 2]
    assert compare.met_together_table(view, c).empty


def test_the_address_words(small):
    options = compare.period_options(small)
    assert options[0] == "2003-2003" and "2003-2019" in options and len(options) == 17 * 18 // 2
    assert compare.effective_by(compare.ORGANIZATIONS, ("2003-2007",)) == compare.PERIODS
    assert compare.effective_by(compare.TYPES, ()) == compare.TYPES
    assert compare.default_periods(2003, 2019) == ["2003-2011", "2012-2019"]


def test_one_csv_stacks_every_section(small, view):
    c = compare.by_organizations(view, small, ["ORGA", "ORGC"])
    table = compare.comparison_csv_table(view, c)
    assert list(table.columns) == ["section", "compared", "item", "value"]
    assert list(dict.fromkeys(table["section"])) == [
        "meetings per year", "roles taken (meetings)", "meetings per topic", "other organizations by region",
        "first and last meeting", "met together"]

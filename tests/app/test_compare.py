"""The Compare page (/compare): from the address, two organizations and two periods, and where they met.

Expected values are counted by hand in the shipped data/ (participation.csv, every role but invited):
FATF and UNODC both took part in SM-2003-WAS (7 Oct 2003, Washington, presenters) and SM-2012-NY-11
(20 Nov 2012, New York, participants), both special meetings; their other meetings are apart.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ctc_dashboard.derive import compare
from ctc_dashboard.ui import keys, routes

PAGE = routes.COMPARE.file
MET_TOGETHER = ["SM-2003-WAS", "SM-2012-NY-11"]  # hand count, see above
FATF_MEETINGS_DEFAULT_VIEW = 3  # SM-2003-WAS, SM-2012-NY-11, JSM-2016-NY-12 (OB-2016-NY-04 is an open briefing)
UNODC_MEETINGS_DEFAULT_VIEW = 4  # SM-2003-WAS, SM-2004-VIE, SM-2012-NY-11, SM-2017-NY-06


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_two_organizations_from_the_address_side_by_side_with_where_they_met(make_app):
    at = make_app(None, PAGE, org=["FATF", "UNODC"])
    assert not at.exception, at.exception
    assert at.title[0].value == routes.COMPARE.heading
    assert at.session_state[keys.COMPARE_BY] == compare.ORGANIZATIONS
    assert at.query_params["org"] == ["FATF", "UNODC"]  # the comparison is the filter: it stays in the address
    assert [m.value for m in at.metric] == [str(FATF_MEETINGS_DEFAULT_VIEW), str(UNODC_MEETINGS_DEFAULT_VIEW)]
    text = _markdown(at)
    assert "2 meeting(s) of the current view where at least two of them took part" in text
    for mid in MET_TOGETHER:
        assert f"(profile?meeting={mid})" in text  # each one links to its profile
    assert text.count("Together: FATF, UNODC") == len(MET_TOGETHER)
    headers = [h.value for h in at.header]
    assert headers[:6] == ["First and last meeting", "Meetings per year", "Roles taken", "Topics",
                           "Regions of the other participants", "Where they met"]
    assert "organizations FATF, UNODC" in at.caption[0].value  # the sidebar filters apply, and it says so


def test_the_address_round_trips_and_a_period_comparison_keeps_its_periods(make_app):
    at = make_app(None, PAGE, period=["2003-2007", "2014-2025"])
    assert not at.exception, at.exception
    assert at.session_state[keys.COMPARE_BY] == compare.PERIODS
    assert at.query_params[compare.PERIOD_KEY] == ["2003-2007", "2014-2025"]
    assert compare.BY_KEY not in at.query_params  # giving periods says it already
    assert [s.value for s in at.slider if s.label.startswith("Period")] == [(2003, 2007), (2014, 2025)]
    subheaders = [s.value for s in at.subheader]
    assert "2003\u20132007" in subheaders and "2014\u20132025" in subheaders
    # the default view (special and joint special meetings, by meeting_id in meetings.csv): SM-2003-NY to
    # SM-2007-NBO from 2003 to 2007; SM-2015-MAD to SM-2022-DEL (8 special, 3 joint) from 2014 on
    assert [m.value for m in at.metric] == ["5", "11"]

    at.slider(key=keys.compare_period(1)).set_value((2010, 2025)).run()
    assert at.query_params[compare.PERIOD_KEY] == ["2003-2007", "2010-2025"]


def test_meeting_types_compare_the_types_of_the_sidebar_filter(make_app):
    at = make_app(None, PAGE, by="type")
    assert not at.exception, at.exception
    assert at.session_state[keys.COMPARE_BY] == compare.TYPES
    assert at.query_params[compare.BY_KEY] in ("type", ["type"])  # AppTest gives one value as a string
    assert [m.value for m in at.metric] == ["18", "3"]  # special meetings, joint special meetings


def test_fewer_than_two_says_what_to_choose_and_an_unknown_period_is_named(make_app):
    at = make_app(None, PAGE, org=["FATF"])
    assert not at.exception, at.exception
    assert any("Choose 2 to 4 different organizations" in i.value for i in at.info)
    at = make_app(None, PAGE, period=["2003-2007", "soon", "2014-2025"])
    assert not at.exception, at.exception
    assert any("?period=soon" in w.value for w in at.sidebar.warning)  # named, and left out
    assert [m.value for m in at.metric] == ["5", "11"]


def test_switching_to_periods_gives_two_and_back_to_organizations_takes_them_away(make_app):
    at = make_app(None, PAGE, org=["FATF", "UNODC"])
    at.button_group(key=keys.COMPARE_BY).set_value(compare.PERIODS).run()
    assert not at.exception, at.exception
    assert len(at.query_params[compare.PERIOD_KEY]) == 2
    at.button_group(key=keys.COMPARE_BY).set_value(compare.ORGANIZATIONS).run()
    assert compare.PERIOD_KEY not in at.query_params


def test_one_csv_holds_the_whole_comparison(make_app):
    from ctc_dashboard import load_folder
    from ctc_dashboard.derive.filters import apply, default_filters
    from tests.conftest import DATA

    full = load_folder(DATA)
    f = replace(default_filters(full), organizations=("FATF", "UNODC"))
    view = apply(full, f)
    c = compare.by_organizations(view, full, f.organizations)
    table = compare.comparison_csv_table(view, c)
    assert set(table["section"]) >= {"meetings per year", "meetings per topic", "other organizations by region",
                                     "first and last meeting", "met together"}
    met = table[table["section"] == "met together"]
    assert [i.split()[0] for i in met["item"]] == MET_TOGETHER
    at = make_app(None, PAGE, org=["FATF", "UNODC"])
    assert any(b.label == "Download the whole comparison (CSV)" for b in at.get("download_button"))


def _bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    """A small BibTeX reader (no parser is installed): @type{key, name = {value}, ...}, braces balanced."""
    m = re.match(r"\s*@(\w+)\{([^,\s]+),\n(.*)\n\}\s*$", entry, re.S)
    assert m, entry
    fields, depth, name, value = {}, 0, "", []
    for line in m.group(3).splitlines():
        if depth == 0:
            name, _, rest = line.strip().partition(" = ")
            value = [rest]
        else:
            value.append(line)
        depth += line.count("{") - line.count("\\{") - (line.count("}") - line.count("\\}"))
        assert depth >= 0, entry
        if depth == 0:
            fields[name] = "\n".join(value).rstrip(",")[1:-1]
    assert depth == 0, entry
    return m.group(1), m.group(2), fields


def test_cite_this_comparison_in_plain_text_bibtex_and_ris_with_its_address(make_app):
    at = make_app(None, PAGE, org=["FATF", "UNODC"])
    assert not at.exception, at.exception
    assert "Cite this comparison" in [h.value for h in at.header]
    plain, bibtex, ris = (c.value for c in at.code[:3])
    assert "organizations FATF, UNODC" in plain and "compare?" in plain and "org=FATF&org=UNODC" in plain
    kind, key, fields = _bibtex_fields(bibtex)
    assert kind == "misc" and key and {"title", "url", "year", "note"} <= set(fields)
    assert "org=FATF&org=UNODC" in fields["url"] and "version" in fields["note"]
    tags = [line[:2] for line in ris.splitlines() if line.strip()]
    assert tags[0] == "TY" and tags[-1] == "ER" and {"TI", "PY", "UR"} <= set(tags)
    assert any(line.startswith("UR  - ") and "/compare?" in line for line in ris.splitlines())

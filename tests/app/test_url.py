"""The view in the address, across pages: raw values written back, typed years, organizations any/all,
and a word about what a link asked for that could not be used (shipped data)."""

from dataclasses import replace

import pytest

from ctc_dashboard import load_folder
from ctc_dashboard.derive import filters, visits
from tests.conftest import DATA


@pytest.fixture(scope="module")
def shipped():
    return load_folder(DATA)


def _count_line(at) -> str:
    return next(str(m.value) for m in at.markdown if "meetings" in str(m.value))


def _url(at, key: str) -> list[str] | None:
    if key not in at.query_params:
        return None
    value = at.query_params[key]
    return list(value) if isinstance(value, list | tuple) else [value]


def test_a_page_choice_is_written_to_the_address_as_its_raw_value(make_app):
    at = make_app(None, "app_pages/participation.py")
    at.button_group(key="breakdown-by").set_value("region").run()
    assert not at.exception
    assert _url(at, "breakdown-by") == ["region"]


def test_an_old_label_link_is_written_back_as_the_raw_value(make_app):
    at = make_app(None, "app_pages/continuity.py", **{"matrix-sort": "Number of meetings"})
    assert not at.exception
    assert at.button_group(key="matrix-sort").value == "meetings"
    assert _url(at, "matrix-sort") == ["meetings"]


def test_typed_years_move_the_slider_the_view_and_the_address(make_app, shipped):
    at = make_app(None)
    lo, hi = filters.year_bounds(shipped)
    at.number_input(key="years-from").set_value(2005).run()
    at.number_input(key="years-to").set_value(2010).run()
    assert not at.exception
    assert at.slider(key="years").value == (2005, 2010)
    assert _url(at, "years") == ["2005", "2010"]
    n = len(filters.apply(shipped, replace(filters.default_filters(shipped), years=(2005, 2010))).meetings)
    assert _count_line(at).startswith(f"**{n} of")


def test_the_years_from_a_link_fill_the_typed_years(make_app):
    at = make_app(None, years=["2007", "2012"])
    assert at.number_input(key="years-from").value == 2007
    assert at.number_input(key="years-to").value == 2012


def test_organizations_all_of_them_keeps_meetings_where_both_took_part(make_app, shipped):
    base = replace(filters.default_filters(shipped), meeting_types=(), organizations=("OSCE", "UNODC"))
    def meetings(f):  # the count line counts meetings apart from country visits
        return int((~visits.is_visit(filters.apply(shipped, f).meetings)).sum())

    n_any, n_all = meetings(base), meetings(replace(base, match="all"))
    assert n_all < n_any, "the shipped data has meetings with only one of the two"
    at = make_app(None, org=["OSCE", "UNODC"], type=[""])
    assert _count_line(at).startswith(f"**{n_any} of")
    at.button_group(key="match").set_value("all").run()
    assert not at.exception
    assert _count_line(at).startswith(f"**{n_all} of")
    assert _url(at, "match") == ["all"]


def test_a_link_value_that_cannot_be_used_is_named_in_the_sidebar(make_app):
    at = make_app(None, topic=["no such topic"], years=["1900", "2005"])
    assert not at.exception
    warned = " ".join(str(w.value) for w in at.sidebar.warning)
    assert "?topic=no such topic" in warned
    assert "?years=1900" in warned


def test_a_page_choice_is_kept_across_pages_but_only_its_page_carries_it(make_app):
    at = make_app(None, "app_pages/participation.py")
    at.button_group(key="breakdown-by").set_value("region").run()
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    assert _url(at, "breakdown-by") is None  # the map's address says nothing of the participation page
    at.switch_page("app_pages/participation.py").run()
    assert at.button_group(key="breakdown-by").value == "region"
    assert _url(at, "breakdown-by") == ["region"]


def test_reset_filters_also_resets_the_typed_years(make_app, shipped):
    at = make_app(None, years=["2007", "2012"], org=["OSCE"])
    at.button(key="reset").click().run()
    lo, hi = filters.year_bounds(shipped)
    assert at.number_input(key="years-from").value == lo and at.number_input(key="years-to").value == hi
    assert _url(at, "years") is None and _url(at, "org") is None

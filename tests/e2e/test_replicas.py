"""Two server processes over the same data answer the same: the app keeps no state outside the session."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import FIXTURE

from .conftest import count_line, goto, timeline_points

LINK = "/timeline?years=2003&years=2016&type=special+meeting&type=open+briefing"


def test_two_replicas_show_the_same_view(start_server, new_page):
    first, second = start_server(FIXTURE), start_server(FIXTURE)
    assert first.url != second.url
    seen = []
    for server in (first, second):
        page = new_page()
        goto(page, server.url + LINK, "When the meetings were held")
        expect(count_line(page)).to_contain_text("3 of 4 meetings, 2003–2016")
        seen.append((count_line(page).inner_text(), timeline_points(page)))
    assert seen[0] == seen[1]
    assert seen[0][1] == 3

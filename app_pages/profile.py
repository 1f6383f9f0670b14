"""Profiles: one meeting or one organization in full, found by search, a list or a link (?meeting=, ?organization=)."""

import functools

import pandas as pd
import streamlit as st

from ctc_dashboard.derive import profiles, scope, search, summary, visits
from ctc_dashboard.limits import BROWSE_ENTRIES, SEARCH_RESULTS
from ctc_dashboard.render import alt_text, charts, maps, prose
from ctc_dashboard.render.escape import md_escape
from ctc_dashboard.ui import address, cache, columns, keys, routes, sidebar, url, widgets
from ctc_dashboard.ui.context import context

ctx = context()
full = ctx.full

DATE = st.column_config.DateColumn(format="YYYY-MM-DD")
LINK = st.column_config.LinkColumn("link", help="Only http and https addresses are shown as links")


def _open_choice(key: str) -> None:
    """A list's choice ('meeting:M1') opens it; the list then goes back to its placeholder, ready for the next."""
    choice = st.session_state.get(key)
    if choice:
        kind, _, entity_id = str(choice).partition(":")
        url.open_profile(kind, entity_id)
        st.session_state[key] = None


def _open_result(key: str) -> None:
    """A search result's choice opens it and stays chosen, so the list says which profile is open."""
    choice = st.session_state.get(key)
    if choice:
        kind, _, entity_id = str(choice).partition(":")
        url.open_profile(kind, entity_id)


def _open_row(key: str, table, kind: str, id_column: str) -> None:
    state = st.session_state.get(key)
    rows = state.selection.rows if state is not None else []
    if rows:
        url.open_profile(kind, str(table.iloc[rows[0]][id_column]))


def _picker_table(table, kind: str, id_column: str, key: str, **kwargs) -> None:
    """A table where choosing a row opens that row's profile."""
    columns.table(table, key=key, selection_mode="single-row",
                  on_select=functools.partial(_open_row, key, table, kind, id_column), **kwargs)


def _facts(facts: list[tuple[str, str]]) -> None:
    st.markdown("\n".join(f"- **{md_escape(label)}:** {md_escape(value)}" for label, value in facts))


def _sources(table, key: str, record: str) -> None:
    st.subheader("Sources")
    if table.empty:
        st.caption("No source is cited for this record.")
        return
    st.markdown(md_escape(prose.reliability_line(table, record)), help=prose.RELIABILITY_MEANS)
    columns.table(table, key=key,
                  column_order=["reliability", "title", "cited_for", "publisher", "published", "url", "source_id"],
                 column_config={"url": LINK, "published": DATE,
                                "reliability": st.column_config.TextColumn("reliability", help=prose.RELIABILITY_MEANS,
                                                                           pinned=True),
                                "cited_for": st.column_config.TextColumn("cited for")})


def _record_link(kind: str, entity_id: str) -> None:
    link = routes.record_link(kind, entity_id, address.server_address())
    st.caption(f"Permanent record, readable without JavaScript: [{md_escape(link)}]({link.replace(')', '%29')})")


def _cite(kind: str, entity_id: str) -> None:
    st.subheader("Cite this view")
    cite = routes.profile_citation(full, kind, entity_id, address.server_address())
    formats = cite.formats()
    for tab, text in zip(st.tabs(list(formats)), formats.values(), strict=True):
        tab.code(text, language=None, wrap_lines=True)
    st.caption("Cited by its permanent record address; the data version says which data it shows. BibTeX, RIS and "
               "CSL-JSON import into reference managers.")


def _scope(in_view: bool, kind: str) -> None:
    st.caption(f"The full record of this {kind} in {md_escape(full.label)}, whatever the filters.")
    if not in_view:
        st.info(f"This {kind} is outside the current filters: the other pages' charts, counts and lists leave it "
                "out.", icon=":material/filter_alt_off:")


def meeting_profile(meeting_id: str) -> None:
    p = profiles.meeting_profile(full, meeting_id)
    rec, name = p.record, p.title
    st.header(md_escape(name), anchor=False)
    _record_link(profiles.MEETING, meeting_id)
    _scope(profiles.in_view(ctx.data, profiles.MEETING, meeting_id), "meeting")

    left, right = st.columns([3, 2])
    with left:
        _facts(p.facts)
    with right:
        sub = profiles.meeting_subset(full, meeting_id)
        if p.latitude is None or p.longitude is None or pd.isna(p.latitude) or pd.isna(p.longitude):
            st.caption("Held virtually: no place to draw.")
        else:
            deck = maps.venue_deck(sub, summary.meeting_summary(sub), show_arcs=True, dark=widgets.dark_theme(),
                                   focus=(p.latitude, p.longitude), height_zoom=2.5)
            st.pydeck_chart(deck, height=300, key=keys.PROFILE_MAP, alt=alt_text.venue_of(rec, maps.arc_count(deck)))
            st.caption("The place drawn (for a country visit, the visited State is shaded); arcs from the "
                       "headquarters of organizations that took part, where known.")

    st.subheader("Hosts and participants, by role")
    parts = p.participants
    if parts.empty:
        st.caption("No organization is recorded at this meeting.")
    else:
        st.markdown("\n".join(f"- **{md_escape(role)}** ({n}): {md_escape(names)}"
                              for role, n, names in p.by_role))
        st.caption(prose.taking_part_line(parts))
        st.caption("Choose a row to open the organization's profile.")
        _picker_table(parts, profiles.ORGANIZATION, "org_id", keys.profile("parts", meeting_id),
                      column_order=["role_label", "label", "name", "kind", "notes", "org_id"],
                      column_config={"role_label": st.column_config.TextColumn("role")})

    st.subheader("Reported figures")
    figs = p.figures
    if figs.empty:
        st.caption("No source gives a figure for this meeting.")
    else:
        st.markdown("\n".join(f"- {md_escape(line)}" for line in p.figure_ranges))
        columns.table(figs, key=keys.profile("figures", meeting_id), column_config={"url": LINK})

    st.subheader("Notes and known gaps")
    if p.notes:
        st.markdown(md_escape(p.notes))
    if p.gaps:
        st.markdown("\n".join(f"- {md_escape(g)}" for g in p.gaps))
    elif not p.notes:
        st.caption("No notes and no known gaps.")

    _sources(p.sources, keys.profile("sources", meeting_id), "the meeting record")
    _cite(profiles.MEETING, meeting_id)


def organization_profile(org_id: str) -> None:
    p = profiles.organization_profile(full, org_id)
    name = p.name
    st.header(md_escape(name), anchor=False)
    _record_link(profiles.ORGANIZATION, org_id)
    _scope(profiles.in_view(ctx.data, profiles.ORGANIZATION, org_id), "organization")

    _facts(p.facts)
    if p.website:
        st.link_button("Open the website", p.website, icon=":material/open_in_new:")
    related = p.relations
    if not related.empty:
        st.caption("Parent and child organizations: choose a row to open its profile.")
        _picker_table(related, profiles.ORGANIZATION, "org_id", keys.profile("related", org_id))

    meetings = p.meetings
    met, visited = visits.split(meetings)
    st.subheader("Meetings")
    if met.empty:
        st.caption("No meeting is recorded for this organization.")
    else:
        st.caption("Every meeting the organization is recorded at, in every role. Choose a row to open the meeting.")
        _picker_table(profiles.mark_in_view(met, ctx.data), profiles.MEETING, "meeting_id",
                      keys.profile("meetings", org_id),
                      column_order=["dates", "role_label", "title", "city", "country", "meeting_type", "in_view",
                                    "notes", "meeting_id"],
                      column_config={"role_label": st.column_config.TextColumn("role"),
                                     "in_view": st.column_config.CheckboxColumn(
                                         "in current view", help="Whether the current filters keep this meeting")})
    if visits.is_visit(full.meetings).any():
        st.subheader("Country visits")
        if visited.empty:
            st.caption("No source seen names this organization's experts on a country visit.")
        else:
            st.caption("The country visits whose sources name the organization's experts in the delegation. "
                       "Choose a row to open the visit.")
            _picker_table(profiles.mark_in_view(visited, ctx.data), profiles.MEETING, "meeting_id",
                          keys.profile("visits", org_id),
                          column_order=["dates", "title", "country", "role_label", "in_view", "notes", "meeting_id"],
                          column_config={"role_label": st.column_config.TextColumn("role"),
                                         "country": st.column_config.TextColumn("visited State"),
                                         "in_view": st.column_config.CheckboxColumn(
                                             "in current view", help="Whether the current filters keep this visit")})
    if not meetings.empty:
        alt = alt_text.organization_timeline(meetings, name)
        widgets.show_chart(charts.organization_timeline(meetings), ctx, f"organization-{org_id}", alt,
                           key=keys.PROFILE_TIMELINE, filtered=False)
        widgets.described(alt)

    if p.notes:
        st.subheader("Notes")
        st.markdown(md_escape(p.notes))
    _sources(p.sources, keys.profile("org-sources", org_id), "the organization record")
    _cite(profiles.ORGANIZATION, org_id)


st.title(routes.PROFILE.heading)
st.caption("One meeting or organization in full. Search everything in the data, or pick from the current view.")

query = sidebar.page_choice(ctx.view, "profile-search")
if query and query.strip():
    index = cache.search_index(full.version, full, ctx.uploaded)
    hits = search.search(full, query, index=index, limit=SEARCH_RESULTS.value)
    if hits.empty:
        st.caption("Nothing matches. Try part of a name, an acronym or a city. " + scope.coverage_line(full))
    else:
        options = search.result_options(hits)
        opened = url.requested_profile()
        if len(hits) == 1 and st.session_state.get(keys.PROFILE_AUTO_OPENED) != query:
            # one result: open it at once (once per query, so another profile can still be opened after)
            st.session_state[keys.PROFILE_AUTO_OPENED] = query
            kind, _, entity_id = next(iter(options)).partition(":")
            url.open_profile(kind, entity_id)
            opened = (kind, entity_id)
        # The list shows the profile that is open (not a placeholder): a radio, whose options wrap on a phone.
        st.session_state[keys.PROFILE_RESULT] = f"{opened[0]}:{opened[1]}" if opened and \
            f"{opened[0]}:{opened[1]}" in options else None
        st.radio(f"{len(hits)} result{'s' if len(hits) > 1 else ''}, best first: choose one to open it",
                 list(options), key=keys.PROFILE_RESULT, format_func=lambda k: md_escape(options[k]),
                 on_change=_open_result, args=(keys.PROFILE_RESULT,))

with st.expander(f"Browse the current view: {visits.counts_in_words(ctx.data.meetings)}, "
                 f"{len(ctx.data.organizations)} organizations"):
    if caption := prose.browse_caption(len(ctx.meetings), len(ctx.data.organizations)):
        st.caption(caption)
    meeting_text = search.browse_meetings(ctx.meetings, BROWSE_ENTRIES.value)
    org_text = search.browse_organizations(ctx.data.organizations, BROWSE_ENTRIES.value)
    c1, c2 = st.columns(2)
    c1.selectbox("Meeting", list(meeting_text), index=None, key=keys.BROWSE_MEETING, format_func=meeting_text.get,
                 placeholder="Choose a meeting", filter_mode="contains", on_change=_open_choice,
                 args=(keys.BROWSE_MEETING,))
    c2.selectbox("Organization", list(org_text), index=None, key=keys.BROWSE_ORGANIZATION,
                 format_func=org_text.get, placeholder="Choose an organization", filter_mode="contains",
                 on_change=_open_choice,
                 args=(keys.BROWSE_ORGANIZATION,))

st.divider()
wanted = url.requested_profile()
if wanted is None:
    st.info("Search above, or browse the meetings and organizations of the current view, to open a profile.",
            icon=":material/search:")
else:
    kind, entity_id = wanted
    if profiles.display_name(full, kind, entity_id) is None:
        st.warning(f"No {kind} with the id {md_escape(entity_id)} in {md_escape(full.label)}.",
                   icon=":material/warning:")
    elif kind == profiles.MEETING:
        meeting_profile(entity_id)
    else:
        organization_profile(entity_id)
st.caption(f"Data: {md_escape(full.label)}, version {full.version}. An empty cell or 'unknown' means no source "
           "gives the value.")

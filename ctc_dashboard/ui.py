"""The only module that imports Streamlit: shared widgets and the per-run context.

Pages call ``context()`` to get the data in use, the filters and the filtered tables; the
entry script ``dashboard.py`` builds that context once per run.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from . import exports, filters, summary, text
from .load import DataError, Dataset, Problem, load_files, read_folder, read_zip
from .schema import KINDS, ROLES

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
ENV_VAR = "CTC_DASHBOARD_DATA"
FILTER_KEYS = ("years", "org", "kind", "role", "type")
MAX_PROBLEMS_SHOWN = 500
MAX_TABLE_ROWS = 10_000  # a page of a big table goes to the browser; downloads hold every row


@dataclass(frozen=True)
class Context:
    full: Dataset
    view: Dataset
    filters: filters.Filters
    meetings: pd.DataFrame  # summary.meeting_summary(view)
    uploaded: bool


def data_folder(argv: list[str] | None = None) -> Path:
    """``-- --data DIR`` wins over $CTC_DASHBOARD_DATA, which wins over the shipped data/."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    chosen = args.data or os.environ.get(ENV_VAR) or str(SHIPPED)
    return Path(chosen).expanduser()


def _signature(folder: Path) -> tuple:
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.csv")))
    except OSError:
        return ()


@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=4)
def _load_folder(folder: str, signature: tuple) -> Dataset | list[Problem]:
    """Cached per folder version; frames are shared read-only (pandas copy-on-write)."""
    try:
        label = "shipped data" if Path(folder) == SHIPPED else Path(folder).name
        return load_files(read_folder(folder), label=label)
    except DataError as e:
        return e.problems


@st.cache_resource(max_entries=32, show_spinner=False)
def _filtered(version: str, f: filters.Filters, _ds: Dataset) -> tuple[Dataset, pd.DataFrame]:
    """Per data version and filters: going back to a view, or another session on it, costs nothing."""
    view = filters.apply(_ds, f)
    return view, summary.meeting_summary(view)


def load_upload(files: dict[str, bytes], label: str) -> Dataset | list[Problem]:
    try:
        if len(files) == 1 and next(iter(files)).lower().endswith(".zip"):
            files = read_zip(next(iter(files.values())), label)
        return load_files(files, label=label)
    except DataError as e:
        return e.problems


def show_problems(problems: list[Problem], where: str) -> None:
    st.error(f"{where} does not match the data contract: {len(problems)} problem(s). "
             "Nothing from it is shown until they are fixed.", icon=":material/error:")
    table = pd.DataFrame([p.as_dict() for p in problems])
    st.dataframe(table.head(MAX_PROBLEMS_SHOWN), width="stretch", hide_index=True,
                 column_config={"row": st.column_config.NumberColumn("row", help="Spreadsheet row; header = 1")})
    if len(problems) > MAX_PROBLEMS_SHOWN:
        st.caption(f"The first {MAX_PROBLEMS_SHOWN} of {len(problems)} problems; the download has them all.")
    st.download_button("Download the full report (CSV)", lambda: exports.spreadsheet_csv(table),
                       "validation-report.csv",
                       "text/csv", on_click="ignore", key=f"report-{where}")


def active_dataset() -> tuple[Dataset, bool]:
    """The session's upload if any, else the folder chosen at start; stops the page if it is invalid."""
    up = st.session_state.get("uploaded_dataset")
    if isinstance(up, Dataset):
        return up, True
    folder = data_folder()
    loaded = _load_folder(str(folder), _signature(folder))
    if isinstance(loaded, list):
        st.title("CTC cooperation dashboard")
        show_problems(loaded, f"The data folder {text.md_escape(folder.name)}")
        st.stop()
    return loaded, False


def _org_label(orgs: pd.DataFrame) -> dict[str, str]:
    labels = summary.org_labels(orgs)
    return {oid: (f"{labels[oid]} — {name}" if labels[oid] != name else name)
            for oid, name in zip(orgs["org_id"], orgs["name"], strict=True)}


def _organization_select(ds: Dataset) -> list[str]:
    """Chosen by name or acronym, carried in the URL as ids (``?org=OSCE``) so links stay short and stable.

    ``bind="query-params"`` would put the displayed label in the URL, hence this small bit of plumbing.
    """
    labels = _org_label(ds.organizations)
    order = sorted(labels, key=lambda k: labels[k].casefold())
    if "org" not in st.session_state:
        st.session_state["org"] = [o for o in dict.fromkeys(st.query_params.get_all("org")) if o in labels]
    else:
        st.session_state["org"] = [o for o in st.session_state["org"] if o in labels]
    chosen = st.sidebar.multiselect(
        "Organizations", order, key="org", format_func=labels.get, placeholder="Any organization",
        help="Meetings in which any chosen organization took part (any role but invited).")
    if chosen:
        st.query_params["org"] = chosen
    elif "org" in st.query_params:
        del st.query_params["org"]
    return chosen


def reset_filters(ds: Dataset) -> None:
    d = filters.default_filters(ds)
    st.session_state["years"] = d.years
    st.session_state["org"] = []
    st.session_state["kind"] = []
    st.session_state["role"] = []
    st.session_state["type"] = list(d.meeting_types)


def sidebar_filters(ds: Dataset) -> filters.Filters:
    """The filters, bound to the URL so a copied link reproduces the view."""
    lo, hi = filters.year_bounds(ds)
    types = filters.meeting_types(ds)
    sb = st.sidebar
    sb.header("Filters")
    if lo < hi:
        years = sb.slider("Years", lo, hi, (lo, hi), key="years", bind="query-params")
    else:
        years = (lo, hi)
        sb.caption(f"Years: {lo} (only one year in the data)")
    mtypes = sb.multiselect("Meeting type", types, default=filters.default_types(ds), key="type",
                            bind="query-params", placeholder="All types",
                            help="Special meetings are the default view; add open briefings here.")
    orgs = _organization_select(ds)
    kinds = sb.multiselect("Organization kind", list(KINDS), key="kind", bind="query-params",
                           placeholder="All kinds")
    roles = sb.multiselect("Role", list(ROLES), key="role", bind="query-params", placeholder="All roles",
                           help="Invited: invited, and no source says whether it attended.")
    sb.button("Reset filters", on_click=reset_filters, args=(ds,), key="reset", width="stretch")
    return filters.Filters(years=tuple(years), organizations=tuple(orgs), kinds=tuple(kinds), roles=tuple(roles),
                           meeting_types=tuple(mtypes))


def use_upload(ds: Dataset | None) -> None:
    """Switch this browser session to an uploaded dataset, or back to the folder (None)."""
    if ds is None:
        st.session_state.pop("uploaded_dataset", None)
        folder = data_folder()
        loaded = _load_folder(str(folder), _signature(folder))
        if isinstance(loaded, Dataset):
            reset_filters(loaded)
    else:
        st.session_state["uploaded_dataset"] = ds
        reset_filters(ds)


def build_context() -> Context:
    ds, uploaded = active_dataset()
    if uploaded:
        st.sidebar.info(f"Showing your upload **{text.md_escape(ds.label)}** ({len(ds.meetings)} meetings), "
                        "in this browser session only.", icon=":material/upload_file:")
        st.sidebar.button("Back to the shipped data", on_click=use_upload, args=(None,), key="back-to-shipped",
                          width="stretch")
    f = sidebar_filters(ds)
    view, meetings = _filtered(ds.version, f, ds)
    ctx = Context(full=ds, view=view, filters=f, meetings=meetings, uploaded=uploaded)
    st.session_state["_ctx"] = ctx
    return ctx


def context() -> Context:
    """The context dashboard.py built for this run (built here if a page somehow runs first)."""
    ctx = st.session_state.get("_ctx")
    return ctx if isinstance(ctx, Context) else build_context()


def count_line(ctx: Context) -> str:
    n, total = len(ctx.view.meetings), len(ctx.full.meetings)
    if n == 0:
        return f"0 of {total} meetings match the filters."
    years = ctx.view.meetings["start_date"].dt.year
    span = f"{years.min()}" if years.min() == years.max() else f"{years.min()}–{years.max()}"
    appearances = int(ctx.meetings["named_organizations"].sum())
    orgs = filters.organizations_taking_part(ctx.view.participation)
    return (f"{n} of {total} meetings, {span} · {orgs} organizations named as taking part "
            f"({appearances} appearances)")


def page_header(title: str, ctx: Context) -> bool:
    """Title, the count line and the empty state. Returns False when nothing matches."""
    st.title(title)
    st.markdown(f"**{count_line(ctx)}**")
    if ctx.view.meetings.empty:
        st.info("No meeting matches these filters. Widen the years, add a meeting type, or reset the filters.",
                icon=":material/filter_alt_off:")
        st.button("Reset filters", on_click=reset_filters, args=(ctx.full,), key="reset-empty")
        return False
    return True


def sources_line(ctx: Context) -> None:
    n = len(ctx.view.sources)
    st.caption(f"Sources: {n} documents cited by what is shown (listed on the Sources & about page). "
               f"Data: {text.md_escape(ctx.full.label)}, version {ctx.full.version}. "
               "An empty cell or 'unknown' means no source gives the value.")


def chart_or_table(fig, table: pd.DataFrame, name: str, selectable: bool = False):
    """Every view two ways, over the same filtered data (as Our World in Data does).

    ``selectable`` charts return the click selection (``on_select``); see ``selected_ids``.
    """
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        if selectable:
            event = st.plotly_chart(fig, width="stretch", key=selection_key(name), on_select="rerun",
                                    selection_mode="points")
        else:
            event = st.plotly_chart(fig, width="stretch", key=name)
    with table_tab:
        if len(table) > MAX_TABLE_ROWS:
            st.caption(f"The first {MAX_TABLE_ROWS:,} of {len(table):,} rows; the download has them all.")
        st.dataframe(table.head(MAX_TABLE_ROWS), width="stretch", hide_index=True, key=f"table-{name}")
        st.download_button("Download this table (CSV)", lambda: exports.spreadsheet_csv(table), f"ctc-{name}.csv",
                           "text/csv", on_click="ignore", key=f"dl-{name}")
    return event


# ---------------------------------------------------------------- click to select

def selection_key(name: str) -> str:
    """Widget key that changes on "clear", since a chart's selection cannot be reset in place."""
    return f"{name}-{st.session_state.get(f'{name}-generation', 0)}"


def selected_ids(event, how: str, table: pd.DataFrame | None = None) -> list[str]:
    """Meeting ids picked by a click: on the map (layer "venues"), on the timeline (customdata) or on a bar (y)."""
    if event is None or not getattr(event, "selection", None):
        return []
    sel = event.selection
    if how == "map":
        return [o.get("meeting_id") for o in sel.get("objects", {}).get("venues", []) if o.get("meeting_id")]
    points = sel.get("points", [])
    if how == "timeline":
        return [p["customdata"][-1] for p in points if p.get("customdata")]
    if how == "bar" and table is not None:
        by_label = dict(zip(table["meeting"].map(text.plot_escape), table["meeting_id"], strict=True))
        return [by_label[p["y"]] for p in points if p.get("y") in by_label]
    return []


def selection_box(ctx: Context, name: str, picked: list[str]) -> None:
    """What a click selected, in a visible box and in the URL (?meeting=), with a profile link and a clear."""
    if picked:
        st.query_params["meeting"] = picked[0]
    meeting_id = st.query_params.get("meeting")
    m = ctx.full.meetings
    row = m[m["meeting_id"] == meeting_id]
    if row.empty:
        return
    r = row.iloc[0]
    with st.container(border=True):
        st.markdown(f"**Selected:** {text.md_escape(r['title'])} · {r['start_date']:%d %b %Y} · "
                    f"{text.md_escape(r['city'])}")
        c1, c2 = st.columns(2)
        c1.page_link("app_pages/profiles.py", label="Open the meeting's profile", icon=":material/search:",
                     query_params={"meeting": meeting_id})
        c2.button("Clear selection", key=f"clear-{name}", on_click=_clear_selection, args=(name,))


def _clear_selection(name: str) -> None:
    st.session_state[f"{name}-generation"] = st.session_state.get(f"{name}-generation", 0) + 1
    if "meeting" in st.query_params:
        del st.query_params["meeting"]

"""What changed in the data: the shipped data's latest release (from its changelog), and what changed since an
earlier data package the user uploads. The upload is read in this session only and never kept."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..dataset import changelog
from ..dataset.load import load_bytes
from ..dataset.problems import DataError
from ..derive import changes
from ..derive.exports import spreadsheet_csv
from ..render.escape import md_escape
from . import keys, source
from .context import Context
from .widgets import show_problems


def releases() -> tuple[changelog.Release, ...] | None:
    """The shipped data's changelog (None without one)."""
    return changelog.read(source.SHIPPED)


def cited_version(ctx: Context) -> str:
    """The data version a citation names, with its release when the changelog lists it ("00e923337ae7,
    release 2026-12-04")."""
    release = changelog.release_of(ctx.full.version, releases())
    return ctx.full.version + (f", release {release.version}" if release else "")


def _changes_frame(release: changelog.Release) -> pd.DataFrame:
    return pd.DataFrame([{"what": c.what, "why": c.why, "source": c.source} for c in release.changes])


def latest_release(ctx: Context) -> None:
    """The changes of the release shown (the shipped data's latest), earlier releases folded away."""
    found = releases()
    if not found:
        st.caption("This data folder has no changelog.")
        return
    shown = changelog.release_of(ctx.full.version, found)
    if shown is None:
        st.caption(f"Data version {ctx.full.version} is not a released version of the shipped data (the changelog "
                   f"lists {', '.join(r.data_version for r in found)}). Upload an earlier package below to see what "
                   "differs.")
        return
    st.markdown(f"Release **{md_escape(shown.version)}** of {shown.date:%d %B %Y} (data version "
                f"`{shown.data_version}`): what changed since the previous release, why, and the source.")
    st.dataframe(_changes_frame(shown), width="stretch", hide_index=True, key=keys.CHANGES_TABLE,
                 column_config={c: st.column_config.TextColumn(c, width="large") for c in ("what", "why")})
    earlier = [r for r in found if r.date < shown.date]
    if earlier:
        with st.expander(f"Earlier releases ({len(earlier)})"):
            for r in earlier:
                st.markdown(f"**{md_escape(r.version)}** ({r.date:%d %B %Y}, data version `{r.data_version}`)")
                st.dataframe(_changes_frame(r), width="stretch", hide_index=True)


def compare_upload(ctx: Context) -> None:
    """Upload an earlier data package (.zip or .xlsx): every row added, removed or changed since, by table."""
    up = st.file_uploader("An earlier data package (.zip) or workbook (.xlsx) you downloaded", type=["zip", "xlsx"],
                          key=keys.COMPARE_UPLOAD)
    if up is None:
        return
    try:
        old = load_bytes(up.name, up.getvalue())
    except DataError as e:
        show_problems(list(e.problems), md_escape(up.name))
        return
    found = changes.diff(old, ctx.full)
    counts = changes.counts(found, old, ctx.full)
    release = changelog.release_of(old.version, releases())
    named = f" (release {release.version})" if release else ""
    st.markdown(f"From **{md_escape(up.name)}** (data version `{old.version}`{md_escape(named)}) to the data shown "
                f"(`{ctx.full.version}`): {len(found)} change(s).")
    st.dataframe(counts, width="stretch", hide_index=True)
    if not found.empty:
        st.dataframe(found, width="stretch", hide_index=True, key=keys.COMPARE_TABLE)
        st.download_button("Download the changes (CSV)", spreadsheet_csv(found), file_name="changes.csv",
                           mime="text/csv", key=keys.download(keys.COMPARE_TABLE))

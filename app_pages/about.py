"""Sources & about: the inclusion rule, every source, known gaps, how to cite."""


import streamlit as st

from ctc_dashboard.contract import licence
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.derive import summary
from ctc_dashboard.render import prose
from ctc_dashboard.render.escape import md_escape
from ctc_dashboard.ui import changes, columns, keys, routes, source, widgets
from ctc_dashboard.ui.context import context

ctx = context()
st.title(routes.ABOUT.heading)

st.header("Data version")
widgets.data_version_status(ctx)

st.header("What changed")
changes.latest_release(ctx)
st.subheader("What changed since your download")
changes.compare_upload(ctx)

st.header("Sources")
src = ctx.full.sources
st.caption(f"{len(src)} sources in {md_escape(ctx.full.label)}; "
           f"{len(ctx.data.sources)} are cited by the current view.")
st.markdown(" · ".join(f"{md_escape(k)}: {v}" for k, v in summary.reliability_counts(src).items()))
columns.table(src, key=keys.SOURCES_TABLE, ids_last=False)
st.caption("'mirror' marks an unofficial copy of a UN page, kept because the official page could not be reached.")

st.header("How to cite this view")
widgets.cite_view(ctx, routes.ABOUT.url_path, changes.cited_version(ctx))

if ctx.full.label == source.SHIPPED_LABEL and (readme := source.readme()) is not None:
    st.header("About the data: inclusion rule, columns, known gaps")
    st.markdown(prose.demote_headings(readme, 2))  # its h1 and h2 nest under this h2

st.header("Licence")
st.markdown(licence.data_licence_line())
st.markdown(licence.code_licence_line())

st.header("The data contract")
for t in TABLES.values():
    with st.expander(f"{t.file}{'' if t.required else ' (optional)'}: {t.description}"):
        st.dataframe([{"column": f.name, "type": f.type, "required": f.required, "meaning": f.description,
                       "allowed": ", ".join(f.enum)} for f in t.fields], width="stretch", hide_index=True)

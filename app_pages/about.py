"""Sources & about: the inclusion rule, every source, known gaps, how to cite."""

import datetime as dt

import streamlit as st

from ctc_dashboard import text, ui
from ctc_dashboard.schema import TABLES

ctx = ui.context()
st.title("Sources & about")

st.subheader("Sources")
src = ctx.full.sources
st.caption(f"{len(src)} sources in {text.md_escape(ctx.full.label)}; "
           f"{len(ctx.view.sources)} are cited by the current view.")
if "reliability" in src.columns:
    counts = src["reliability"].fillna("not given").value_counts()
    st.markdown(" · ".join(f"{text.md_escape(k)}: {v}" for k, v in counts.items()))
st.dataframe(src, width="stretch", hide_index=True, key="sources-table",
             column_config={"url": st.column_config.LinkColumn("url"),
                            "published": st.column_config.DateColumn("published", format="YYYY-MM-DD")})
st.caption("'mirror' marks an unofficial copy of a UN page, kept because the official page could not be reached.")

st.subheader("How to cite this view")
cite = text.CITE.format(label=ctx.full.label, version=ctx.full.version,
                        filters="; ".join(ctx.filters.describe(ctx.full)) or "default view",
                        date=dt.date.today().isoformat())
st.code(cite, language=None, wrap_lines=True)
st.caption("Copy the page address too: the filters live in it, so the link reproduces this view.")

if ctx.full.label == "shipped data":
    readme = ui.SHIPPED / "README.md"
    if readme.exists():
        st.subheader("About the data: inclusion rule, columns, known gaps")
        st.markdown(readme.read_text(encoding="utf-8"))

st.subheader("The data contract")
for t in TABLES.values():
    with st.expander(f"{t.file}{'' if t.required else ' (optional)'}: {t.description}"):
        st.dataframe([{"column": f.name, "type": f.type, "required": f.required, "meaning": f.description,
                       "allowed": ", ".join(f.enum)} for f in t.fields], width="stretch", hide_index=True)

"""Data: every table as filtered, downloads, and loading your own data."""

import streamlit as st

from ctc_dashboard import exports, text, ui
from ctc_dashboard.schema import TABLES

ctx = ui.context()
st.title("Data")
st.markdown(f"**{ui.count_line(ctx)}**")
st.caption("Each table below holds exactly what the filters leave. Empty cells (shown as None) mean unknown.")

LINKS = {"url": st.column_config.LinkColumn("url"), "website": st.column_config.LinkColumn("website")}
DATES = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD") for c in ("start_date", "end_date", "published")}

FILTERED_MEANS = {
    "meetings": "Filtered: the meetings that match every filter.",
    "organizations": "Filtered: the organizations at those meetings (any role, within the kind and role filters), "
                     "plus their parent organizations, so every reference in the download resolves.",
    "participation": "Filtered: the rows of those meetings, within the kind and role filters.",
    "sources": "Filtered: the sources cited by the rows of the other filtered tables.",
    "reported_figures": "Filtered: the figures of those meetings.",
}

tabs = st.tabs([t.title for t in TABLES.values()])
for tab, (name, table) in zip(tabs, TABLES.items(), strict=True):
    with tab:
        if name == "reported_figures" and not ctx.full.has_reported_figures:
            st.info("This data has no reported_figures.csv (the table is optional).")
            continue
        df = ctx.view.table(name)
        full = ctx.full.table(name)
        st.caption(f"{len(df)} of {len(full)} rows. {table.description} {FILTERED_MEANS.get(name, '')}")
        config = {**DATES, **{c: v for c, v in LINKS.items() if c in df.columns}}
        for f in table.fields:
            if f.name in df.columns and f.name not in config:
                config[f.name] = st.column_config.Column(f.name, help=f.description)
        shown = df if len(df) <= 10_000 else df.head(10_000)
        if len(df) > 10_000:
            st.caption(f"Showing the first 10,000 of {len(df)} rows; the download has them all.")
        st.dataframe(shown, width="stretch", hide_index=True, column_config=config, key=f"table-{name}")
        c1, c2 = st.columns(2)
        c1.download_button(f"Download filtered {table.file} ({len(df)} rows)",
                           lambda df=df: exports.spreadsheet_csv(df),
                           exports.file_name(name, ctx.full, ctx.filters), "text/csv", on_click="ignore",
                           key=f"dl-filtered-{name}", width="stretch", icon=":material/download:")
        c2.download_button(f"Download the full {table.file} ({len(full)} rows)",
                           lambda full=full: exports.spreadsheet_csv(full),
                           exports.file_name(name, ctx.full, None), "text/csv", on_click="ignore",
                           key=f"dl-full-{name}", width="stretch")

st.subheader("Data package")
st.markdown("All tables as filtered, in the contract's exact format, with `datapackage.json` and a manifest "
            "(filters, row counts, data version). Load it back here to see the same view. The CSVs above are "
            "for spreadsheets: a cell that starts with `=`, `+`, `-` or `@` gets a leading apostrophe.")
st.download_button("Download the filtered data package (ZIP)",
                   lambda: exports.data_package_zip(ctx.view, ctx.filters),
                   exports.file_name("data-package", ctx.full, ctx.filters, "zip"), "application/zip",
                   on_click="ignore", key="dl-zip", icon=":material/folder_zip:")

st.subheader("Load your own data")
st.markdown("Upload the CSV files of a folder that follows the data contract (see *Sources & about*), or one ZIP "
            "as the data package above. It is checked first; if it is valid every page shows it, for this "
            "browser session only. Nothing is stored on the server.")
uploads = st.file_uploader("CSV files or one ZIP", type=["csv", "zip"], accept_multiple_files=True, key="upload")
if uploads and st.button("Check and use these files", type="primary", key="use-upload"):
    files = {u.name: u.getvalue() for u in uploads}
    label = uploads[0].name if len(uploads) == 1 else f"{len(uploads)} uploaded files"
    result = ui.load_upload(files, label)
    if isinstance(result, list):
        ui.show_problems(result, f"The upload {text.md_escape(label)}")
        st.info("You still see the data you had before.")
    else:
        ui.use_upload(result)
        st.rerun()

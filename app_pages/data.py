"""Data: every table as filtered, downloads, and loading your own data."""

from urllib.parse import urlencode

import streamlit as st

from ctc_dashboard.contract import licence
from ctc_dashboard.contract.schema import TABLES
from ctc_dashboard.derive import citations, exports, sqlite, workbook
from ctc_dashboard.derive.view import to_query
from ctc_dashboard.render.escape import md_escape
from ctc_dashboard.ui import address, keys, routes, sidebar, source, widgets
from ctc_dashboard.ui.context import context
from ctc_dashboard.web import urls

ctx = context()
st.title(routes.DATA.heading)
st.markdown(f"**{widgets.count_line(ctx)}**")
widgets.hidden_notice(ctx)
st.caption("Each table below holds exactly what the filters leave. An empty value reads 'unknown'.")
if ctx.full.notes:
    with st.expander(f"How {md_escape(ctx.full.label)} was read: {len(ctx.full.notes)} note(s)", expanded=True,
                     icon=":material/info:"):
        for note in ctx.full.notes:
            st.markdown(f"- {md_escape(note)}")

tabs = sidebar.page_tabs(ctx.view, "data-tab")
for tab, (name, table) in zip(tabs, TABLES.items(), strict=True):
    with tab:
        if not ctx.full.has(name):
            st.info(f"This data has no {table.file} (the table is optional).")
            continue
        df = ctx.data.table(name)
        full = ctx.full.table(name)
        st.caption(f"{len(df)} of {len(full)} rows. {table.description} {exports.FILTERED_MEANS[name]}")
        if name == "participation":  # ids only in the contract: shown with the meeting and organization spelled out
            readable = exports.readable_participation(ctx.data)
            st.caption("Shown with each meeting's date, place and title and each organization's name beside the ids.")
            widgets.capped_dataframe(readable, key=keys.table(name), ids_last=False)
            st.download_button(f"Download the spreadsheet CSV: dates, places, titles, names ({len(df)} rows)",
                               lambda readable=readable: exports.spreadsheet_csv(readable),
                               exports.file_name("participation-readable", ctx.view), "text/csv",
                               on_click="ignore", key=keys.download("readable-participation"), width="stretch",
                               icon=":material/table_view:", type="primary")
        else:
            widgets.capped_dataframe(df, key=keys.table(name), ids_last=False)  # the contract's own column order
        c1, c2 = st.columns(2)
        c1.download_button(f"Download filtered {table.file} ({len(df)} rows)",
                           lambda df=df: exports.spreadsheet_csv(df),
                           exports.file_name(name, ctx.view), "text/csv", on_click="ignore",
                           key=keys.download(f"filtered-{name}"), width="stretch", icon=":material/download:")
        c2.download_button(f"Download the full {table.file} ({len(full)} rows)",
                           lambda full=full: exports.spreadsheet_csv(full),
                           exports.file_name(name, ctx.full), "text/csv", on_click="ignore",
                           key=keys.download(f"full-{name}"), width="stretch")
        if not ctx.uploaded:  # the API serves the shipped or served folder only, never an upload
            api = (address.server_address() or "") + urls.api_path(name)
            q = urlencode(to_query(ctx.view), doseq=True)
            st.caption(f"For programs, the same filtered rows: [JSON]({api}{'?' + q if q else ''}) · "
                       f"[CSV]({api[:-len('json')]}csv{'?' + q if q else ''}) (the API takes this page's filters; "
                       "see the README).")

st.header("Data package")
st.markdown("All tables as filtered, in the contract's exact format, with `datapackage.json` and a manifest "
            "(filters, row counts, data version). Load it back here to see the same view. The CSVs above are "
            "for spreadsheets: a cell that starts with `=`, `+`, `-` or `@` gets a leading apostrophe.")
st.download_button("Download the filtered data package (ZIP)",
                   lambda: exports.data_package_zip(ctx.view),
                   exports.file_name("data-package", ctx.view, "zip"), "application/zip",
                   on_click="ignore", key=keys.DATA_PACKAGE, icon=":material/folder_zip:")

st.header("Excel workbook and SQLite database")
st.markdown("The same filtered tables as one Excel workbook (a sheet per table and an *About* sheet with the filters, "
            "data version, row counts and licence; every text cell is text, never a formula), or as a SQLite "
            "database for [Datasette](https://datasette.io) with keys, a `year` column and full-text search: "
            "save both files below in one folder and run `datasette <file>.db -m metadata.json`.")
db_name = exports.file_name("database", ctx.view, "db")
too_big = workbook.too_big_for_excel(ctx.data)
c1, c2, c3 = st.columns(3)
c1.download_button("Download the filtered workbook (.xlsx)",
                   lambda: workbook.workbook_bytes(ctx.view),
                   exports.file_name("workbook", ctx.view, "xlsx"), workbook.XLSX_MIME,
                   on_click="ignore", key=keys.WORKBOOK, width="stretch", icon=":material/table_view:",
                   disabled=too_big is not None, help=too_big)
c2.download_button("Download the filtered database (.db)", lambda: sqlite.sqlite_bytes(ctx.view),
                   db_name, "application/vnd.sqlite3", on_click="ignore", key=keys.DATABASE, width="stretch",
                   icon=":material/database:")
c3.download_button("Download its metadata.json (Datasette)",
                   lambda: sqlite.metadata_json(ctx.view, db_name.removesuffix(".db")),
                   "metadata.json", "application/json", on_click="ignore", key=keys.DATABASE_METADATA,
                   width="stretch")
st.caption(licence.data_licence_line())

st.header("Cite this view")
cite = citations.view_citation(ctx.full, ctx.view.describe(), address.view_address(ctx.view, routes.DATA.url_path))
for tab, text in zip(st.tabs(list(cite.formats())), cite.formats().values(), strict=True):
    tab.code(text, language=None, wrap_lines=True)
st.caption("The address reproduces this view (the filters live in it); the data version says which data it showed.")

st.header("Load your own data")
st.markdown("Upload the CSV files of a folder that follows the data contract (see *Sources & about*), one ZIP "
            "as the data package above, or one Excel workbook (.xlsx) with a sheet per table, named as the "
            "table. It is checked first; if it is valid every page shows it, for this browser session only. "
            "Nothing is stored on the server.")
st.download_button("Download the empty workbook template (.xlsx)", workbook.template_bytes, "ctc-template.xlsx",
                   workbook.XLSX_MIME, on_click="ignore", key=keys.TEMPLATE, icon=":material/note_add:",
                   help="Empty sheets with their headers, drop-down lists for the allowed values, and a README "
                        "sheet with every column's meaning.")
uploads = st.file_uploader("CSV files, one ZIP or one Excel workbook", type=["csv", "zip", "xlsx"],
                           accept_multiple_files=True, key=keys.UPLOAD)
if uploads and st.button("Check and use these files", type="primary", key=keys.USE_UPLOAD):
    files = [(u.name, u.getvalue()) for u in uploads]
    label = uploads[0].name if len(uploads) == 1 else f"{len(uploads)} uploaded files"
    result = source.load_upload(files, label)
    if isinstance(result, list):
        widgets.show_problems(result, f"The upload {md_escape(label)}")
        st.info("You still see the data you had before.")
    else:
        source.use_upload(result)
        st.rerun()

"""Every cap of the dashboard, declared once with what it protects (as Datasette declares its settings).

Code reads ``LIMIT.value``; a caption that mentions a cap quotes ``LIMIT.value`` too, so the text
never drifts from the rule. ``LIMITS`` lists them all, for the docs and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    name: str
    value: int
    help: str


TIMELINE_POINTS = Limit("timeline_points", 3000,
                        "Above this many meetings a timeline draws meetings per year instead of one marker each.")
BREAKDOWN_MEETINGS = Limit("breakdown_meetings", 60,
                           "The per-meeting breakdown shows at most this many meetings (most named organizations).")
TOP_ORGANIZATIONS = Limit("top_organizations", 30,
                          "The meetings-per-organization chart shows at most this many organizations.")
MAP_POINTS = Limit("map_points", 5000, "Above this many meetings the map draws one circle per city.")
MAP_ARCS = Limit("map_arcs", 3000, "The map draws at most this many arcs (the most travelled first).")
MATRIX_ORGANIZATIONS = Limit("matrix_organizations", 60,
                             "The participation matrix shows at most this many organizations (most meetings).")
MATRIX_MEETINGS = Limit("matrix_meetings", 200,
                        "The participation matrix shows at most this many meetings (most of the kept organizations).")
AXIS_LABEL_CHARS = Limit("axis_label_chars", 32, "Longer organization labels are cut on an axis (hover: in full).")
CITED_FOR = Limit("cited_for", 6, "A source's 'cited for' cell names at most this many records.")
SEARCH_QUERY_CHARS = Limit("search_query_chars", 200, "A search query is read up to this many characters.")
SEARCH_RESULTS = Limit("search_results", 50, "The search box lists at most this many results.")
BROWSE_ENTRIES = Limit("browse_entries", 2000, "Each browse list of the Profiles page holds at most this many entries.")
TABLE_ROWS = Limit("table_rows", 10_000, "A table on a page shows at most this many rows; its download has them all.")
PROBLEMS_SHOWN = Limit("problems_shown", 500,
                        "A validation report shows this many problems; its download has them all.")
VALUE_PREVIEW_CHARS = Limit("value_preview_chars", 60, "A problem quotes at most this many characters of a value.")
ZIP_UNPACKED_BYTES = Limit("zip_unpacked_bytes", 512 * 1024 * 1024,
                           "A ZIP (or an .xlsx workbook, itself a ZIP) may unpack to at most this many "
                           "bytes (guards against zip bombs).")
TEMPLATE_ROWS = Limit("template_rows", 5000,
                      "The workbook template's drop-down lists (allowed values) cover this many rows of each sheet.")
ZIP_MEMBERS = Limit("zip_members", 1_000,
                    "A ZIP may hold at most this many members (a data package has 7); checked before it is parsed.")
ZIP_NAME_CHARS = Limit("zip_name_chars", 1_024, "A ZIP member's name may be at most this many characters.")
DATA_WATCH_SECONDS = Limit("data_watch_seconds", 5,
                           "The served data folder is checked for changes this often (and on every page run).")
UPLOAD_MB = Limit("upload_mb", 50,
                  "Uploads are refused above this size (server.maxUploadSize in .streamlit/config.toml).")
API_PAGE_SIZE = Limit("api_page_size", 100, "The API returns this many rows per page unless _size asks for fewer "
                      "or more.")
API_PAGE_MAX = Limit("api_page_max", 1000, "The API returns at most this many rows per page (_size above it is "
                     "refused).")
RECORDS_PAGE = Limit("records_page", 200, "A records list (a year's meetings, a kind's organizations) shows this "
                     "many per page.")
RECORD_MEETINGS_PAGE = Limit("record_meetings_page", 50, "An organization's record page lists this many of its "
                             "meetings per page (the Committee convenes them all: its page stays under 60 KB).")
RECORDS_INLINE = Limit("records_inline", 60, "The records index lists a year's meetings or a kind's "
                       "organizations in full up to this many; above it, links to their pages.")
SITEMAP_URLS = Limit("sitemap_urls", 50_000, "One sitemap file lists at most this many addresses (the protocol's "
                     "cap); above it /sitemap.xml is an index of several.")
API_ANSWERS = Limit("api_answers", 64, "JSON answers of the API kept by address (one page each: about 35 KB at the "
                    "default page size, 350 KB at the largest), so a repeated request is not built again.")
RECORD_PAGES = Limit("record_pages", 256, "Record pages kept rendered by address (under 60 KB each, most under 10 "
                     "KB), so a popular record is not built again until the data or the day changes.")
WEB_VIEWS = Limit("web_views", 8, "Filtered views (and index lists) the records and the API keep in memory, "
                  "shared by every request, served data only; a view costs as a cached view does (up to 90 MB at "
                  "100,000 meetings).")

# Caches: each comes twice, process-wide for the served data (shared by every session) and per session for an
# upload (never process-wide: it would outlive the session). Memory measured on synthetic data (bench/).
SERVED_FOLDERS = Limit("served_folders", 4,
                       "Data folders one process holds at once (normally one: --data). Each is the whole data "
                       "in memory: about 84 MB at 100,000 meetings, plus a 37 MB index for the filter counts.")
CACHED_VIEWS = Limit("cached_views", 32,
                     "Filtered views of the served data kept process-wide. Each is a filtered copy of the tables "
                     "and its meeting summary: up to 90 MB at 100,000 meetings (the default view), under 1 MB on "
                     "the shipped data; narrower views cost less.")
UPLOAD_VIEWS = Limit("upload_views", 8,
                     "An upload's filtered views cached in its session; each costs as a cached view does (up to 90 MB "
                     "at 100,000 meetings).")
CACHED_COUNT_TABLES = Limit("cached_count_tables", 64,
                            "Filter-option counts kept process-wide, one table per set of filters: about 25 KB "
                            "each at 100,000 meetings.")
UPLOAD_COUNT_TABLES = Limit("upload_count_tables", 8, "An upload's filter-option count tables cached in its "
                            "session (about 25 KB each at 100,000 meetings).")
CACHED_OPTIONS = Limit("cached_options", 4, "Filter and page-choice options (and their words) kept process-wide, "
                       "one per data version: about 0.1 MB at 100,000 meetings.")
UPLOAD_OPTIONS = Limit("upload_options", 1, "An upload's filter options cached in its session (0.1 MB at "
                       "100,000 meetings).")
CACHED_MATRICES = Limit("cached_matrices", 8, "Who-came-back matrix and table pairs kept process-wide, per "
                        "filters and sort: about 1 MB each at 100,000 meetings (the matrix is capped).")
UPLOAD_MATRICES = Limit("upload_matrices", 2, "An upload's who-came-back tables cached in its session (about "
                        "1 MB each at 100,000 meetings).")
CACHED_SEARCH_INDEXES = Limit("cached_search_indexes", 4, "Search indexes (normalised text of every record) kept "
                              "process-wide, one per data version: about 73 MB at 100,000 meetings.")
UPLOAD_SEARCH_INDEXES = Limit("upload_search_indexes", 1, "An upload's search index cached in its session "
                              "(about 73 MB at 100,000 meetings).")

LIMITS: dict[str, Limit] = {v.name: v for v in globals().copy().values() if isinstance(v, Limit)}

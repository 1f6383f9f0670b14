"""The targets the lead set for 100,000 meetings, and the table that says whether they are met."""

from __future__ import annotations

from pathlib import Path

from ctc_dashboard.ui import routes

from .common import median, table

# The Who came back page's run is filed under its script's name (bench.apptest): was "explore", a name the page
# no longer has, so the row said "not measured".
WHO_CAME_BACK = Path(routes.CONTINUITY.file).stem

# Targets the lead set for 100,000 meetings.
TARGETS = {"filter_rerun_ms": 300, "first_load_s": 10, "rss_mb": 1024, "csv_1m_s": 2, "who_came_back_ms": 500}


def targets_table(results: dict) -> list[str]:
    name = "synthetic 100,000"
    s = results["server"].get(name, {})
    b = results["browser"].get(f"dashboard, {name}", {})
    rows = []

    def row(what: str, value: float | None, limit: float, unit: str) -> None:
        if value is None:
            rows.append([what, "–", f"≤ {limit:g} {unit}", "not measured"])
            return
        rows.append([what, f"{value:,.2f} {unit}" if unit == "s" else f"{value:,.0f} {unit}", f"≤ {limit:g} {unit}",
                     "✅ met" if value <= limit else f"❌ {value / limit:.1f}× over"])

    if "filters" in s:
        worst = max(median(v["total_s"]) for k, v in s["filters"].items() if k != "no filter (all types)")
        row("filter rerun server work (apply + summary, worst typical change)", worst * 1000,
            TARGETS["filter_rerun_ms"], "ms")
        ov = s.get("apptest", {}).get("whole", {}).get("overview, years narrowed")
        row("whole Overview rerun after a years change (AppTest)", median(ov) * 1000 if ov else None,
            TARGETS["filter_rerun_ms"], "ms")
        ov = s.get("apptest", {}).get("whole", {}).get("overview, one year less")
        row("whole Overview rerun, one year less (AppTest)", median(ov) * 1000 if ov else None,
            TARGETS["filter_rerun_ms"], "ms")
        wcb = s.get("apptest", {}).get("page", {}).get(WHO_CAME_BACK)
        row("Who came back page run, cold matrix cache (AppTest)", median(wcb) * 1000 if wcb else None,
            TARGETS["who_came_back_ms"], "ms")
        row("load + validate (server side)", median(s["load_s"]), TARGETS["first_load_s"], "s")
    row("first load in the browser (cold server)", median(b.get("cold_load_s", [])), TARGETS["first_load_s"], "s")
    fc = median(b.get("filter_change_s", []))
    if fc is not None:
        rows.append(["filter change in the browser, key press to redrawn (for reference)", f"{fc:,.2f} s", "–", ""])
    rss = [x for x in b.get("server_rss_mb", []) if x]
    row("server peak RSS (streamlit, browser runs)", max(rss) if rss else None, TARGETS["rss_mb"], "MB")
    row("peak RSS (Python worker, load + all work + AppTest)", s.get("rss_peak_mb"), TARGETS["rss_mb"], "MB")
    d = s.get("downloads", {})
    row(f"spreadsheet CSV of the full participation ({d.get('spreadsheet_csv(full participation) rows', 0):,} rows)",
        median(d.get("spreadsheet_csv(full participation)", [])), TARGETS["csv_1m_s"], "s")
    return [table(["measure", "measured", "target", ""], rows)]

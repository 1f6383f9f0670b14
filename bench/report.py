"""bench/RESULTS.md from the results: folders, server side, AppTest runs, browser side, targets, notes."""

from __future__ import annotations

import statistics
from pathlib import Path

from .builders import builders_section
from .common import SEED, median, table
from .targets import targets_table


def fmt_s(xs, unit: str = "s") -> str:
    if isinstance(xs, (int, float)):
        xs = [xs]
    xs = [x for x in (xs or []) if x is not None]
    if not xs:
        return "–"
    med = statistics.median(xs)
    if unit == "ms":
        txt = f"{med * 1000:,.0f} ms"
        return txt if len(xs) < 3 else f"{txt} ({min(xs) * 1000:,.0f}–{max(xs) * 1000:,.0f})"
    txt = f"{med:.2f} s"
    return txt if len(xs) < 3 else f"{txt} ({min(xs):.2f}–{max(xs):.2f})"


def summary_section(path: Path) -> list[str]:
    """The hand-written summary of the last whole run (kept, at the top), if there is one."""
    from bench.results_md import SUMMARY, kept_sections

    kept = kept_sections(path.read_text(encoding="utf-8"), (SUMMARY,)) if path.exists() else ""
    return [kept.strip("\n"), ""] if kept else []


def write_report(results: dict, path: Path) -> None:
    mach = results["machine"]
    server = results["server"]
    browser = results["browser"]
    names = list(server)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench.run{' --quick' if results['quick'] else ''}` on {mach['date']} "
        f"in {results['elapsed_s'] / 60:.1f} min. Medians, with (min–max) when there are 3 runs or more.",
        "",
        *summary_section(path),
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; RAM {mach['ram']}",
        f"- {mach['os']}; Python {mach['python']}; {mach['chromium']}",
        "- " + ", ".join(f"{k} {v}" for k, v in mach["versions"].items()),
        "- Load average (1, 5, 15 min) when each part started: "
        + "; ".join(f"{k}: {v}" for k, v in results.get("loadavg", {}).items())
        + (f". **The machine was shared** (load above its {mach['cores']} cores at times): absolute times are "
           "noisy; compare sizes and ratios." if any(float(v.split()[0]) > (mach["cores"] or 1)
                                                     for v in results.get("loadavg", {}).values()
                                                     if v and v[0].isdigit()) else ""),
        "",
        "## The folders",
        "",
    ]
    def folder_row(n: str, r: dict) -> list[str] | None:
        if "rows" not in r:
            return None
        c = r["rows"]
        return [n, f"{c['meetings']:,}", f"{c['organizations']:,}", f"{c['participation']:,}", f"{c['sources']:,}",
                f"{c['reported_figures']:,}", f"{r['bytes'] / 2**20:.1f} MB",
                fmt_s(results["synth_s"].get(n)) if n in results["synth_s"] else "–"]

    rows = [row for n in names if (row := folder_row(n, server[n])) is not None]
    lines += [table(["folder", "meetings", "organizations", "participation", "sources", "reported figures",
                     "CSV size", "synth write"], rows), ""]
    lines += [
        f"Synthetic folders: `python -m ctc_dashboard synth --meetings N --out bench/out/synth-N --seed {SEED}` "
        "(default organizations max(40, N // 50)).",
        "",
        "## Server side (Python, one subprocess per folder)",
        "",
        "### Load and memory",
        "",
    ]
    rows = [[n, "error", "", "", ""] if "load_s" not in r else
            [n, fmt_s(r["load_s"]), f"{r['rss_after_load_mb']:.0f} MB", f"{r['rss_after_work_mb']:.0f} MB",
             f"{r['rss_peak_mb']:.0f} MB"] for n, r in ((n, server[n]) for n in names)]
    lines += [table(["folder", "load + validate", "peak RSS after load", "after figures + downloads",
                     "peak incl. AppTest"], rows), ""]
    lines += ["### Filter rerun: filters.apply + summary.meeting_summary + facets.counts", ""]
    scen = list(next(r for r in server.values() if "filters" in r)["filters"])
    rows = []
    for n in names:
        r = server[n]
        if "filters" not in r:
            continue
        rows.append([n] + [f"{fmt_s(r['filters'][s]['total_s'], 'ms')}" for s in scen]
                    + [fmt_s(r["sidebar_s"], "ms")])
    lines += [table(["folder", *scen, "sidebar (bounds, types, org labels)"], rows), ""]
    rows = []
    for n in names:
        r = server[n]
        if "filters" not in r:
            continue
        rows.append([n] + [f"{median(r['filters'][s]['apply_s']) * 1000:,.0f} + "
                           f"{median(r['filters'][s]['summary_s']) * 1000:,.0f} + "
                           f"{median(r['filters'][s].get('counts_s', [0])) * 1000:,.0f} ms" for s in scen])
    lines += ["apply + meeting_summary + facet counts (the (n) on every sidebar option) separately (medians); "
              "the counts' index is built once per dataset:", "", table(["folder", *scen], rows), ""]
    lines += ["### Figures, deck and derived tables (default view; build + `to_json()`)", ""]
    items = list(next(r for r in server.values() if "figures" in r)["figures"])
    rows = [[it] + [fmt_s(server[n]["figures"][it], "ms") if "figures" in server[n] else "–" for n in names]
            for it in items]
    lines += [table(["item", *names], rows), ""]
    lines += ["### Downloads", ""]
    dl = [k for k in next(r for r in server.values() if "downloads" in r)["downloads"]
          if not k.endswith((" rows", " MB"))]
    rows = []
    for it in dl:
        row = [it]
        for n in names:
            d = server[n].get("downloads", {})
            extra = ""
            if f"{it} rows" in d:
                extra = f" · {d[f'{it} rows']:,} rows"
            if f"{it} MB" in d:
                extra += f" · {d[f'{it} MB']:.1f} MB"
            row.append(fmt_s(d.get(it), "ms") + extra)
        rows.append(row)
    lines += [table(["download", *names], rows), ""]
    lines += ["### Whole script runs (AppTest: widgets, element serialisation, no browser)", "",
              "The rerun after a filter change, measured as the first run of a fresh AppTest session whose URL "
              "carries the years (data cache warm): the entry script (sidebar, filters.apply, "
              "summary.meeting_summary) and the Overview page. A fresh AppTest adds ~0.2 s of its own (it scans "
              "installed packages for components), so these overstate a real rerun a little. Other pages: the run "
              "after `switch_page`, which in AppTest usually executes the page script alone; `*` marks a page "
              "whose run (at the largest size) also executed the entry script (`filters.apply` was called).", ""]
    keys = list(dict.fromkeys(k for r in server.values() for k in r.get("apptest", {}).get("whole", {})))
    rows = [[k] + [fmt_s(server[n].get("apptest", {}).get("whole", {}).get(k), "ms") for n in names] for k in keys]
    keys = list(dict.fromkeys(k for r in server.values() for k in r.get("apptest", {}).get("page", {})))
    def page_cell(n: str, k: str) -> str:
        a = server[n].get("apptest", {})
        cell = fmt_s(a.get("page", {}).get(k), "ms")
        return cell + (" *" if "filters.apply" in a.get("inner", {}).get(k, {}) and n == names[-1] else "")
    rows += [[f"page run after a switch: {k}"] + [page_cell(n, k) for n in names] for k in keys]
    lines += [table(["run", *names], rows), ""]
    errors = [f"- {n}: {k}: {v}" for n in names for k, v in server[n].get("apptest", {}).items() if "error" in k]
    if errors:
        lines += ["AppTest errors:", "", *errors, ""]
    big = next((n for n in reversed(names) if server[n].get("apptest", {}).get("inner")), None)
    if big:
        lines += [f"Where the time goes inside those runs ({big}; package functions, inclusive, top 6):", ""]
        rows = []
        for k, calls in server[big]["apptest"]["inner"].items():
            top = list(calls.items())[:6]
            rows.append([k, "; ".join(f"{f} {t * 1000:,.0f} ms" for f, t in top) or "–"])
        lines += [table(["run", "package time"], rows), ""]

    lines += ["## Browser side (headless Chromium, cold server and cold browser per run)", ""]
    if not browser:
        lines += ["Not run.", ""]
    else:
        lines += [
            "- **cold load**: `page.goto` of the landing page until the map canvas and every plotly chart are "
            "drawn, the app is idle (`data-test-script-state=notRunning`, no running indicator) and no static "
            "file is still loading; the server was started just before (its data cache is cold).",
            "- **filter change**: the Years slider's start thumb focused, PageUp pressed, until the count line "
            "has changed and the page is drawn and idle again.",
            "- **page switch**: click on the *Timeline* link until its two charts are drawn and the app is idle.",
            "- **warm load**: the landing page again from a new browser context (browser cache cold, server warm).",
            "- **server RSS**: the streamlit process's peak resident memory (VmHWM) at the end of the run.",
            "",
        ]
        minimal = median(browser.get("minimal page", {}).get("cold_load_s", []))
        minimal_warm = median(browser.get("minimal page", {}).get("warm_load_s", []))
        rows = []
        for name, r in browser.items():
            cold = median(r.get("cold_load_s", []))
            warm = median(r.get("warm_load_s", []))
            rows.append([
                name, str(len(r.get("cold_load_s", []))), fmt_s(r.get("server_start_s")), fmt_s(r.get("cold_load_s")),
                f"{cold / minimal:.2f}×" if cold and minimal else "–",
                fmt_s(r.get("warm_load_s")), f"{warm / minimal_warm:.2f}×" if warm and minimal_warm else "–",
                fmt_s(r.get("filter_change_s")), fmt_s(r.get("page_switch_s")),
                (f"{max(x for x in r['server_rss_mb'] if x):.0f} MB"
                 if any(r.get("server_rss_mb", [])) else "–"),
            ])
        lines += [table(["page", "runs", "server start", "cold load", "÷ minimal", "warm load", "÷ minimal",
                         "filter change", "page switch", "server RSS"], rows), ""]
        retries = {n: r.get("filter_retries") for n, r in browser.items() if any(r.get("filter_retries") or [])}
        if retries:
            lines += [f"The first slider key press was dropped and retried in: {retries} (retries per run; the "
                      "time is from the key press that took).", ""]
        errs = {n: r["errors"] for n, r in browser.items() if r.get("errors")}
        if errs:
            lines += ["Failed runs:", ""] + [f"- {n}: {e}" for n, es in errs.items() for e in es] + [""]
    if results["offsite"]:
        uniq = sorted(set(results["offsite"]))
        lines += ["## ⚠️ WARNING: requests to non-local addresses", "",
                  f"{len(results['offsite'])} requests, {len(uniq)} distinct:", ""]
        lines += [f"- `{u}`" for u in uniq[:50]] + [""]
    else:
        lines += ["No request left the machine during the browser runs (every request was to 127.0.0.1).", ""]

    lines += ["## Targets at 100,000 meetings", ""] + targets_table(results) + [""]
    lines += builders_section(results.get("builders", {}))
    lines += ["## Scaling", "", "![scaling](scaling.png)", ""]
    if results.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in results["notes"]] + [""]
    from bench.results_md import kept_sections  # the proxy and Lighthouse sections, written by their modules

    kept = kept_sections(path.read_text(encoding="utf-8")) if path.exists() else ""
    path.write_text("\n".join(lines) + kept, encoding="utf-8")

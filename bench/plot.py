"""bench/scaling.png: time against data size, drawn by plotly.js inlined and screenshot by Chromium (offline)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from tests.support.harness import launch

from .common import OUT, SIZES, median
from .targets import TARGETS


def scaling_png(results: dict, path: Path, pw) -> None:
    """Log-log chart of time against meetings, drawn by plotly.js inlined and screenshot by Chromium: offline."""
    import plotly.graph_objects as go

    server, browser = results["server"], results["browser"]
    sizes = [n for n in SIZES if f"synthetic {n:,}" in server]
    fig = go.Figure()

    def line(name: str, ys: list[float | None], dash: str = "solid") -> None:
        pts = [(x, y) for x, y in zip(sizes, ys, strict=True) if y is not None]
        if pts:
            fig.add_scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], name=name, mode="lines+markers",
                            line={"dash": dash, "width": 3}, marker={"size": 9})

    def srv(fn: Callable[[dict], float]) -> list[float | None]:
        out = []
        for n in sizes:
            try:
                out.append(fn(server[f"synthetic {n:,}"]))
            except (KeyError, TypeError, ValueError, StopIteration):
                out.append(None)
        return out

    def brw(key: str) -> list[float | None]:
        return [median(browser.get(f"dashboard, synthetic {n:,}", {}).get(key, [])) for n in sizes]

    line("browser: cold load (landing page)", brw("cold_load_s"))
    line("browser: filter change", brw("filter_change_s"))
    line("browser: page switch", brw("page_switch_s"))
    line("server: load + validate", srv(lambda r: median(r["load_s"])), "dot")
    line("server: filter rerun (apply + summary, years narrowed)",
         srv(lambda r: median(r["filters"]["years narrowed"]["total_s"])), "dot")
    line("server: whole Overview rerun (AppTest)",
         srv(lambda r: median(r["apptest"]["whole"]["overview, years narrowed"])), "dot")
    line("server: spreadsheet CSV of all participation", srv(
        lambda r: median(r["downloads"]["spreadsheet_csv(full participation)"])), "dash")
    minimal = median(browser.get("minimal page", {}).get("cold_load_s", []))
    guides = [(TARGETS["first_load_s"], "10 s first-load target", "#D55E00"),
              (TARGETS["filter_rerun_ms"] / 1000, "300 ms rerun target", "#D55E00")]
    if minimal:
        guides.append((minimal, f"minimal page cold load {minimal:.1f} s", "grey"))
    for y, text, colour in guides:
        fig.add_hline(y=y, line={"color": colour, "dash": "dot", "width": 1.5})
        # On a log axis an annotation's y is the log10 of the value (add_hline's own label gets this wrong).
        fig.add_annotation(x=1, xref="paper", xanchor="right", y=math.log10(y), yanchor="bottom", text=text,
                           showarrow=False, font={"color": colour})
    ys = [y for tr in fig.data for y in tr.y if y] + [g[0] for g in guides]

    fig.update_layout(
        title={"text": f"CTC dashboard: time against data size ({results['machine']['cores']} cores, "
                       f"{results['machine']['date']})"},
        xaxis={"title": {"text": "meetings (about 10 participation rows each)"}, "type": "log",
               "tickvals": list(sizes), "ticktext": [f"{n:,}" for n in sizes]},
        yaxis={"title": {"text": "seconds (log)"}, "type": "log",
               "range": [math.log10(min(ys) / 1.5), math.log10(max(ys) * 1.5)]},
        template="plotly_white", width=1100, height=650,
        legend={"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"}, margin={"b": 170},
    )
    html_path = OUT / "scaling.html"
    fig.write_html(html_path, include_plotlyjs=True, full_html=True, config={"staticPlot": True})
    browser_ = launch(pw)
    try:
        page = browser_.new_page(viewport={"width": 1140, "height": 720})
        page.goto(html_path.as_uri())
        page.wait_for_selector(".main-svg")
        page.locator(".js-plotly-plot").first.screenshot(path=str(path))
    finally:
        browser_.close()

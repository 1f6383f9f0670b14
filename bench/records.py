"""The records and the API, measured on a real ``streamlit run app.py`` (the shared harness's Server).

``python -m bench.records [--requests 200] [--meetings 100000] [--write]`` prints (and with ``--write``
puts into bench/RESULTS.md) a Markdown section: the HTML weight of every record page of the shipped data
(raw and gzip level 5, as nginx sends it), and the latency of N sequential requests, each on a new
connection as curl makes them, then N on one keep-alive connection (the client's view: server time plus
loopback), on the shipped data and on a synthetic folder of 100,000 meetings (``ctc-dashboard synth``),
beside Streamlit's own health check as a baseline. Every server is started here and stopped by its pid.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.results_md import replace_section
from tests.support.harness import ROOT, Server

DEFAULT = "/api/meetings.json"
MIXED = ["/api/meetings.json?type=open+briefing", "/api/meetings.json?years=2005&years=2015",
         "/api/participation.json?kind=regional", "/api/organizations.json?role=host",
         "/api/meetings.json?topic=terrorist+financing&_size=10"]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
    t = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    r = conn.getresponse()
    body = r.read()
    return r.status, body, (time.perf_counter() - t) * 1000


def timings(url: str, paths: list[str], n: int) -> dict:
    """n sequential requests cycling through ``paths`` (after one warm-up each), each on a new connection as
    curl makes them, then n more on one keep-alive connection: median, p95, max in ms."""
    netloc = urlsplit(url).netloc
    conn = http.client.HTTPConnection(netloc, timeout=120)
    cold = {p: get(conn, p)[2] for p in paths}
    out = {"n": n, "cold_first": max(cold.values())}
    for mode in ("fresh", "keepalive"):
        ms = []
        for i in range(n):
            if mode == "fresh":
                conn.close()
                conn = http.client.HTTPConnection(netloc, timeout=120)
            status, _, t = get(conn, paths[i % len(paths)])
            assert status == 200, (paths[i % len(paths)], status)
            ms.append(t)
        ms.sort()
        out[mode] = {"median": statistics.median(ms), "p95": ms[int(0.95 * (n - 1))], "max": ms[-1]}
    conn.close()
    return out


def page_weights(url: str) -> dict:
    conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=120)
    _, sitemap, _ = get(conn, "/sitemap.xml")
    paths = [urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())]
    sizes = []
    for p in paths:
        status, body, _ = get(conn, p)
        assert status == 200, p
        sizes.append((len(body), len(gzip.compress(body, 5)), p))
    _, css, _ = get(conn, "/records/style.css")
    conn.close()
    sizes.sort()
    return {"pages": len(sizes), "max": sizes[-1], "median_raw": statistics.median(s[0] for s in sizes),
            "median_gz": statistics.median(s[1] for s in sizes), "css": (len(css), len(gzip.compress(css, 5)))}


def measure(data: Path | None, label: str, n: int, weights: bool) -> dict:
    server = Server(data)
    try:
        started = server.start(timeout=600)
        first = timings(server.url, [DEFAULT], 1)["cold_first"]  # loads the folder and builds the default view
        conn = http.client.HTTPConnection(urlsplit(server.url).netloc, timeout=120)
        count = json.loads(get(conn, f"{DEFAULT}?_size=1")[1])["count"]
        conn.close()
        pages = max(1, min(50, -(-count // 10)))
        out = {"label": label, "start_s": started, "first_request_ms": first,
               "default": timings(server.url, [DEFAULT], n),
               "paged": timings(server.url, [f"{DEFAULT}?_size=10&_page={i + 1}" for i in range(pages)], n),
               "mixed": timings(server.url, MIXED, n),
               "record": timings(server.url, ["/records/"] + [f"/records/years/{y}" for y in (2005, 2015)], n),
               "health": timings(server.url, ["/_stcore/health"], n)}
        if weights:
            out["weights"] = page_weights(server.url)
        out["rss_mb"] = server.rss_mb()
        return out
    finally:
        server.stop()


def markdown(results: list[dict], uptime: str) -> str:
    lines = ["## Records and API (app.py: `/records/`, `/api/`)", "",
             f"One `streamlit run app.py` on loopback; one client, sequential requests, each on a new connection "
             f"(as curl makes them), then as many again on one keep-alive connection; identity encoding (nginx "
             f"compresses in `make serve`). Machine: 2 cores, shared and "
             f"loaded during the run (`uptime`: {uptime}).", ""]
    for r in results:
        if "weights" in r:
            w = r["weights"]
            lines += [f"- **Page weight** ({r['label']}, every record page from the sitemap, {w['pages']} pages): "
                      f"median {w['median_raw'] / 1000:.1f} KB of HTML ({w['median_gz'] / 1000:.1f} KB gzip), "
                      f"largest {w['max'][0] / 1000:.1f} KB ({w['max'][1] / 1000:.1f} KB gzip, `{w['max'][2]}`); "
                      f"budget 60 KB. One more request: the stylesheet, {w['css'][0] / 1000:.1f} KB "
                      f"({w['css'][1] / 1000:.1f} KB gzip). No script."]
    lines += ["", "| data | request | n | median ms | p95 ms | max ms | keep-alive median | keep-alive p95 |",
              "|---|---|---|---|---|---|---|---|"]
    for r in results:
        for key, what in (("default", f"`{DEFAULT}` (default view, first page)"),
                          ("paged", f"`{DEFAULT}?_size=10&_page=` 1 to 50 (or as many as there are)"),
                          ("mixed", "5 filtered API addresses in turn"),
                          ("record", "`/records/` and two year pages"),
                          ("health", "baseline: Streamlit's own `/_stcore/health` (no work)")):
            t, k = r[key]["fresh"], r[key]["keepalive"]
            lines.append(f"| {r['label']} | {what} | {r[key]['n']} | {t['median']:.1f} | {t['p95']:.1f} | "
                         f"{t['max']:.1f} | {k['median']:.1f} | {k['p95']:.1f} |")
    lines += [""] + [f"- {r['label']}: server ready in {r['start_s']:.1f} s; the first API request (reads and checks "
                     f"the folder, builds the default view) {r['first_request_ms']:.0f} ms; RSS after the run "
                     f"{r['rss_mb']:.0f} MB." for r in results]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.records", description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--meetings", type=int, default=100_000, help="synthetic folder size (0: skip)")
    ap.add_argument("--write", action="store_true", help="put the section into bench/RESULTS.md")
    args = ap.parse_args(argv)
    results = [measure(None, "shipped data", args.requests, weights=True)]
    if args.meetings:
        with tempfile.TemporaryDirectory(prefix="bench-records-") as tmp:
            folder = Path(tmp) / "synth"
            subprocess.run([sys.executable, "-m", "ctc_dashboard", "synth", "--meetings", str(args.meetings),
                            "--out", str(folder)], check=True, cwd=ROOT, env={**os.environ})
            results.append(measure(folder, f"{args.meetings:,} meetings (synthetic)", args.requests, weights=False))
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    text = markdown(results, uptime)
    print(text)
    if args.write:
        replace_section("records", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

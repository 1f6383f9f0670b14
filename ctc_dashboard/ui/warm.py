"""Work done once when the server starts, before its health check answers, so that the first visitor does not
wait for it: the modules the landing page imports, the served folder loaded and checked, its first figures built.

Called by ``app.py`` (what ``make run``, ``make serve`` and the container start). Not a cache of its own: it fills
the process's module table and the folder's one holder (``dataset.served.for_folder``), which every session and
the records then read.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import time
from pathlib import Path

from ..dataset.model import Dataset
from ..derive import filters, summary
from ..render import breakdown, charts, maps
from ..web import source

log = logging.getLogger("ctc_dashboard.data")
ROOT = Path(__file__).resolve().parents[2]
LANDING_FILES = (ROOT / "dashboard.py", ROOT / "app_pages" / "overview.py")  # the landing page's first run


def landing_modules(files: tuple[Path, ...] = LANDING_FILES) -> list[str]:
    """The package modules those files import (read from their source, so the list never goes stale), except
    the ui layer: its ``st.cache_*`` functions are declared once the runtime exists (before it, Streamlit logs
    "No runtime found" for each), and it costs little. The heavy libraries (pandas, plotly, pydeck) come with
    the render modules."""
    names: list[str] = []
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ctc_dashboard")
                    and not node.module.startswith("ctc_dashboard.ui")):
                package = importlib.import_module(node.module)  # light: a package's __init__ or one module
                for alias in node.names:  # a submodule, or a name defined in the module itself
                    sub = f"{node.module}.{alias.name}"
                    is_module = hasattr(package, "__path__") and importlib.util.find_spec(sub) is not None
                    names.append(sub if is_module else node.module)
    return list(dict.fromkeys(names))


def first_figures(ds: Dataset) -> None:
    """Build the landing page's map and charts once for the default view and throw them away: the first plotly
    figure of a process costs ~100 ms more than the next (plotly loads its validators), the first deck and the
    data's index a little too. What the page itself shows is built by the page, through its caches."""
    view = filters.apply(ds, filters.default_filters(ds))
    m = summary.meeting_summary(view)
    charts.timeline(charts.timeline_table(m)).to_json()
    breakdown.participation_by_meeting(breakdown.participation_by_meeting_table(m, view)).to_json()
    maps.venue_deck(view, m, show_arcs=False).to_json()


def landing() -> float:
    """Import the landing page's modules, load the served folder and build its first figures once; returns the
    seconds it took."""
    t = time.perf_counter()
    for name in landing_modules():
        importlib.import_module(name)
    state = source.served_state()
    if state.dataset is not None:
        try:
            first_figures(state.dataset)
        except Exception:  # a warm-up only: data the pages handle their own way must not stop the server
            log.exception("warm-up: the first figures could not be built; the pages will build them")
    took = time.perf_counter() - t
    log.info("warm-up: modules imported and %s in %.1f s", "data loaded, first figures built"
             if state.dataset is not None else "no valid data to serve", took)
    return took

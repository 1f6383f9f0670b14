"""The start-up warm-up (app.py): the landing page's first visitor waits neither for the imports nor for the data."""

from __future__ import annotations

import subprocess
import sys

from ctc_dashboard.ui import warm
from tests.conftest import ROOT


def test_landing_modules_are_what_the_landing_page_imports():
    modules = warm.landing_modules()
    assert {"ctc_dashboard.render.charts", "ctc_dashboard.render.maps", "ctc_dashboard.derive.summary"} <= set(modules)
    assert not [m for m in modules if m.startswith("ctc_dashboard.ui")]  # declared once the runtime exists


def test_warm_up_loads_the_served_folder_and_the_chart_libraries():
    """In a fresh process, as app.py runs it: afterwards the folder's one holder has the data (the first session
    reads it from there, not from the folder), and plotly and pydeck are imported; Streamlit's caches are not
    declared before its runtime exists (it would log "No runtime found")."""
    code = ("import sys; from ctc_dashboard.ui import warm; from ctc_dashboard.dataset import served; "
            "warm.landing(); holder = served.for_folder(str(served.SHIPPED), served.SHIPPED_LABEL); "
            "state = holder.state; "  # what the holder has, without asking it to read the folder
            "print(state.dataset is not None, len(state.dataset.meetings) > 0, holder.current() is state, "
            "'plotly.graph_objects' in sys.modules, 'pydeck' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True"] * 5
    assert "No runtime found" not in out.stderr


def test_a_failing_warm_up_does_not_stop_the_server(monkeypatch, caplog):
    """Odd data the pages handle their own way may break the throw-away figures: the server still starts."""

    def broken(ds):
        raise ValueError("odd data")

    monkeypatch.setattr(warm, "first_figures", broken)
    assert warm.landing() >= 0
    assert "first figures could not be built" in caplog.text

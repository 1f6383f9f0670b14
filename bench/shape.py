"""The landing's shape, without its data work: what Streamlit's own frontend costs for the landing's elements.

``dump()`` runs the landing page once (Streamlit's AppTest, shipped data, default view) and writes every element
it draws (kind, place, words, options, the map's and charts' finished JSON) to ``bench/out/shape.json``;
``bench/shape_app.py`` draws the same elements from that file with plain Streamlit calls (no package import, no
pandas, no filtering, no facet counts). Cold-loaded beside the landing (``bench.landing``), the difference
between the two is the dashboard's own work; the difference between this page and the minimal page is what
Streamlit, plotly and deck.gl cost for the landing's 40-odd elements.

``python -m bench.shape``: write the file and print what it holds.
"""

from __future__ import annotations

import json
import os
import tempfile

from google.protobuf.json_format import MessageToDict

from .common import OUT, ROOT

SHAPE = OUT / "shape.json"
LANDING = ROOT / "dashboard.py"


def _node(node) -> dict:
    proto = getattr(node, "proto", None)
    fields = MessageToDict(proto, preserving_proto_field_name=True) if proto is not None else {}
    return {"type": getattr(node, "type", None), "proto": fields,
            "children": [_node(c) for c in getattr(node, "children", {}).values()]}


def of(at) -> dict:
    """An AppTest run's element tree (main, sidebar, event blocks) as plain data, and the navigation."""
    from ctc_dashboard.ui import routes

    root = _node(at._tree)
    root["navigation"] = [{"title": r.title, "icon": r.icon, "url_path": r.url_path} for r in routes.ROUTES]
    return root


def tree() -> dict:
    """The landing's element tree after its first run (shipped data, default view)."""
    from streamlit.testing.v1 import AppTest

    from ctc_dashboard import env

    os.environ.setdefault(env.STATUS, tempfile.mkdtemp(prefix="shape-status-"))  # not static/status/
    at = AppTest.from_file(str(LANDING), default_timeout=120)
    at.run()
    if at.exception:
        raise RuntimeError(f"the landing raised: {at.exception}")
    return of(at)


def layout(node: dict, depth: int = 0) -> list[tuple[int, str]]:
    """Every element and block, in order, with its depth: what the shape page must draw alike."""
    own = [(depth, node["type"])] if node.get("type") else []
    return own + [x for c in node["children"] for x in layout(c, depth + 1)]


def dump(path=SHAPE) -> dict:
    root = tree()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(root), encoding="utf-8")
    return root


if __name__ == "__main__":
    from collections import Counter

    print(sorted(Counter(kind for _, kind in layout(dump())).items()))
    print(f"written: {SHAPE.relative_to(ROOT)}")

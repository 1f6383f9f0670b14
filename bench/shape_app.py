"""The landing's elements drawn from ``bench/out/shape.json`` (``python -m bench.shape`` writes it): the same
titles, figures, widgets, map and charts in the same places, with no data work. See bench/shape.py.

Run it from the repository root so that static/ and .streamlit/config.toml apply.
"""

import json
import os
from pathlib import Path

import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

# $CTC_SHAPE: another dump (the tests' own)
SHAPE = json.loads(Path(os.environ.get("CTC_SHAPE") or Path(__file__).parent / "out" / "shape.json")
                   .read_text(encoding="utf-8"))
st.set_page_config(page_title="Shape of the landing", page_icon="🌐", layout="wide")


class StoredDeck(pdk.Deck):
    """A deck whose JSON is the landing's, as Streamlit sends it."""

    def __init__(self, spec: str, tooltip: str | None):
        super().__init__(tooltip=json.loads(tooltip) if tooltip else False)
        self._spec = spec

    def to_json(self) -> str:
        return self._spec


def _pixels(p: dict) -> int | None:
    return (p.get("height_config") or {}).get("pixel_height")


def draw(node: dict, where, path: str) -> None:
    """One element of the stored tree, then its children, where it was."""
    kind, p = node["type"], node["proto"]
    key = f"k{path}"
    if kind in ("main", "sidebar", "event", None):
        for i, c in enumerate(node["children"]):
            draw(c, where, f"{path}.{i}")
        return
    if kind == "flex_container":
        cols = [c for c in node["children"] if c["type"] == "column"]
        if cols and len(cols) == len(node["children"]):
            for i, (col, c) in enumerate(zip(where.columns([float(c["proto"].get("weight", 1)) for c in cols]),
                                             cols, strict=True)):
                for j, g in enumerate(c["children"]):
                    draw(g, col, f"{path}.{i}.{j}")
            return
        box = where.container(key=p["id"].rsplit("-", 1)[-1] if "id" in p else None)
        for i, c in enumerate(node["children"]):
            draw(c, box, f"{path}.{i}")
        return
    if kind == "tab_container":
        tabs = where.tabs([c["proto"]["label"] for c in node["children"]], key=key, on_change="rerun")
        for i, (tab, c) in enumerate(zip(tabs, node["children"], strict=True)):
            for j, g in enumerate(c["children"]):
                draw(g, tab, f"{path}.{i}.{j}")
        return
    if kind == "expander":
        where.expander(p["label"], key=key, on_change="rerun")
    elif kind == "title":
        where.title(p["body"])
    elif kind == "header":
        where.header(p["body"])
    elif kind == "markdown":
        where.markdown(p.get("body", ""), unsafe_allow_html=p.get("allow_html", False))
    elif kind == "caption":
        where.caption(p["body"])
    elif kind == "info":
        where.info(p["body"], icon=p.get("icon") or None)
    elif kind == "html":
        where.html(p["body"])
    elif kind == "metric":
        where.metric(p["label"], p["body"], help=p.get("help") or None)
    elif kind == "button":
        where.button(p["label"], key=key, icon=p.get("icon") or None, width="stretch" if "width_config" in p and
                     p["width_config"].get("use_stretch") else "content")
    elif kind == "page_link":
        where.page_link(PAGES[p["page"]], label=p["label"], icon=p.get("icon"))
    elif kind == "slider":
        where.slider(p["label"], int(p["min"]), int(p["max"]), tuple(int(v) for v in p["default"]), key=key)
    elif kind == "number_input":
        where.number_input(p["label"], int(p["min"]), int(p["max"]), int(p["default"]), step=1, key=key,
                           help=p.get("help"))
    elif kind == "multiselect":
        options = p.get("options", [])
        where.multiselect(p["label"], options, default=[options[i] for i in p.get("default", [])], key=key,
                          placeholder=p.get("placeholder"), help=p.get("help"))
    elif kind == "button_group":
        where.segmented_control(p["label"], [o["content"] for o in p["options"]], key=key,
                                default=p["options"][0]["content"], disabled=p.get("disabled", False),
                                help=p.get("help"))
    elif kind == "radio":
        where.radio(p["label"], p["options"], key=key, horizontal=p.get("horizontal", False), help=p.get("help"))
    elif kind == "deck_gl_json_chart":
        where.pydeck_chart(StoredDeck(p["json"], p.get("tooltip")), height=_pixels(p) or 330, key=key,
                           alt=p.get("alt"))
    elif kind == "plotly_chart":
        fig = go.Figure(json.loads(p["spec"]))
        where.plotly_chart(fig, width="stretch", height=int(fig.layout.height or 450), key=key,
                           config=json.loads(p.get("config") or "{}"), alt=p.get("alt"))
    else:
        raise ValueError(f"shape_app: no drawing for element kind {kind!r}")
    for i, c in enumerate(node["children"]):
        draw(c, where, f"{path}.{i}")


def landing() -> None:
    for i, c in enumerate(BLOCKS["main"]["children"]):
        draw(c, st, f"m{i}")


BLOCKS = {c["type"]: c for c in SHAPE["children"]}
PAGES = {r["url_path"]: st.Page(landing if r["url_path"] == "" else (lambda: st.write("Another page.")),
                                title=r["title"], icon=r["icon"], url_path=r["url_path"] or None,
                                default=r["url_path"] == "")
         for r in SHAPE["navigation"]}
nav = st.navigation(list(PAGES.values()))
draw(BLOCKS["event"], st, "e")
draw(BLOCKS["sidebar"], st.sidebar, "s")
nav.run()

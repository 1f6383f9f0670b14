"""The escapers: data text stays inert in Markdown, in plotly labels and in HTML legends.

Text from data is never rendered as HTML or Markdown markup: every page and chart escapes it
with one of these, and an empty value reads as ``labels.UNKNOWN``.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from ..contract.labels import UNKNOWN

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&])")


def md_escape(text: object) -> str:
    """Text from data shown inside Markdown: no links, images, HTML, colours or emoji directives."""
    if text is None or (isinstance(text, float) and text != text):
        return UNKNOWN
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def plot_escape(text: object) -> str:
    """Data text for plotly labels and hovers: < > & become entities plotly shows literally.

    Quotes stay as they are (plotly would show &quot; as is), harmless once no tag can form.
    """
    return html.escape(str(text), quote=False)


def plot_text(values: pd.Series) -> pd.Series:
    """plot_escape element-wise; missing values become "unknown" so nothing is blank or 0."""
    return values.astype("object").map(lambda v: UNKNOWN if v is None or v is pd.NA or v != v
                                       else plot_escape(str(v)))


def html_text(text: object) -> str:
    """Data text inside HTML the app writes itself (the map legend)."""
    return html.escape(str(text))

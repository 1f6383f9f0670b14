"""The participation matrix as a categorical heatmap: ``matrix(derive.continuity.matrix_table(ds))``.

Every data string is escaped (``escape.plot_escape``) before it reaches hover text or axis labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..contract.labels import DIMENSIONS, ROLE_LABELS, org_full_label
from ..contract.schema import ROLES
from ..derive.continuity import SORTS
from ..limits import AXIS_LABEL_CHARS
from .charts import blank_figure, unique_labels
from .colours import ROLE_COLOURS, TITLE_HUNG, TITLE_MARGIN
from .escape import plot_escape

ROLE_CODE = {r: i + 1 for i, r in enumerate(ROLES)}  # 0 = not recorded at that meeting
NO_PARTICIPATION = "No organization is recorded at these meetings"
ORG_COLUMNS = ("org_id", "label", "name", "kind", "meetings")


def _short(labels: pd.Series) -> pd.Series:
    n = AXIS_LABEL_CHARS.value
    return labels.where(labels.str.len() <= n, labels.str[: n - 1] + "…")


def matrix(t: pd.DataFrame) -> go.Figure:
    """One colour per role (colours.ROLE_COLOURS), blank where an organization is not recorded."""
    if (blank := blank_figure(t, "meetings", NO_PARTICIPATION)) is not None:
        return blank
    meeting_ids = [c for c in t.columns if c not in ORG_COLUMNS]
    x = unique_labels(pd.Series(t.attrs["meeting_axis"], dtype="str"), pd.Series(meeting_ids, dtype="str"))
    x = x.map(plot_escape).tolist()
    y = unique_labels(_short(t["label"]), t["org_id"]).map(plot_escape).tolist()
    roles = t[meeting_ids].to_numpy(dtype=object)
    # One comparison per role over the whole grid, not a map per column (200 columns at the cap).
    z = np.full(roles.shape, np.nan)
    role_text = np.full(roles.shape, plot_escape("not recorded"), dtype=object)
    for role, code in ROLE_CODE.items():
        at = roles == role
        z[at] = code
        role_text[at] = plot_escape(ROLE_LABELS[role])

    org_text = [plot_escape(org_full_label(lab, name)) for lab, name in zip(t["label"], t["name"], strict=True)]
    meeting_text = [plot_escape(s) for s in t.attrs["meeting_text"]]
    hover = np.empty(z.shape, dtype=object)
    for i, org in enumerate(org_text):
        hover[i] = [f"<b>{org}</b><br>{meeting}<br>Role: {role}"
                    for meeting, role in zip(meeting_text, role_text[i].tolist(), strict=True)]

    n = len(ROLES)
    scale = []
    for i, role in enumerate(ROLES):
        colour = ROLE_COLOURS[role]
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, zmin=0.5, zmax=n + 0.5, colorscale=scale, xgap=1, ygap=1,
        hovertext=hover, hoverinfo="text", hoverongaps=False,
        colorbar={"title": {"text": DIMENSIONS["role"]}, "tickmode": "array", "tickvals": list(range(1, n + 1)),
                  "ticktext": [ROLE_LABELS[r] for r in ROLES], "thickness": 14,
                  # under the grid: a right-hand colour bar takes a phone's width from the meetings
                  "orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom"},
    ))
    title = "Who came back:<br>organizations × meetings, coloured by role"  # <br>: a phone shows ~45 characters
    shown, total = t.attrs.get("organizations_shown", len(t)), t.attrs.get("organizations", len(t))
    shown_m, total_m = t.attrs.get("meetings_shown", len(x)), t.attrs.get("meetings", len(x))
    if shown < total or shown_m < total_m:
        title += f"<br>({shown} of {total} organizations, {shown_m} of {total_m} meetings)"
    sort = t.attrs.get("sort", "first")
    order = SORTS.get(sort, sort).lower()
    fig.update_layout(
        margin={"t": TITLE_MARGIN["t"] + 20},  # a third subtitle line
        title={"text": title, **TITLE_HUNG,
               "subtitle": {"text": f"Rows: organizations, sorted by {order}.<br>Columns: meetings, oldest first.<br>"
                                    "Blank: not recorded at that meeting."}},
        xaxis={"title": {"text": "Meeting"}, "type": "category", "tickangle": -60, "automargin": True},
        yaxis={"title": {"text": "Organization"}, "type": "category", "autorange": "reversed", "automargin": True},
        height=max(360, 200 + 20 * len(y)),
    )
    return fig

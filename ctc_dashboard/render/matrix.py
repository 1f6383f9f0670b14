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
from .colours import LEGEND_BELOW, ROLE_COLOURS, TITLE_HUNG, TITLE_MARGIN
from .escape import plot_escape

ROLE_CODE = {r: i + 1 for i, r in enumerate(ROLES)}  # 0 = not recorded at that meeting
NO_PARTICIPATION = "No organization is recorded at these meetings"
ORG_COLUMNS = ("org_id", "label", "name", "kind", "meetings")
ROW_PX = 22  # one organization row: room for its label at the default 12 px font
LABEL_PX = 6.0  # width of one character of a meeting label (vertical, so it sets the bottom margin)
LEGEND_ROWS = 3  # the six roles' key wraps to at most three rows on a phone


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
        hovertext=hover, hoverinfo="text", hoverongaps=False, showscale=False,
    ))
    # The key as legend entries, not a colour bar: a legend wraps on a phone and never drops a swatch's label
    # (the bar dropped "Invited"); every role is listed, present or not, so the key reads the same everywhere.
    for role in ROLES:
        fig.add_scatter(x=[None], y=[None], mode="markers", name=ROLE_LABELS[role], hoverinfo="skip",
                        marker={"symbol": "square", "size": 14, "color": ROLE_COLOURS[role]}, showlegend=True)
    title = "Who came back:<br>organizations × meetings, coloured by role"  # <br>: a phone shows ~45 characters
    shown, total = t.attrs.get("organizations_shown", len(t)), t.attrs.get("organizations", len(t))
    shown_m, total_m = t.attrs.get("meetings_shown", len(x)), t.attrs.get("meetings", len(x))
    if shown < total or shown_m < total_m:
        title += f"<br>({shown} of {total} organizations, {shown_m} of {total_m} meetings)"
    sort = t.attrs.get("sort", "first")
    order = SORTS.get(sort, sort).lower()
    # Every label set explicitly (plotly drops every other category label once rows get tight), and the height
    # from the row count, so each row keeps ROW_PX whatever the filters or the screen.
    longest = max((len(s) for s in x), default=0)
    bottom = 40 + int(LABEL_PX * longest) + 25 * LEGEND_ROWS  # vertical meeting labels, axis title, the key
    top = TITLE_MARGIN["t"] + 20  # a third subtitle line
    fig.update_layout(
        margin={"t": top, "b": bottom},
        title={"text": title, **TITLE_HUNG,
               "subtitle": {"text": f"Rows: organizations, sorted by {order}.<br>Columns: meetings, oldest first.<br>"
                                    "Blank: not recorded at that meeting."}},
        xaxis={"title": {"text": "Meeting"}, "type": "category", "tickangle": -90, "automargin": True,
               "tickmode": "array", "tickvals": x, "ticktext": x, "showgrid": False, "zeroline": False},
        yaxis={"title": {"text": "Organization"}, "type": "category", "autorange": "reversed", "automargin": True,
               "tickmode": "array", "tickvals": y, "ticktext": y, "showgrid": False, "zeroline": False},
        legend={**LEGEND_BELOW, "title": {"text": DIMENSIONS["role"]}},
        height=top + bottom + ROW_PX * len(y),
    )
    return fig

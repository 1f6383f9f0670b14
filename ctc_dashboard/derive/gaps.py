"""What the data does not know about a meeting, in plain words: the gaps a profile and a record page list."""

from __future__ import annotations

import pandas as pd

from ..contract.labels import DASH, cell_text
from ..contract.schema import INVITED, NAMED_ROLES


def meeting_gaps_of(rec: pd.Series, parts: pd.DataFrame, figs: pd.DataFrame) -> list[str]:
    """From the meeting's record, its participants and its figures (each computed once by the profile)."""
    gaps = []
    named = int(parts["role"].isin(NAMED_ROLES).sum())
    invited = int((parts["role"] == INVITED).sum())
    head = rec["organizations_reported"]
    for column, what in (("venue", "The building or site is not known (the map shows the city)."),
                         ("meeting_type", "No source gives the type of meeting."),
                         ("theme", "No source gives the theme."),
                         ("outcome", "No outcome document is known.")):
        if not cell_text(rec[column]):
            gaps.append(what)
    if not cell_text(head):
        gaps.append("No headline count of the organizations that took part.")
    elif named < int(head):
        gaps.append(f"Sources name {named} organizations as taking part; the headline figure is {int(head)}, "
                    f"so {int(head) - named} are not named.")
    if named == 0:
        gaps.append("No source names an organization (other than the convener) as taking part.")
    if invited:
        gaps.append(f"{invited} organization{'s were' if invited > 1 else ' was'} invited and no source says "
                    "whether they attended.")
    org_figs = figs.loc[(figs["measure"] == "organizations") & (figs["qualifier"] != "headline"), "value"].dropna()
    if org_figs.nunique() > 1:
        gaps.append(f"Sources disagree on the number of organizations ({int(org_figs.min())}{DASH}"
                    f"{int(org_figs.max())}).")
    return gaps

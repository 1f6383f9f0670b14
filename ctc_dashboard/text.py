"""Plain-language text for the pages, and the escaping that keeps data text inert."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&])")


def md_escape(text: object) -> str:
    """Text from data shown inside Markdown: no links, images, HTML, colours or emoji directives."""
    if text is None or (isinstance(text, float) and text != text):
        return "unknown"
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


ABOUT_MEETINGS = """
The UN Security Council's **Counter-Terrorism Committee** (CTC) was set up under resolution 1373 (2001);
its **Executive Directorate** (CTED) was established by resolution 1535 (2004). Together they work with
international, regional and subregional organizations, and since 2003 the Committee has met them in
**special meetings**: the first in New York on 6 March 2003, with 57 organizations, then in Washington
(hosted by the OAS and its Inter-American Committee against Terrorism), Vienna (co-hosted by UNODC and the
OSCE), Almaty (organized by the CIS), Nairobi (on border security) and later Strasbourg, Madrid, New York,
and Mumbai and New Delhi. The Committee has also held **joint special meetings** with other Security Council
committees and **open briefings**, which this dashboard can include.

Each meeting here lists the organizations that public sources name, and in which role. Sources often name
fewer organizations than took part, and disagree on how many did: the dashboard keeps every figure with its
source, and shows an unknown value as unknown.
"""

CITE = ("CTC cooperation dashboard ({label}, data version {version}), view: {filters}. "
        "Sources as listed in sources.csv. Accessed {date}.")


def plot_escape(text: object) -> str:
    """Data text for plotly labels and hovers: < > & become entities plotly shows literally.

    Quotes stay as they are (plotly would show &quot; as is), harmless once no tag can form.
    """
    return html.escape(str(text), quote=False)

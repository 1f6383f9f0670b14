"""CTC cooperation dashboard: ``streamlit run dashboard.py [-- --data DIR]``."""

from pathlib import Path

import streamlit as st

# An emoji page_icon: a Material icon favicon (or, with none, each page's Material icon) is fetched from
# fonts.gstatic.com, and the page must stay offline. Before the package's imports (pandas, plotly: seconds
# on a cold server), so the browser lays the page out wide at once instead of centred and then moving it.
st.set_page_config(page_title="CTC cooperation dashboard", page_icon="🌐", layout="wide")

from ctc_dashboard.ui import routes, url, widgets  # noqa: E402
from ctc_dashboard.ui.context import build_context  # noqa: E402

# A visible keyboard focus ring on every control, and filter chips readable in both themes: a static
# stylesheet with no data in it (see static/NOTICE.md).
st.html(Path(__file__).parent / "static" / "a11y.css")
# Drop-down options that wrap, and a print stylesheet (no sidebar); static, no data in it.
st.html(Path(__file__).parent / "static" / "layout.css")
page = st.navigation([st.Page(r.file, title=r.title, icon=r.icon, url_path=r.url_path or None, default=r.default)
                      for r in routes.ROUTES])
# /?meeting=<id> or /?organization=<id> on the landing page opens that profile, filters kept.
if (params := url.landing_redirect(page.url_path == "")) is not None:
    st.switch_page(routes.PROFILE.file, query_params=params)
build_context(page.url_path)
widgets.image_format_choice()
page.run()

"""The dashboard and its records in one process: ``streamlit run app.py [-- --data DIR]``.

Streamlit's ``st.App`` (experimental since 1.53; checked with 1.67: an ASGI app on Starlette, run by
``streamlit run`` or ``uvicorn app:app``) serves the dashboard (``dashboard.py``) at ``/`` and mounts our
own Starlette routes before Streamlit's: the records at ``/records/``, the API at ``/api/``, ``/sitemap.xml``
and ``/robots.txt`` (``ctc_dashboard.web``; both read the same served data, the folder's last good version), and
the first HTML of every page's address (``web.shell``: Streamlit's own, with the title, a description, a
``<noscript>`` and a first paint laid out as the page will be).
``dashboard.py`` still runs on its own (``streamlit run dashboard.py``, and AppTest).

Before the server answers its health check, this module imports what the landing page's first run imports
(pandas, plotly, pydeck, the package) and loads and checks the served folder: the first visitor waits for
neither, and a readiness probe (``/_stcore/health``, deploy/k8s) lets no one in before they are done.
"""

import streamlit as st

from ctc_dashboard import web
from ctc_dashboard.ui import routes, warm
from ctc_dashboard.web import shell

warm.landing()
app = st.App("dashboard.py", routes=[*shell.routes([r.url_path for r in routes.ROUTES]), *web.routes()])

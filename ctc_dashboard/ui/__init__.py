"""The Streamlit layer: the page registry, the data source, caches, sidebar, widgets, selection, keys.

Importing this package imports no Streamlit: ``ui.routes`` and ``ui.keys`` are plain data, read by
tests and the benchmark too. The other modules import Streamlit.
"""

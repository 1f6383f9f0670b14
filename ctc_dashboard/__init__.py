"""Logic of the CTC cooperation dashboard: importable and testable without Streamlit (except ``ui``).

The public API: load a folder, a workbook or a ZIP (``load_source``) or files into a validated ``Dataset``
(or get ``DataError`` with every ``Problem``), and ``apply`` sidebar ``Filters`` to it.
"""

from .dataset.load import load_files, load_folder, load_source
from .dataset.model import Dataset
from .dataset.problems import DataError, Problem
from .derive.filters import Filters, apply

__all__ = ["DataError", "Dataset", "Filters", "Problem", "apply", "load_files", "load_folder", "load_source"]

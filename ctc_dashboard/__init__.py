"""Logic of the CTC cooperation dashboard: importable and testable without Streamlit."""

from .load import DataError, Dataset, Problem, load_files, load_folder

__all__ = ["DataError", "Dataset", "Problem", "load_files", "load_folder"]

"""Shared helpers: a writable copy of the small fixture folder that a test can break one cell at a time."""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from ctc_dashboard import DataError, Dataset, Problem, cli, load_folder

ROOT = Path(__file__).resolve().parents[1]

FIXTURE = ROOT / "tests" / "fixtures" / "small"
DATA = ROOT / "data"


def pytest_configure(config):
    config.addinivalue_line("markers", "spread: under `make test`'s workers, each of this test's cases may run on "
                                       "a worker of its own (a long browser walk), not beside the rest of its file")


LAYER_ORDER = ("e2e", "app", "unit")  # the longest first: the browser tests mostly wait, the others fill the cores


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on several workers (pytest-xdist, ``--dist loadgroup``): a file's tests stay
    together on one worker, so its servers start once, but each case of a ``spread`` test is a group of its own.
    The browser layer is handed out first (``spread`` cases first of all), so the short CPU-bound tests fill in
    around it instead of all waiting for it at the end."""

    def rank(item) -> tuple[int, int]:
        parts = item.nodeid.split("/")
        layer = parts[1] if len(parts) > 2 and parts[0] == "tests" else ""
        return (LAYER_ORDER.index(layer) if layer in LAYER_ORDER else len(LAYER_ORDER),
                0 if item.get_closest_marker("spread") else 1)

    items.sort(key=rank)  # stable: the order within a file is kept
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            file = item.nodeid.split("::")[0]
            item.add_marker(pytest.mark.xdist_group(item.nodeid if item.get_closest_marker("spread") else file))


class Folder:
    """A copy of tests/fixtures/small. Rows are spreadsheet rows: header = 1, first data row = 2."""

    def __init__(self, path: Path):
        self.path = path

    def file(self, name: str) -> Path:
        return self.path / name

    def read(self, name: str) -> str:
        return self.file(name).read_bytes().decode("utf-8")  # no newline translation

    def write(self, name: str, content: str | bytes) -> Folder:
        if isinstance(content, str):
            self.file(name).write_bytes(content.encode("utf-8"))
        else:
            self.file(name).write_bytes(content)
        return self

    def delete(self, name: str) -> Folder:
        self.file(name).unlink()
        return self

    def rows(self, name: str) -> tuple[list[str], list[list[str]]]:
        records = list(csv.reader(io.StringIO(self.read(name), newline="")))
        return records[0], records[1:]

    def write_rows(self, name: str, header: list[str], rows: list[list[str]]) -> Folder:
        buf = io.StringIO()
        # csv quotes a cell only for the line terminator's characters: a lone CR needs "\r\n".
        lone_cr = any("\r" in c for r in [header, *rows] for c in r)
        w = csv.writer(buf, lineterminator="\r\n" if lone_cr else "\n")
        w.writerow(header)
        w.writerows(rows)
        return self.write(name, buf.getvalue())

    def set_cell(self, name: str, row: int, column: str, value: str) -> Folder:
        header, rows = self.rows(name)
        rows[row - 2][header.index(column)] = value
        return self.write_rows(name, header, rows)

    def cell(self, name: str, row: int, column: str) -> str:
        header, rows = self.rows(name)
        return rows[row - 2][header.index(column)]

    def drop_column(self, name: str, column: str) -> Folder:
        header, rows = self.rows(name)
        i = header.index(column)
        return self.write_rows(name, header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows])

    def add_row(self, name: str, **values: str) -> Folder:
        header, rows = self.rows(name)
        unknown = set(values) - set(header)
        assert not unknown, unknown
        return self.write_rows(name, header, rows + [[values.get(h, "") for h in header]])

    def copy_row(self, name: str, row: int, **changes: str) -> Folder:
        header, rows = self.rows(name)
        new = dict(zip(header, rows[row - 2], strict=True))
        new.update(changes)
        return self.write_rows(name, header, rows + [[new[h] for h in header]])

    def header_only(self, name: str) -> Folder:
        header, _ = self.rows(name)
        return self.write_rows(name, header, [])

    def problems(self) -> list[Problem]:
        """Every problem the loader reports; [] when the folder loads."""
        try:
            load_folder(self.path)
        except DataError as e:
            assert e.problems, "DataError without problems"
            return e.problems
        return []

    def load(self) -> Dataset:
        return load_folder(self.path)


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE, dest)
    return Folder(dest)


@pytest.fixture(scope="session")
def small() -> Dataset:
    """The small fixture, loaded once: read-only (pandas copies on write, so no test can change it for another)."""
    return load_folder(FIXTURE)


@pytest.fixture(scope="session")
def shipped() -> Dataset:
    """The shipped data/, loaded once. It is part of the product: missing or invalid, the tests that use it fail."""
    return load_folder(DATA)



@dataclass(frozen=True)
class Ran:
    """What one command printed and returned, as a terminal would see it."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """``run_cli("validate", path, env={...})``: the command line in this process (``cli.main(argv)``).

    A subprocess per test cost ~45% of the unit tests' time; test_cli.py keeps a few as smoke tests.
    """

    def _run(*args: str, env: dict[str, str] | None = None) -> Ran:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        try:
            code = cli.main(list(args))
        except SystemExit as e:  # argparse's usage errors
            code = e.code if isinstance(e.code, int) else 2
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, out + err
        return Ran(code, out, err)

    return _run

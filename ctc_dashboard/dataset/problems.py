"""What is wrong with the data, said for the person holding the spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass

from ..limits import VALUE_PREVIEW_CHARS


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None  # spreadsheet row: header = 1; None = the whole file
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        got = "" if self.value is None else f": {preview(self.value)!r}"
        return f"{where}{got} — expected {self.expected}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value,
                "expected": self.expected}


def preview(value: str) -> str:
    """A long value cut to VALUE_PREVIEW_CHARS, saying how long it was."""
    value, n = str(value), VALUE_PREVIEW_CHARS.value
    return value if len(value) <= n else value[:n] + f"… ({len(value)} characters)"


class DataError(Exception):
    """Raised when a folder breaks the contract; carries every problem found."""

    def __init__(self, problems: list[Problem], label: str = ""):
        self.problems = problems
        self.label = label
        super().__init__(f"{len(problems)} problem(s) in {label or 'the data'}")



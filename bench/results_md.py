"""Sections of bench/RESULTS.md that other benchmark modules own, kept when bench.run rewrites the file.

A section is the text between ``<!-- section:NAME -->`` and ``<!-- /section:NAME -->``; each module
writes its own (``replace_section``) and bench.run appends the ones it found (``kept_sections``).
"""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
ORDER = ("landing", "index", "datasette", "lighthouse", "sessions", "records")  # how they follow bench.run's own text
SUMMARY = "summary"  # written by hand from one `make bench` run; bench.run keeps it at the top


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"<!-- section:{name} -->\n.*?<!-- /section:{name} -->\n?", re.S)


def wrap(name: str, markdown: str) -> str:
    return f"<!-- section:{name} -->\n{markdown.rstrip()}\n<!-- /section:{name} -->\n"


def kept_sections(text: str, names: tuple[str, ...] = ORDER) -> str:
    """Every owned section of `text` among `names`, in that order, ready to append to a rewritten RESULTS.md."""
    out = []
    for name in names:
        m = _pattern(name).search(text)
        if m:
            out.append(m.group(0).rstrip("\n") + "\n")
    return ("\n" + "\n".join(out)) if out else ""


def replace_section(name: str, markdown: str, path: Path = RESULTS) -> None:
    """Put `markdown` in section `name` of RESULTS.md (replacing the old one, or appended in ORDER)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = wrap(name, markdown)
    if _pattern(name).search(text):
        text = _pattern(name).sub(lambda _m: block, text, count=1)
    else:
        later = [n for n in ORDER[ORDER.index(name) + 1:] if _pattern(n).search(text)] if name in ORDER else []
        if later:
            at = _pattern(later[0]).search(text).start()
            text = text[:at] + block + "\n" + text[at:]
        else:
            text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")

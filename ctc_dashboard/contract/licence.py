"""The licences, declared once: the code is MIT, the data compilation CC BY 4.0.

Every place that states a licence (datapackage.json, the downloads' manifest, the workbook's
About sheet, the SQLite metadata, the Sources & about page) reads it from here, so it cannot
drift between them. ``data/README.md`` and ``LICENSE`` carry the same words and a test checks.
"""

from __future__ import annotations

CODE_LICENCE = {"name": "MIT", "title": "MIT License", "path": "LICENSE"}

DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# Why the note: titles and wording quoted from the source documents are not ours to license.
SOURCE_TEXTS_NOTE = ("Texts quoted from the sources (document titles, wording quoted in titles, themes and "
                     "notes) remain their publishers' and are reproduced for reference; the licence covers the "
                     "compilation: the selection, structure, identifiers and classifications.")

ATTRIBUTION = "CTC cooperation dashboard contributors"


def data_licence_line() -> str:
    """One sentence for a page, a sheet or a manifest."""
    return (f"Data compilation: {DATA_LICENCE['title']} ({DATA_LICENCE['name']}, {DATA_LICENCE['path']}), "
            f"by the {ATTRIBUTION}. {SOURCE_TEXTS_NOTE}")


def code_licence_line() -> str:
    return f"Code: {CODE_LICENCE['title']} (see {CODE_LICENCE['path']} in the repository)."


def licences_for_datapackage() -> list[dict]:
    """The Frictionless ``licenses`` property (data package spec: name, path, title)."""
    return [dict(DATA_LICENCE)]


def manifest_entry() -> dict:
    """The ``licence`` block of a download's manifest.json (and of the SQLite metadata)."""
    return {"data": dict(DATA_LICENCE), "source_texts": SOURCE_TEXTS_NOTE, "code": dict(CODE_LICENCE),
            "attribution": ATTRIBUTION}

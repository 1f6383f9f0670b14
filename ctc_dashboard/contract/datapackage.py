"""The contract as a Frictionless data package descriptor (``data/datapackage.json`` is generated from it)."""

from __future__ import annotations

from .licence import licences_for_datapackage
from .schema import ID_LIST_PATTERN, ID_PATTERN, TABLES, URL_PATTERN, Field, terms_pattern

_FRICTIONLESS_TYPES = {
    "id": "string", "ids": "string", "text": "string", "enum": "string", "terms": "string", "url": "string",
    "date": "date", "number": "number", "integer": "integer", "boolean": "boolean",
}


def _frictionless_field(f: Field) -> dict:
    out: dict = {"name": f.name, "type": _FRICTIONLESS_TYPES[f.type], "description": f.description}
    if f.type == "boolean":
        out["trueValues"] = ["true", "True", "TRUE"]
        out["falseValues"] = ["false", "False", "FALSE"]
    if f.type == "url":
        out["format"] = "uri"
    c: dict = {}
    if f.required:
        c["required"] = True
    if f.unique:
        c["unique"] = True
    if f.enum and f.type == "enum":
        c["enum"] = list(f.enum)
    if f.minimum is not None:
        c["minimum"] = int(f.minimum) if f.type == "integer" else f.minimum
    if f.maximum is not None:
        c["maximum"] = int(f.maximum) if f.type == "integer" else f.maximum
    if f.type == "id":
        c["pattern"] = ID_PATTERN
    elif f.type == "ids":
        c["pattern"] = ID_LIST_PATTERN
    elif f.type == "url":
        c["pattern"] = URL_PATTERN
    elif f.type == "terms":
        c["pattern"] = terms_pattern(f.enum)
        out["x-vocabulary"] = list(f.enum)
    if c:
        out["constraints"] = c
    if f.extension:
        out["x-extension"] = True
    return out


def datapackage() -> dict:
    """The Frictionless descriptor of the contract (written to data/datapackage.json)."""
    resources = []
    for t in TABLES.values():
        schema: dict = {
            "fields": [_frictionless_field(f) for f in t.fields],
            "missingValues": [""],
            # Table Schema v2: columns are matched by name, in any order; extra columns are allowed
            # and optional ones may be absent, but every required column must be in the header.
            "fieldsMatch": "partial",
        }
        if t.primary_key:
            schema["primaryKey"] = list(t.primary_key)
        if t.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": fk.column,
                    "reference": {"resource": "" if fk.table == t.name else fk.table, "fields": fk.ref_column},
                }
                for fk in t.foreign_keys
            ]
        resources.append({
            "name": t.name,
            "title": t.title,
            "description": t.description + ("" if t.required else " This table may be absent."),
            "path": t.file,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        })
    return {
        "name": "ctc-cooperation-meetings",
        "title": "UN Counter-Terrorism Committee meetings with international, regional and subregional organizations",
        "description": "Every value comes from a source in sources.csv; an empty cell means unknown.",
        "licenses": licences_for_datapackage(),
        "resources": resources,
    }

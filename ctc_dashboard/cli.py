"""Command line: ``ctc-dashboard validate SOURCE`` (or ``python -m ctc_dashboard``): exit 0 valid, 1 invalid,
2 usage; ``export sqlite|xlsx SOURCE OUT`` and ``template OUT.xlsx`` write files (same exit codes); ``diff OLD
NEW [--csv]`` lists the rows added, removed and changed per table (exit 0, 1 if either side is invalid). A SOURCE
is a data folder, an .xlsx workbook or a .zip of the tables (``dataset.load.load_source``); ``health``
prints what a running server serves."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .contract.datapackage import datapackage
from .dataset.load import SOURCE_HELP, WORKBOOK, load_source, source_kind
from .dataset.problems import DataError
from .dataset.served import health_path
from .dataset.workbook import is_workbook


def _not_a_source(source: str) -> int:
    """Usage error (exit 2): the path is no folder, .xlsx workbook or .zip."""
    print(f"{source}: no such folder or .xlsx workbook or .zip (give {SOURCE_HELP})", file=sys.stderr)
    return 2


def _validate(folder: str) -> int:
    if source_kind(folder) is None:
        return _not_a_source(folder)
    try:
        ds = load_source(folder)
    except DataError as e:
        for p in e.problems:
            print(p)
        files = len({p.file for p in e.problems})
        kind = "sheet(s)" if source_kind(folder) == WORKBOOK else "file(s)"
        print(f"INVALID: {len(e.problems)} problem(s) in {files} {kind} of {folder}")
        return 1
    counts = ", ".join(f"{n} {name}" for name, n in ds.counts().items())
    print(f"VALID: {folder}: {counts} (data version {ds.version})")
    for note in ds.notes:
        print(f"NOTE: {note}")
    return 0


def _diff(old: str, new: str, as_csv: bool) -> int:
    """What changed from OLD to NEW, as text or CSV on stdout (formula-safe for a spreadsheet)."""
    from .derive import changes
    from .derive.exports import neutralize

    for side in (old, new):
        if source_kind(side) is None:
            return _not_a_source(side)
    loaded = []
    for side in (old, new):
        try:
            loaded.append(load_source(side))
        except DataError as e:
            for p in e.problems:
                print(p, file=sys.stderr)
            print(f"INVALID: {side} breaks the contract ({len(e.problems)} problem(s)); nothing compared",
                  file=sys.stderr)
            return 1
    a, b = loaded
    found = changes.diff(a, b)
    if as_csv:
        sys.stdout.write(neutralize(found).to_csv(index=False, lineterminator="\n"))
    else:
        sys.stdout.write(changes.report(found, changes.counts(found, a, b), f"{old} (version {a.version})",
                                        f"{new} (version {b.version})"))
    return 0


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: written beside, then moved into place."""
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _template(out: Path) -> int:
    from .derive.workbook import template_bytes

    if not is_workbook(out):
        print(f"{out}: give a file name ending in .xlsx", file=sys.stderr)
        return 2
    _write(out, template_bytes())
    print(f"wrote {out}")
    return 0


def _export(fmt: str, source: str, out: Path, metadata: str | None) -> int:
    """A folder, workbook or ZIP -> one .xlsx, or a SQLite database and Datasette's metadata.json."""
    if source_kind(source) is None:
        return _not_a_source(source)
    if not out.parent.is_dir():
        print(f"{out.parent}: no such folder to write into", file=sys.stderr)
        return 2
    if fmt == "xlsx" and not is_workbook(out):
        print(f"{out}: give a file name ending in .xlsx", file=sys.stderr)
        return 2
    try:
        ds = load_source(source)
    except DataError as e:
        for p in e.problems:
            print(p)
        print(f"INVALID: {len(e.problems)} problem(s) in {source}; nothing written")
        return 1
    for note in ds.notes:
        print(f"NOTE: {note}")
    if fmt == "xlsx":
        from .derive.workbook import too_big_for_excel, workbook_bytes

        if (reason := too_big_for_excel(ds)) is not None:
            print(f"{out}: not written. {reason}", file=sys.stderr)
            return 1
        _write(out, workbook_bytes(ds))
        print(f"wrote {out}")
        return 0
    from .derive.sqlite import metadata_json, write_sqlite

    meta = Path(metadata) if metadata else out.with_name("metadata.json")
    write_sqlite(ds, out)
    _write(meta, metadata_json(ds, database=out.stem))
    print(f"wrote {out} and {meta}: datasette {out} -m {meta}")
    return 0


def _health(port: int) -> int:
    """Print the health file the server on ``port`` writes (README, Deployment): exit 0 if it serves
    its data and no update was refused."""
    path = health_path(port)
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"no health status for port {port}: is the server running, and has it loaded its data?",
              file=sys.stderr)
        return 2
    print(json.dumps(status, indent=2))
    return 0 if status.get("status") == "ok" else 1


def prog() -> str:
    """How the user called us: the console script, or ``python -m ctc_dashboard``."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return name if name.startswith("ctc-dashboard") else "python -m ctc_dashboard"


def main(argv: list[str] | None = None) -> int:
    # Problems quote the user's cells: on a terminal that cannot show them, escape rather than crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = argparse.ArgumentParser(prog=prog(), description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data folder (or an .xlsx workbook, or a ZIP) against the contract")
    v.add_argument("folder", metavar="source", help=SOURCE_HELP)
    h = sub.add_parser("health", help="what a running server serves: exit 0 ok, 1 update refused or invalid, "
                                      "2 no status (server not running or not started yet)")
    h.add_argument("--port", type=int, default=8501)
    sub.add_parser("datapackage", help="print the datapackage.json the contract implies")
    s = sub.add_parser("synth", help="write a synthetic, valid data folder")
    s.add_argument("--meetings", type=int, required=True)
    s.add_argument("--organizations", type=int, default=None)
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=0)
    e = sub.add_parser("export", help="write a data folder, workbook or ZIP as a SQLite database or an .xlsx "
                                      "workbook")
    e.add_argument("format", choices=["sqlite", "xlsx"])
    e.add_argument("source", help=SOURCE_HELP)
    e.add_argument("out", help="the file to write (.db or .xlsx)")
    e.add_argument("--metadata", help="sqlite only: where to write Datasette's metadata.json "
                                      "(default: metadata.json beside the database)")
    d = sub.add_parser("diff", help="list the rows added, removed and changed per table between two versions")
    d.add_argument("old", help="the earlier version: " + SOURCE_HELP)
    d.add_argument("new", help="the later version: " + SOURCE_HELP)
    d.add_argument("--csv", action="store_true", help="one CSV row per change: table,key,change,field,old,new")
    t = sub.add_parser("template", help="write an empty workbook to fill in: headers, README, drop-down lists")
    t.add_argument("out", help="the .xlsx file to write")
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args.format, args.source, Path(args.out), args.metadata)
    if args.command == "template":
        return _template(Path(args.out))
    if args.command == "validate":
        return _validate(args.folder)
    if args.command == "diff":
        return _diff(args.old, args.new, args.csv)
    if args.command == "health":
        return _health(args.port)
    if args.command == "datapackage":
        # Always UTF-8, whatever the terminal's locale: the output is data/datapackage.json.
        text = json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n"
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # e.g. a captured stream
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return 0
    if args.command == "synth":
        from .synth import write_synthetic

        out = write_synthetic(args.out, args.meetings, args.organizations, args.seed)
        print(f"wrote {out}")
        return 0
    return 2

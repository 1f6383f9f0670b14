"""Command line: ``ctc-dashboard validate DIR`` (or ``python -m ctc_dashboard``): exit 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .contract.datapackage import datapackage
from .dataset.load import load_folder
from .dataset.problems import DataError


def _validate(folder: str) -> int:
    if not Path(folder).is_dir():
        print(f"{folder}: no such folder (give the folder that holds meetings.csv and the other tables)",
              file=sys.stderr)
        return 2
    try:
        ds = load_folder(folder)
    except DataError as e:
        for p in e.problems:
            print(p)
        files = len({p.file for p in e.problems})
        print(f"INVALID: {len(e.problems)} problem(s) in {files} file(s) of {folder}")
        return 1
    counts = ", ".join(f"{n} {name}" for name, n in ds.counts().items()
                       if name != "reported_figures" or ds.has_reported_figures)
    print(f"VALID: {folder}: {counts} (data version {ds.version})")
    return 0


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
    v = sub.add_parser("validate", help="check a data folder against the contract")
    v.add_argument("folder")
    sub.add_parser("datapackage", help="print the datapackage.json the contract implies")
    s = sub.add_parser("synth", help="write a synthetic, valid data folder")
    s.add_argument("--meetings", type=int, required=True)
    s.add_argument("--organizations", type=int, default=None)
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.folder)
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

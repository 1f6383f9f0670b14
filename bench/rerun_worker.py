"""One process of ``bench.reruns``: ``python rerun_worker.py FOLDER RUNS`` with the checkout to measure on
PYTHONPATH. Uses only what both the measured commits have (filters, summary, facets); prints one JSON line."""

from __future__ import annotations

import json
import sys
import time


def cpu_ms(fn, runs: int) -> tuple[list[float], object]:
    out, result = [], None
    for _ in range(runs):
        t = time.process_time()
        result = fn()
        out.append((time.process_time() - t) * 1000)
    return out, result


def typical_changes(ds) -> dict:
    """The five filter changes every rerun figure of the benchmark is about (bench.server_side reads them here)."""
    from ctc_dashboard.derive import filters

    default = filters.default_filters(ds)
    lo, hi = filters.year_bounds(ds)
    third = max((hi - lo) // 3, 0)
    took = filters.took_part(ds.participation)
    top_org = str(took.loc[took["role"] != "convener", "org_id"].value_counts().index[0])
    return {
        "default view": default,
        "years narrowed": filters.Filters(years=(lo + third, hi - third), meeting_types=default.meeting_types),
        "one organization": filters.Filters(years=default.years, meeting_types=default.meeting_types,
                                            organizations=(top_org,)),
        "one kind (regional)": filters.Filters(years=default.years, meeting_types=default.meeting_types,
                                               kinds=("regional",)),
        "no filter (all types)": filters.Filters(),
    }


def main(folder: str, runs: int) -> dict:
    import ctc_dashboard
    from ctc_dashboard import load_folder
    from ctc_dashboard.derive import facets, filters, summary

    ds = load_folder(folder)
    default = filters.default_filters(ds)
    changes = typical_changes(ds)
    t = time.process_time()
    facets.counts(ds, default)  # what the first rerun builds once per dataset (the index, in either commit)
    summary.meeting_summary(filters.apply(ds, default))
    first_ms = (time.process_time() - t) * 1000
    res: dict = {"package": ctc_dashboard.__file__.rsplit("/", 1)[0], "meetings": len(ds.meetings),
                 "participation": len(ds.participation), "first_rerun_ms": first_ms, "changes": {}}
    for name, f in changes.items():
        a, view = cpu_ms(lambda f=f: filters.apply(ds, f), runs)
        s, _ = cpu_ms(lambda view=view: summary.meeting_summary(view), runs)
        c, _ = cpu_ms(lambda f=f: facets.counts(ds, f), runs)
        res["changes"][name] = {"apply_ms": a, "summary_ms": s, "counts_ms": c,
                                "total_ms": [x + y + z for x, y, z in zip(a, s, c, strict=True)]}
    return res


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))

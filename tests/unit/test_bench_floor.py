"""The benchmark's floor pages (bench/*_app.py) are held to what they claim: the minimal page draws the same
offline basemap as the dashboard. Streamlit serves static/ from beside the script it runs, so bench/static must
be the app's static/ (a link): without it the floor's map had no basemap and looked faster than it is."""

from tests.conftest import ROOT


def test_the_floor_pages_serve_the_apps_static_folder():
    bench_static = ROOT / "bench" / "static"
    assert bench_static.resolve() == (ROOT / "static").resolve()
    for name in ("basemap-style.json", "countries-110m.geojson"):
        assert (bench_static / name).is_file()
    assert "/app/static/basemap-style.json" in (ROOT / "bench" / "minimal_app.py").read_text(encoding="utf-8")

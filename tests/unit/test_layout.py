"""The repository's layout matches what its documents promise: one AppTest file per route."""

from pathlib import Path

from ctc_dashboard.ui import routes
from tests.conftest import ROOT

APP_TESTS = ROOT / "tests" / "app"


def test_every_route_has_its_app_test_file():
    """tests/app/test_<route>.py opens its page through its Route, so a renamed page moves its tests too."""
    for name, route in vars(routes).items():
        if not isinstance(route, routes.Route):
            continue
        file = APP_TESTS / f"test_{Path(route.file).stem}.py"
        assert file.exists(), f"{route.file} has no {file.relative_to(ROOT)}"
        if not route.default:
            assert f"routes.{name}" in file.read_text(encoding="utf-8"), f"{file.name} never opens routes.{name}"

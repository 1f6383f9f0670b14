"""Every cap is declared once (limits.py), documented in the README, and the server's upload cap agrees."""

import re
import tomllib

import pytest

from ctc_dashboard.limits import LIMITS, UPLOAD_MB
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(LIMITS))
def test_readme_lists_every_limit_with_its_value(name):
    limit = LIMITS[name]
    row = re.search(rf"^\| `{name}` \| ([\d,]+) \|", README, flags=re.M)
    assert row, f"README's Limits table has no row for {name}"
    assert int(row.group(1).replace(",", "")) == limit.value
    assert limit.help


def test_upload_cap_is_the_servers():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == UPLOAD_MB.value
    assert f"limited to {UPLOAD_MB.value} MB" in README


CACHE_CAPS = [name for name in LIMITS if name.startswith(("cached_", "served_")) or
              (name.startswith("upload_") and name != "upload_mb")]


@pytest.mark.parametrize("name", CACHE_CAPS)
def test_every_cache_cap_says_what_an_entry_costs_in_memory(name):
    assert re.search(r"\d+(\.\d+)? [KM]B", LIMITS[name].help), LIMITS[name].help


def test_every_cache_cap_is_used_by_the_cache_module():
    """Each cap named in ui/cache.py (as ``NAME.value`` or a ``pair``), none written there as a number."""
    source = (ROOT / "ctc_dashboard" / "ui" / "cache.py").read_text(encoding="utf-8")
    for name in CACHE_CAPS:
        assert name.upper() in source, name

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

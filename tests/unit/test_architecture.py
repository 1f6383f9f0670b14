"""The layout's rules, checked on the source: imports point one way, only the UI imports Streamlit,
no private name crosses a module, the logic never names a page file, no module grows past 400 lines,
only ui/url.py touches the address, every cache cap comes from limits.py, page files are named as routes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "ctc_dashboard"
# each may import only the ones before it; web (the records and the API) never imports ui or Streamlit
LAYERS = ("contract", "dataset", "derive", "render", "web", "ui")
MAX_LINES = 400


def _modules(*roots: Path) -> list[Path]:
    out = []
    for root in roots:
        out += [root] if root.is_file() else sorted(root.rglob("*.py"))
    return out


def _name(path: Path) -> str:
    """ctc_dashboard/derive/filters.py -> 'ctc_dashboard.derive.filters'."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(absolute module, names imported from it, line) for every import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.append((base, [a.name for a in node.names], node.lineno))
    return out


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "ctc_dashboard" and parts[1] in LAYERS else None


CODE = _modules(PACKAGE, ROOT / "app_pages", ROOT / "dashboard.py", ROOT / "app.py", ROOT / "bench", ROOT / "tests")


def test_only_the_ui_layer_imports_streamlit():
    offenders = [f"{p.relative_to(ROOT)}:{line}" for p in _modules(PACKAGE) for mod, _, line in _imports(p)
                 if mod.split(".")[0] == "streamlit" and _layer(_name(p)) != "ui"]
    assert offenders == []


@pytest.mark.parametrize("plain", ["ctc_dashboard.ui.routes", "ctc_dashboard.ui.keys", "ctc_dashboard.ui"])
def test_registry_and_keys_are_plain_data(plain):
    """Tests and the benchmark read the page registry and the keys without starting Streamlit."""
    path = PACKAGE.joinpath(*plain.split(".")[1:])
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    assert not [m for m, _, _ in _imports(path) if m.startswith(("streamlit", "ctc_dashboard.ui."))
                and m not in ("ctc_dashboard.ui.keys",)]


def test_the_records_never_import_the_ui():
    """The records and the API run without Streamlit's script runner: no ui module, no streamlit."""
    offenders = [f"{p.relative_to(ROOT)}:{line} imports {mod}" for p in _modules(PACKAGE / "web")
                 for mod, _, line in _imports(p) if mod.startswith(("ctc_dashboard.ui", "streamlit"))]
    assert offenders == []


def test_imports_point_one_way():
    """contract -> dataset -> derive -> render -> ui: a layer never imports a later one."""
    offenders = []
    for p in _modules(PACKAGE):
        mine = _layer(_name(p))
        if mine is None:
            continue
        for mod, _, line in _imports(p):
            theirs = _layer(mod)
            if theirs is not None and LAYERS.index(theirs) > LAYERS.index(mine):
                offenders.append(f"{p.relative_to(ROOT)}:{line} imports {mod}")
    assert offenders == []


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_no_private_name_crosses_a_module():
    """A name imported from another module is public: no ``from x import _y``, no ``module._y``."""
    offenders = []
    for p in CODE:
        tree = ast.parse(p.read_text(encoding="utf-8"))
        aliases: set[str] = set()
        for mod, names, line in _imports(p):
            if not mod.startswith(("ctc_dashboard", "tests", "bench")):
                continue
            for n in names:
                if n.startswith("_") and not n.startswith("__"):
                    offenders.append(f"{p.relative_to(ROOT)}:{line} imports {mod}.{n}")
                if _is_module(f"{mod}.{n}"):
                    aliases.add(n)
            if not names:
                aliases.add(mod.split(".")[0])
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and isinstance(node.value, ast.Name) and node.value.id in aliases):
                offenders.append(f"{p.relative_to(ROOT)}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert offenders == []


def test_the_logic_never_names_a_page_file():
    """Page files are named once, in the page registry (ui/routes.py)."""
    registry = PACKAGE / "ui" / "routes.py"
    offenders = [str(p.relative_to(ROOT)) for p in _modules(PACKAGE)
                 if p != registry and "app_pages/" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_every_page_file_is_registered():
    from ctc_dashboard.ui import routes

    assert sorted(r.file for r in routes.ROUTES) == sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))


def test_no_module_over_400_lines():
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in _modules(PACKAGE, ROOT / "app_pages", ROOT / "dashboard.py")}
    assert {k: n for k, n in sizes.items() if n > MAX_LINES} == {}


@pytest.mark.parametrize("path", _modules(ROOT / "app_pages", ROOT / "dashboard.py"), ids=lambda p: p.name)
def test_every_name_a_page_reads_exists(path):
    """A page's branches do not all run in tests: ``module.name`` it reads from the package must exist."""
    import importlib

    modules = {}
    for mod, names, _ in _imports(path):
        for n in names:
            if mod.startswith("ctc_dashboard") and _is_module(f"{mod}.{n}"):
                modules[n] = importlib.import_module(f"{mod}.{n}")
    missing = [f"{node.value.id}.{node.attr}" for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
               and not hasattr(modules[node.value.id], node.attr)]
    assert missing == []


APP = _modules(PACKAGE, ROOT / "app_pages", ROOT / "dashboard.py")


def test_only_ui_url_touches_the_query_params():
    """The address holds the view: one module reads and writes it (derive.view says what it means)."""
    owner = PACKAGE / "ui" / "url.py"
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in APP if p != owner
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"(?<![\w.])st\.query_params", line)]  # not a Starlette request.query_params
    assert offenders == []


def test_no_widget_binds_itself_to_the_address():
    """``bind="query-params"`` would put a second writer (and display labels) in the address."""
    offenders = []
    for p in APP:
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "bind" and not (
                    isinstance(node.value, ast.Constant) and node.value.value is None):
                offenders.append(f"{p.relative_to(ROOT)}:{node.value.lineno}")
    assert offenders == []


def test_no_cache_cap_is_a_literal_number():
    """Every ``max_entries`` reads a Limit of limits.py, whose help says what an entry costs in memory."""
    offenders = []
    for p in APP:
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "max_entries" and isinstance(node.value, ast.Constant):
                offenders.append(f"{p.relative_to(ROOT)}:{node.value.lineno}")
    assert offenders == []


def test_page_files_are_named_as_their_route():
    """app_pages/<url path>.py: the address says which file draws the page (the default page: its title)."""
    from ctc_dashboard.ui import routes

    for r in routes.ROUTES:
        expected = r.title.lower() if r.default else r.url_path
        assert Path(r.file).stem == expected, (r.file, r.url_path)

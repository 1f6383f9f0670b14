"""The repository's layout matches what its documents promise: one AppTest file per route."""

import ast
import re
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


# ---------------------------------------------------------------- the documents name what exists

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "ctc_dashboard"
LAYERS = ("contract", "dataset", "derive", "render", "ui")
# CONTRIBUTING's placeholders: "x_table(...)", "keys.X", "no `_private` name", not names to look up.
PLACEHOLDERS = {"x", "x_table", "X", "_private"}


def _layout_section() -> str:
    start = README.index("## Layout of the code")
    return README[start:README.index("\n## ", start + 1)]


def _py_names(text: str) -> set[str]:
    return set(re.findall(r"[\w/<>]+\.py\b", text))


def test_readme_layout_names_every_module():
    """A new module gets its line in the README's *Layout of the code* (what it holds, in a few words)."""
    named = _py_names(_layout_section())
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if path.name == "__init__.py" and len(rel.parts) > 1:
            continue  # a layer's package marker
        key = path.name if len(rel.parts) == 1 else rel.as_posix()
        if key not in named:
            missing.append(f"ctc_dashboard/{rel.as_posix()}")
    missing += [f"app_pages/{p.name}" for p in sorted((ROOT / "app_pages").glob("*.py"))
                if p.name not in named and f"app_pages/{p.name}" not in named]
    assert not missing, f"not in the README's layout section: {missing}"


def test_readme_layout_names_no_module_that_is_gone():
    stale = [name for name in _py_names(_layout_section())
             if name.split("/")[0] in LAYERS and not (PACKAGE / name).exists()]
    assert not stale, f"the README's layout section names modules that do not exist: {stale}"


def _definitions() -> set[str]:
    """Every top-level function, class and constant, and every method, of the package, the app and the tests."""
    names: set[str] = set()
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "dashboard.py",
             *(p for p in (ROOT / "tests").rglob("*.py") if "node_modules" not in p.parts)]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                names.update(_assigned(node))
    return names


def _assigned(node: ast.Assign | ast.AnnAssign) -> set[str]:
    """The names an assignment binds: ``A = ...``, ``A: int = ...``, ``A, B = ...``."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {n.id for t in targets for n in ([t] if isinstance(t, ast.Name) else getattr(t, "elts", []))
            if isinstance(n, ast.Name)}


def _module(dotted: str) -> Path | None:
    """``widgets`` or ``render.escape`` or ``ctc_dashboard.ui.context`` -> the package's file, if one."""
    parts = dotted.removeprefix("ctc_dashboard.").split(".")
    for candidate in [PACKAGE.joinpath(*parts).with_suffix(".py"),
                      *(PACKAGE / layer / f"{parts[0]}.py" for layer in LAYERS if len(parts) == 1)]:
        if candidate.exists():
            return candidate
    if len(parts) == 1 and (PACKAGE / parts[0]).is_dir():
        return PACKAGE / parts[0] / "__init__.py"
    return None


def test_contributing_names_functions_and_files_that_exist():
    """Every name CONTRIBUTING.md puts in code type (a function, a module, a file, a make target) exists."""
    defined = _definitions()
    targets = set(re.findall(r"(?m)^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8")))
    wrong = []
    for span in re.findall(r"`([^`\n]+)`", CONTRIBUTING):
        if "<" in span:
            span = re.sub(r"\S*<\w+>\S*", "", span)  # routes.<NAME>.file, test_<route>.py: templates
        for path in re.findall(r"[\w./-]+\.(?:py|md|json)\b", span):
            if not (ROOT / path).exists() and not any(ROOT.glob(f"**/{path}")):
                wrong.append(path)
        for target in re.findall(r"\bmake (\w+)", span):
            if target not in targets:
                wrong.append(f"make {target}")
        called = re.findall(r"([A-Za-z_][\w.]*)\(", span)
        bare = [span] if re.fullmatch(r"@?[A-Za-z_]\w*", span) and not span.endswith(("derive", "render")) else []
        for name in [*called, *(b.lstrip("@") for b in bare), *re.findall(r"\b([a-z_]+(?:\.\w+)+)\b", span)]:
            if name.endswith((".py", ".md", ".json")) or name in PLACEHOLDERS:
                continue
            head, _, attr = name.rpartition(".")
            if not head:
                if name not in defined:
                    wrong.append(name)
                continue
            module = _module(head)
            if module is None:
                if _module(name) is None and head.split(".")[0] in {*LAYERS, "ctc_dashboard", "widgets", "keys"}:
                    wrong.append(name)
                continue  # ctx.x, table.attrs: a value's attribute, not a module's
            if attr not in PLACEHOLDERS and attr not in {n for n in _names_in(module)} and _module(name) is None:
                wrong.append(name)
    assert not wrong, f"CONTRIBUTING.md names what does not exist: {sorted(set(wrong))}"


def _names_in(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            names.update(_assigned(node))
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    return names

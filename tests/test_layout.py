"""The layout keeps the data flow readable: imports one way, small modules and functions, named owners."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())", "--config", str(ROOT / "pyproject.toml"), "--no-cache"]
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def _python_files() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def test_import_contracts_are_kept() -> None:
    run = subprocess.run(LINT, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The contract test can fail: the domain importing the web side is caught."""
    shutil.copytree(APP, tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    dates = tmp_path / "app" / "domain" / "dates.py"
    dates.write_text(dates.read_text("utf-8") + "\nimport app.web.edge  # noqa\n", "utf-8")
    run = subprocess.run(LINT, cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout
    assert "app.domain.dates -> app.web.edge" in run.stdout


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_are_small(path: Path) -> None:
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path.name} has over {MAX_MODULE_LINES} lines"
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines: {', '.join(long)}"


@pytest.mark.parametrize("package", sorted(p.parent for p in APP.rglob("__init__.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_package_says_in_one_line_what_it_owns(package: Path) -> None:
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))
    assert doc and len(doc.splitlines()) == 1, f"{package.name}/__init__.py needs a one-line docstring"


def test_readme_diagram_names_the_packages_in_flow_order() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    diagram = readme.split("## Data flow", 1)[1].split("```")[1]
    order = ["app.sources", "app.names", "app.store", "app.formats", "app.pages", "app.web"]
    places = [diagram.find(name) for name in order]
    assert -1 not in places, f"the diagram lacks {[n for n, p in zip(order, places, strict=True) if p < 0]}"
    assert places == sorted(places), "the diagram names the packages out of the order data passes through them"

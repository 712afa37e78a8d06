"""The shape of the code: stages never import each other, schemas imports nothing of the project, only the
orchestration modules know the stages, and everything is imported through the one installed package, lscp."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = {"extract", "tag", "normalise", "load", "evaluate", "fetch", "audit", "view"}
ORCHESTRATION = {"cli", "pipeline", "run", "nightly", "executors"}
PROJECT = STAGES | ORCHESTRATION | {"schemas"}


def _sources(package: str) -> list[Path]:
    folder = ROOT / package
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [ROOT / f"{package}.py"]


def _project_imports(file: Path) -> set[str]:
    """The project packages and modules one file imports (`lscp.X...`, `from lscp import X` and a module imported at
    its first use, `LazyModule("lscp.X")` -> X)."""
    found: set[str] = set()
    tree = ast.parse(file.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "LazyModule":
            name = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else ""
            parts = str(name).split(".")
            if parts[0] == "lscp" and len(parts) > 1:
                found.add(parts[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "lscp" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] != "lscp":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found |= {alias.name for alias in node.names}
    return found & PROJECT


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for file in _sources(package):
        found |= _project_imports(file)
    return found


def test_no_stage_imports_another_stage():
    for stage in STAGES:
        others = _imports(stage) - {stage, "schemas"}
        assert not others, f"{stage} imports {sorted(others)}"


def test_schemas_is_the_bottom_layer():
    assert _imports("schemas") <= {"schemas"}


def test_only_orchestration_imports_stages():
    for module in ORCHESTRATION:
        assert _sources(module)[0].exists(), module
    users = {module for module in ORCHESTRATION if _imports(module) & STAGES}
    assert users, "the orchestration modules import the stages"
    assert _imports("schemas") & STAGES == set()


def test_the_checks_see_imports():
    """The rules above would pass vacuously if imports were not recognised: the pipeline must show its stages."""
    assert {"extract", "tag", "normalise", "load"} <= _imports("pipeline")


def test_every_project_import_goes_through_the_package():
    """A bare `import extract` works from the repository folder and nowhere else: it must never appear."""
    bare = []
    files = [p for p in ROOT.rglob("*.py") if not {".venv", "build"} & set(p.relative_to(ROOT).parts)]
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module.split(".")[0]]
            bare += [f"{file.relative_to(ROOT)}:{node.lineno} imports {name}" for name in names if name in PROJECT]
    assert not bare, "\n".join(bare)


def test_help_does_not_build_the_pipeline():
    import subprocess
    import sys

    code = (
        "import sys; from lscp import cli; cli.app(['--help'], standalone_mode=False); "
        "print('spacy' in sys.modules, 'pdfplumber' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")


def test_the_warehouse_has_one_front_door():
    """Outside load/, the product reaches DuckDB only through load.Warehouse: no module imports duckdb or
    takes a connection from load."""
    from lscp import load

    assert "connect" not in load.__all__ and not hasattr(load, "connect")
    for package in PROJECT - {"load"}:
        for file in _sources(package):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    assert all(alias.name.split(".")[0] != "duckdb" for alias in node.names), file
                elif isinstance(node, ast.ImportFrom) and node.module:
                    assert node.module.split(".")[0] != "duckdb", file
                    assert not (node.module.startswith("lscp.load.") and node.level == 0), f"{file} reaches inside load/"


def test_each_tagging_module_stays_short():
    """One module per fact kind and per shared helper: none grows past 400 lines."""
    long = [f"{p.relative_to(ROOT)}: {n} lines" for p in _sources("tag") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not long, "\n".join(long)


def test_extract_only_reads():
    """Tagging lives in tag/: extract/ holds the readers and nothing of the tagger or its patterns."""
    assert not (ROOT / "extract" / "tagger").exists()
    assert not (ROOT / "extract" / "patterns").exists()
    assert (ROOT / "tag" / "patterns").is_dir()


def test_tag_components_share_one_signature():
    """Every fact kind is a component with the same entry point, run in the order the package lists them."""
    import inspect

    from lscp import tag

    names = [component.__name__.rsplit(".", 1)[-1] for component in tag.COMPONENTS]
    assert names == ["report", "figures", "reviews", "partners", "people", "themes", "finance"]
    for component in tag.COMPONENTS:
        assert list(inspect.signature(component.tag).parameters) == ["tagged", "ctx"], component.__name__


def test_no_module_defines_a_function_twice():
    """A second top-level `def` of one name silently replaces the first: in a test module, a test that never runs."""
    files = [p for p in ROOT.rglob("*.py") if not {".venv", "build"} & set(p.relative_to(ROOT).parts)]
    twice = []
    for file in files:
        seen: set[str] = set()
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name in seen:
                    twice.append(f"{file.relative_to(ROOT)}:{node.lineno} {node.name}")
                seen.add(node.name)
    assert not twice, "\n".join(twice)

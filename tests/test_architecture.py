"""The stage packages never import each other; schemas imports nothing of the project."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = {"extract", "normalise", "load", "evaluate", "fetch"}
PROJECT = STAGES | {"schemas", "cli", "pipeline", "nightly"}


def _imports(package: str) -> set[str]:
    found = set()
    for file in (ROOT / package).rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found & PROJECT


def test_no_stage_imports_another_stage():
    for stage in STAGES:
        others = _imports(stage) - {stage, "schemas"}
        assert not others, f"{stage} imports {sorted(others)}"


def test_schemas_is_the_bottom_layer():
    assert _imports("schemas") <= {"schemas"}


def test_help_does_not_build_the_pipeline():
    import subprocess
    import sys

    code = "import sys, cli; cli.app(['--help'], standalone_mode=False); print('spacy' in sys.modules, 'pdfplumber' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")

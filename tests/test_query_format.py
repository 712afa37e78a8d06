"""lscp query: a cut table cell is marked, --wide prints it whole, and CSV prints lists as export does."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lscp import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "w.duckdb"
    result = CliRunner().invoke(cli.app, ["ingest", "-q", "--workers", "1", "--db", str(path), str(ROOT / "data" / "raw")])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli.app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_cut_cell_ends_with_an_ellipsis_and_wide_prints_it_whole(db):
    sql = "SELECT repeat('x', 70) || 'END' AS long, 'short' AS s"
    lines = run("query", sql, "--db", str(db)).splitlines()
    assert lines[2].startswith("x" * 59 + "…") and "END" not in lines[2]
    assert len(lines[2].split("  ")[0]) == cli.CELL_WIDTH
    wide = run("query", sql, "--db", str(db), "--wide").splitlines()
    assert wide[2].startswith("x" * 70 + "END") and "…" not in wide[2]
    assert "…" not in run("query", "SELECT 'short' AS s", "--db", str(db))


def test_query_csv_prints_lists_as_export_csv_does(db):
    for name in ("partnerships", "reports"):
        exported = run("export", "table", name, "--format", "csv", "--out", "-", "--db", str(db))
        queried = run("query", f"SELECT * FROM {name}", "--format", "csv", "--db", str(db))
        assert sorted(queried.splitlines()) == sorted(exported.splitlines()), name
        assert "['" not in queried

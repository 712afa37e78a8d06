"""docs/warehouse.md describes every table, view and column, and its example queries run on the sample warehouse."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lscp import cli
from lscp import load, run

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "warehouse.md"
README = ROOT / "README.md"
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.S | re.M)
MAY_BE_EMPTY = "-- may return no rows"


def doc_script():
    spec = importlib.util.spec_from_file_location("warehouse_doc", ROOT / "scripts" / "warehouse_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    """A warehouse made from the sample reports by `lscp ingest` (which also records a run)."""
    db = tmp_path_factory.mktemp("docs") / "samples.duckdb"
    result = CliRunner().invoke(cli.app, ["ingest", "-q", str(ROOT / "data" / "raw"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def relations(tmp_path_factory):
    with load.Warehouse(tmp_path_factory.mktemp("empty") / "w.duckdb") as warehouse:
        return warehouse.relations()


def sections(text: str) -> dict[str, str]:
    """Text under each `### name` heading, up to the next heading."""
    parts = re.split(r"^#{2,3} ", text, flags=re.M)
    return {part.split("\n", 1)[0].strip(): part for part in parts[1:]}


def example_queries(path: Path) -> list[str]:
    return SQL_BLOCK.findall(path.read_text(encoding="utf-8"))


def test_every_table_view_and_column_has_its_section(relations):
    found = sections(DOC.read_text(encoding="utf-8"))
    assert {r.kind for r in relations} == {"table", "view"}
    for relation in relations:
        assert relation.name in found, f"docs/warehouse.md has no section '### {relation.name}'"
        body = found[relation.name]
        missing = [c.name for c in relation.columns if f"| `{c.name}` |" not in body]
        assert not missing, f"docs/warehouse.md, section {relation.name}: columns not described: {missing}"
        assert relation.comment, f"{relation.name} has no comment in load/schema.sql"


def test_column_tables_match_the_schema_comments(relations):
    script = doc_script()
    text = DOC.read_text(encoding="utf-8")
    rendered, problems = script.render(text, relations)
    assert problems == []
    assert rendered == text, "docs/warehouse.md is out of date: run .venv/bin/python scripts/warehouse_doc.py"


def test_doc_render_reports_unknown_and_missing_blocks(relations):
    script = doc_script()
    text = "<!-- columns: nonsense -->\n<!-- /columns -->\n"
    _, problems = script.render(text, relations)
    assert "docs/warehouse.md has a column block for 'nonsense', which the warehouse does not have" in problems
    assert "docs/warehouse.md has no column block for the view 'figures_comparable'" in problems


def test_docs_have_example_queries_for_the_views():
    queries = "\n".join(example_queries(DOC))
    for name in ("figures_comparable", "funding", "funding_by_type", "reviews_comparable", "priorities_comparable",
                 "partnerships", "partnership_reports", "document_links", "runs"):  # fmt: skip
        assert re.search(rf"\b{name}\b", queries), f"no example query uses {name}"


@pytest.mark.parametrize("path", [DOC, README], ids=["warehouse.md", "README.md"])
def test_example_queries_run_on_the_sample_warehouse(sample_db, path):
    queries = example_queries(path)
    assert queries, f"{path.name} has no ```sql blocks"
    for sql in queries:
        try:
            with load.Warehouse.for_queries(sample_db) as warehouse:  # as `lscp query` runs them
                columns, rows = warehouse.read_query(sql)
        except load.WarehouseError as exc:
            pytest.fail(f"{path.name}: an example query fails:\n{sql}\n{exc}")
        assert columns, f"{path.name}: not a query:\n{sql}"
        if MAY_BE_EMPTY not in sql:
            assert rows, f"{path.name}: an example query returns no rows on the samples:\n{sql}"


def test_exit_codes_are_documented_in_the_readme_and_the_help():

    codes = (run.EXIT_OK, run.EXIT_FAILURES, run.EXIT_USAGE, run.EXIT_BUSY, run.EXIT_WAREHOUSE)
    assert codes == (cli.EXIT_OK, cli.EXIT_FAILURES, cli.EXIT_USAGE, cli.EXIT_BUSY, cli.EXIT_WAREHOUSE) == (0, 1, 2, 3, 4)
    readme = README.read_text(encoding="utf-8")
    assert all(f"| `{code}` |" in readme for code in codes), "the README's exit code table lacks a code"
    shown = " ".join(CliRunner().invoke(cli.app, ["nightly", "--help"]).output.replace("│", " ").split())
    assert "Exit code: 0 all fine; 1 some downloads or documents failed" in shown
    assert "3 another lscp run holds the lock" in shown and "4 the warehouse cannot be opened" in shown

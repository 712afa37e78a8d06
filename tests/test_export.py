"""`lscp export table` and `lscp export all`: every table and view as Parquet, CSV or JSON lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from lscp import cli
from lscp import load

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "samples.duckdb"
    result = runner.invoke(cli.app, ["ingest", "-q", str(ROOT / "data" / "raw"), "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return path


def rows_of(db: Path, name: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT * FROM {name}").fetchall()
    finally:
        con.close()


def names(db: Path) -> list[str]:
    with load.Warehouse(db, read_only=True) as warehouse:
        return warehouse.relation_names()


def export(db: Path, *args: str):
    return runner.invoke(cli.app, ["export", *args, "--db", str(db)])


def plain_types(data_type: pa.DataType) -> bool:
    """Types every Parquet reader handles: no 128-bit integers, decimals, unsigned or binary columns."""
    if pa.types.is_list(data_type):
        return plain_types(data_type.value_type)
    return any(check(data_type) for check in (
        pa.types.is_string, pa.types.is_large_string, pa.types.is_int32, pa.types.is_int64,
        pa.types.is_float64, pa.types.is_boolean, pa.types.is_timestamp,
    ))  # fmt: skip


def test_parquet_keeps_rows_and_types(db, tmp_path):
    out = tmp_path / "out" / "fc.parquet"

    result = export(db, "table", "figures_comparable", "--format", "parquet", "--out", str(out))

    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == len(rows_of(db, "figures_comparable")) > 10
    assert table.schema.field("other_values").type == pa.list_(pa.float64())
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("values_disagree").type == pa.bool_()
    chosen = {row["metric"]: row for row in table.to_pylist() if row["area"] is None and row["breakdown"] is None}
    assert chosen["referrals"]["value"] == 5412 and chosen["referrals"]["chosen_from_kind"] == "annual_report"
    assert f"{table.num_rows} rows of figures_comparable -> {out}" in result.output
    assert [p.name for p in out.parent.iterdir()] == ["fc.parquet"]  # no temporary file left


def test_default_file_name_is_name_dot_format(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert export(db, "table", "partnerships").exit_code == 0
    assert pq.read_table(tmp_path / "partnerships.parquet").column("partnership_id").to_pylist() == ["northmoor-scp"]


def test_csv_has_a_header_and_every_row(db, tmp_path):
    out = tmp_path / "funding.csv"
    assert export(db, "table", "funding", "--format", "csv", "--out", str(out)).exit_code == 0
    read = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(read) == len(rows_of(db, "funding")) == 9
    assert abs(sum(float(row["share_of_total"]) for row in read) - 1.0) < 1e-9
    assert {row["partner_type"] for row in read} >= {"local_authority", "health", "police"}


def test_jsonl_is_one_object_per_row(db, tmp_path):
    out = tmp_path / "documents.jsonl"
    assert export(db, "table", "documents", "--format", "jsonl", "--out", str(out)).exit_code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3
    assert {line["file_name"] for line in lines} == {p.name for p in (ROOT / "data" / "raw").iterdir()}
    assert isinstance(lines[0]["warnings"], list)


def test_csv_and_jsonl_can_go_to_stdout_but_parquet_cannot(db):
    shown = export(db, "table", "partnerships", "--format", "csv", "--out", "-")
    assert shown.exit_code == 0
    assert next(csv.reader(io.StringIO(shown.stdout)))[:2] == ["partnership_id", "name"]
    lines = export(db, "table", "reports", "--format", "jsonl", "--out", "-").stdout.splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["partnership"]
    refused = export(db, "table", "partnerships", "--format", "parquet", "--out", "-")
    assert refused.exit_code == 2 and "parquet cannot go to stdout" in refused.output


def test_unknown_name_exits_2_and_lists_the_names(db, tmp_path):
    result = export(db, "table", "figures; DROP TABLE figures", "--out", str(tmp_path / "x.parquet"))

    assert result.exit_code == 2
    assert "no table or view named 'figures; DROP TABLE figures'" in result.output
    assert "choose one of: documents, reports, figures" in result.output and "figures_comparable" in result.output
    assert not (tmp_path / "x.parquet").exists() and rows_of(db, "figures")


def test_a_failed_export_says_why_and_leaves_nothing(db, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    result = export(db, "table", "figures", "--out", str(target))
    assert result.exit_code == 1
    assert f"cannot export figures to {target}" in result.output
    assert list(tmp_path.iterdir()) == [target] and list(target.iterdir()) == []


def test_export_all_writes_every_table_and_view_in_plain_parquet(db, tmp_path):
    folder = tmp_path / "all"

    result = export(db, "all", "--dir", str(folder))

    assert result.exit_code == 0, result.output
    expected = names(db)
    assert {"documents", "figures", "runs", "partnerships", "figures_comparable", "funding"} <= set(expected)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.parquet" for name in expected)
    for name in expected:
        table = pq.read_table(folder / f"{name}.parquet")
        assert table.num_rows == len(rows_of(db, name)), name
        odd = [f"{f.name}: {f.type}" for f in table.schema if not plain_types(f.type)]
        assert not odd, f"{name} has column types other readers may not handle: {odd}"
    assert f"{len(expected)} tables and views -> {folder}" in result.output


def test_export_all_as_csv(db, tmp_path):
    assert export(db, "all", "--dir", str(tmp_path), "--format", "csv").exit_code == 0
    assert (tmp_path / "priorities_comparable.csv").read_text(encoding="utf-8").startswith("partnership_id,")
    assert len(list(tmp_path.glob("*.csv"))) == len(names(db))


def test_export_of_a_missing_warehouse_exits_2(tmp_path):
    result = export(tmp_path / "none.duckdb", "all", "--dir", str(tmp_path / "out"))
    assert result.exit_code == 2 and "no warehouse at" in result.output


def test_every_exported_parquet_file_reads_in_pandas_and_polars(db, tmp_path):
    """What researchers open the files with: each table and view comes back with its rows and columns."""
    pandas = pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    assert export(db, "all", "--dir", str(tmp_path)).exit_code == 0
    for name in names(db):
        path = tmp_path / f"{name}.parquet"
        expected = rows_of(db, name)
        frame = pandas.read_parquet(path)
        assert len(frame) == len(expected), name
        table = polars.read_parquet(path)
        assert table.height == len(expected) and table.columns == list(frame.columns), name

"""Re-runs: unchanged files skipped (on size and modification time when those can be trusted), stale
extractor versions re-extracted, gone files pruned, and warehouses from before these columns upgraded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pytest

from lscp import load
from lscp import pipeline

OLD = time.time() - 3600  # a modification time well before any check


def write_report(path: Path, n: int, *, old: bool = True) -> Path:
    path.write_text(
        f"# Westshire Safeguarding Children Partnership Annual Report 2023-24\n\n"
        f"There were {n} referrals to children's social care in 2023-24.\n",
        encoding="utf-8",
    )
    if old:
        os.utime(path, (OLD, OLD))
    return path


@pytest.fixture
def folder(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(3):
        write_report(reports / f"r{i}.md", 1000 + i)
    return reports


@pytest.fixture
def hashes(monkeypatch):
    """Count the files plan() reads to hash."""
    read: list[str] = []
    original = pipeline._file_sha256

    def counting(path: Path) -> str | None:
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(pipeline, "_file_sha256", counting)
    return read


def run(folder: Path, db: Path, **options) -> pipeline.IngestSummary:
    return pipeline.ingest(pipeline.discover([folder])[0], db, workers=1, **options)


def stored(db: Path, name: str) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT size_bytes, mtime_ns, checked_at, extractor_version FROM documents WHERE file_name = ?", [name]
        ).fetchone()
    finally:
        con.close()


def test_unchanged_old_files_are_skipped_without_reading_them(folder, tmp_path, hashes):
    db = tmp_path / "w.duckdb"
    assert run(folder, db).processed == 3
    size, mtime, checked, _ = stored(db, "r0.md")
    assert size == (folder / "r0.md").stat().st_size and mtime == (folder / "r0.md").stat().st_mtime_ns
    assert checked is not None

    again = run(folder, db)

    assert (again.processed, again.skipped) == (0, 3)
    assert hashes == []


def test_a_changed_file_is_hashed_and_processed_again(folder, tmp_path, hashes):
    db = tmp_path / "w.duckdb"
    run(folder, db)
    write_report(folder / "r1.md", 2001, old=False)  # same size, new content, new time

    again = run(folder, db)

    assert (again.processed, again.skipped) == (1, 2)
    assert hashes == ["r1.md"]


def test_a_touched_but_unchanged_file_is_hashed_once_then_trusted(folder, tmp_path, hashes):
    db = tmp_path / "w.duckdb"
    run(folder, db)
    later = OLD + 60
    os.utime(folder / "r2.md", (later, later))

    again = run(folder, db)

    assert (again.processed, again.skipped, hashes) == (0, 3, ["r2.md"])
    assert stored(db, "r2.md")[1] == (folder / "r2.md").stat().st_mtime_ns
    third = run(folder, db)
    assert (third.processed, third.skipped, hashes) == (0, 3, ["r2.md"])


def test_a_file_modified_just_before_its_check_is_not_trusted(folder, tmp_path, hashes):
    db = tmp_path / "w.duckdb"
    write_report(folder / "fresh.md", 5000, old=False)  # modified now: within the margin of its first check
    run(folder, db)

    again = run(folder, db)
    again_too = run(folder, db)

    assert again.skipped == again_too.skipped == 4
    assert hashes == ["fresh.md", "fresh.md"]  # read every time until it is older than the margin


def test_a_stale_extractor_version_is_re_extracted(folder, tmp_path, monkeypatch, hashes):
    db = tmp_path / "w.duckdb"
    run(folder, db)
    monkeypatch.setattr(pipeline, "extractor_version", lambda: "0.1.0+rules.v1.newer")

    again = run(folder, db)

    assert (again.processed, again.skipped) == (3, 0)
    assert {stored(db, f"r{i}.md")[3] for i in range(3)} == {"0.1.0+rules.v1.newer"}
    assert hashes == []


def test_the_extractor_version_follows_the_rules_and_the_code_that_extracts(tmp_path):
    """A rule written only in code re-extracts like one in a pattern file; caches, tests and other code do not."""
    package = tmp_path / "lscp"
    for stage, folder in pipeline.VERSIONED_DATA:
        (package / stage / folder).mkdir(parents=True)
        (package / stage / folder / "rules.jsonl").write_text("{}\n", encoding="utf-8")
    for stage in pipeline.VERSIONED_CODE:
        (package / stage / "deeper").mkdir(parents=True, exist_ok=True)
        (package / stage / "__init__.py").write_text("", encoding="utf-8")
        (package / stage / "deeper" / "rule.py").write_text("LIMIT = 3\n", encoding="utf-8")
    (package / "cli.py").write_text("print()\n", encoding="utf-8")
    first = pipeline.extractor_digest(package)

    (package / "cli.py").write_text("print('other')\n", encoding="utf-8")
    (package / "tag" / "__pycache__").mkdir()
    (package / "tag" / "__pycache__" / "rule.cpython-311.pyc").write_bytes(b"\0")
    (package / "tag" / "notes.txt").write_text("not code", encoding="utf-8")
    assert pipeline.extractor_digest(package) == first

    (package / "tag" / "deeper" / "rule.py").write_text("LIMIT = 4\n", encoding="utf-8")
    changed = pipeline.extractor_digest(package)
    assert changed != first
    (package / "tag" / "deeper" / "rule.py").rename(package / "tag" / "deeper" / "renamed.py")
    assert pipeline.extractor_digest(package) not in (first, changed)
    (package / "tag" / "deeper" / "renamed.py").rename(package / "tag" / "deeper" / "rule.py")
    (package / "normalise" / "data" / "rules.jsonl").write_text("{}\n{}\n", encoding="utf-8")
    assert pipeline.extractor_digest(package) not in (first, changed)


def test_prune_forgets_files_that_are_gone_with_their_rows(folder, tmp_path):
    db = tmp_path / "w.duckdb"
    run(folder, db)
    (folder / "r0.md").unlink()

    kept = run(folder, db)
    assert kept.pruned == 0
    pruned = run(folder, db, prune=True)

    assert pruned.pruned == 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM document_links WHERE file_name = 'r0.md'").fetchone()[0] == 0
        assert sorted(v for (v,) in con.execute("SELECT value FROM figures").fetchall()) == [1001, 1002]
        assert con.execute("SELECT n_documents FROM partnerships").fetchall() == [(2,)]
    finally:
        con.close()


OLD_DOCUMENTS = """
CREATE TABLE documents (
    document_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, path VARCHAR NOT NULL UNIQUE, file_name VARCHAR NOT NULL,
    media_type VARCHAR, size_bytes BIGINT, sha256 VARCHAR, pages INTEGER, needs_ocr BOOLEAN NOT NULL,
    status VARCHAR NOT NULL, stage VARCHAR, error VARCHAR, warnings VARCHAR[] NOT NULL,
    extractor_version VARCHAR NOT NULL, fact_count INTEGER NOT NULL, rejected_count INTEGER NOT NULL,
    started_at TIMESTAMP, finished_at TIMESTAMP, loaded_at TIMESTAMP NOT NULL
)"""


def test_a_warehouse_from_before_the_new_columns_is_upgraded(folder, tmp_path, hashes):
    db = tmp_path / "old.duckdb"
    path = (folder / "r0.md").resolve()
    con = duckdb.connect(str(db))
    con.execute(OLD_DOCUMENTS)
    con.execute(
        "INSERT INTO documents VALUES (?, 'r0', ?, 'r0.md', 'text/markdown', ?, ?, 1, false, 'ok', NULL, NULL, [], ?, 0, 0, "
        "now(), now(), now())",
        [load.document_id(str(path)), str(path), path.stat().st_size, pipeline._file_sha256(path),
         pipeline.extractor_version()],
    )  # fmt: skip
    con.close()
    hashes.clear()

    summary = pipeline.ingest([folder / "r0.md"], db, workers=1)

    assert (summary.processed, summary.skipped) == (0, 1)  # known by its sha256
    assert hashes == ["r0.md"]
    size, mtime, checked, _ = stored(db, "r0.md")
    assert mtime == path.stat().st_mtime_ns and checked is not None
    with load.Warehouse(db) as upgraded:
        assert upgraded.row("SELECT lscp_schema_version()")[0] == load.warehouse.schema_version()
        assert upgraded.row("SELECT count(*) FROM figures_comparable")[0] == 0

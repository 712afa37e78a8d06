"""Hostile inputs: files made to cost time, memory or a hang, and what each one leaves in the warehouse."""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from lscp import cli, pipeline

runner = CliRunner()
REPORT = "# Westshire Safeguarding Children Partnership Annual Report 2022-23\n\nThere were 1,234 referrals in 2022-23.\n"


def ingest(*args: str):
    return runner.invoke(cli.app, ["ingest", "-q", *args])


def rows(db: Path) -> dict[str, tuple]:
    """file name -> (status, stage, error, sha256 is known, size_bytes, mtime is known)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute(
            "SELECT file_name, status, stage, error, sha256 IS NOT NULL, size_bytes, mtime_ns IS NOT NULL FROM documents"
        ).fetchall()
    finally:
        con.close()
    return {name: tuple(rest) for name, *rest in found}


def pdf_bomb(path: Path, inflated_mib: int) -> None:
    """A one-page PDF whose content stream inflates to ``inflated_mib`` MiB of spaces (about 1,000 times its size)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(b"BT /F1 12 Tf 72 720 Td (There were 12 referrals.) Tj ET\n")]
    parts += [packer.compress(chunk) for _ in range(inflated_mib)]
    stream = b"".join(parts) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def timed(path: Path):
    with pipeline.settled([path]):
        began = time.perf_counter()
        result = pipeline.process_file(path)
    return result, time.perf_counter() - began


@pytest.mark.parametrize("depth", [20_000, 50_000])
def test_deeply_nested_html_is_read_in_linear_time(tmp_path, depth):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * depth + "There were 1,234 referrals in 2022-23." + "</div>" * depth + "</body></html>")
    result, seconds = timed(path)
    assert result.status == "ok" and seconds < 10


@pytest.mark.parametrize(
    "line",
    [
        "_a " * 70_000,  # unclosed emphasis marks
        "<a " * 70_000,  # unclosed tags
        "[a](" * 60_000,  # unclosed links
        "•\t" + "a " * 100_000 + "\tb",  # a bullet glyph and a tab before a long line
        "**x**(" + "**(" * 60_000,  # a bold line that never closes
        "# a" + " " * 100_000 + "x",  # a heading mark before a long run of spaces
        " ".join(f"{i}%" for i in range(40_000)),  # one sentence of numbers
    ],
    ids=["emphasis", "tags", "links", "tab-bullet", "bold", "heading", "numbers"],
)
def test_long_hostile_lines_are_read_in_bounded_time(tmp_path, line):
    path = tmp_path / "line.txt"
    path.write_text(line + "\n")
    result, seconds = timed(path)
    assert result.status == "ok" and seconds < 30


def test_a_file_over_its_format_size_limit_fails_with_its_hash_and_is_skipped_while_unchanged(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text(REPORT + "\n" * 1_200_000)
    (folder / "fine.md").write_text(REPORT)
    db = tmp_path / "w.duckdb"
    first = ingest(str(folder), "--db", str(db), "--max-file-mb", "1", "--workers", "1")
    assert first.exit_code == 1, first.output
    status, stage, error, has_sha, size, has_mtime = rows(db)["big.txt"]
    assert (status, stage, has_sha, has_mtime) == ("failed", "size", True, True) and size > 1024 * 1024
    assert "over the size limit of 1 MB" in error and "--max-file-mb" in error
    assert rows(db)["fine.md"][0] == "ok"
    again = ingest(str(folder), "--db", str(db), "--max-file-mb", "1")
    assert again.exit_code == 0 and "0 processed" in again.output
    raised = ingest(str(folder), "--db", str(db), "--max-file-mb", "2", "--retry-failed")
    assert raised.exit_code == 0 and "1 processed (1 ok" in raised.output


def test_default_size_limits_are_per_format():
    limits = pipeline.Limits()
    assert limits.max_bytes("text/plain") < limits.max_bytes("text/html") < limits.max_bytes("application/pdf")
    assert pipeline.Limits(max_file_mb=0).max_bytes("text/plain") is None


def _stuck(path, limits=None):
    time.sleep(30)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_timed_out_file_keeps_its_hash_and_is_skipped_while_unchanged(tmp_path, monkeypatch, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "slow.md").write_text(REPORT)
    db = tmp_path / "w.duckdb"
    monkeypatch.setattr(pipeline, "process_file", _stuck)
    first = ingest(str(folder), "--db", str(db), "--doc-timeout", "1", "--workers", workers)
    assert first.exit_code == 1, first.output
    status, stage, error, has_sha, size, has_mtime = rows(db)["slow.md"]
    assert (status, stage, has_sha, size, has_mtime) == ("failed", "timeout", True, len(REPORT), True)
    assert "time limit of 1 s" in error
    again = ingest(str(folder), "--db", str(db), "--doc-timeout", "1", "--workers", workers)
    assert again.exit_code == 0 and "0 processed" in again.output and "1 unchanged" in again.output


@pytest.mark.slow
def test_a_decompression_bomb_fails_alone_on_the_memory_limit(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    pdf_bomb(folder / "bomb.pdf", 400)
    (folder / "fine.md").write_text(REPORT)
    db = tmp_path / "w.duckdb"
    result = ingest(str(folder), "--db", str(db), "--doc-memory-mb", "200", "--workers", "1")
    assert result.exit_code == 1, result.output
    status, stage, error, has_sha, size, _ = rows(db)["bomb.pdf"]
    assert (status, stage, has_sha) == ("failed", "memory", True)
    assert "per-document memory limit of 200 MB" in error
    assert rows(db)["fine.md"][0] == "ok"


def test_every_input_is_accounted_for_links_loops_pipes_and_unreadable_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fine.md").write_text(REPORT)
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "a.md").symlink_to("b.md")
    (folder / "b.md").symlink_to("a.md")
    (folder / "broken.pdf").symlink_to("nowhere.pdf")
    os.mkfifo(folder / "pipe.txt")
    unreadable = "unreadable.txt"
    if os.geteuid() == 0:  # root reads any file: a link to one that fails on read stands in for an unreadable one
        (folder / "unreadable.txt").symlink_to("/proc/self/mem")
        unreadable = "mem"  # the row names the file a link leads to
    else:
        (folder / "unreadable.txt").write_text(REPORT)
        (folder / "unreadable.txt").chmod(0)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a loop through a folder link: not followed
    (folder / "README.md").write_text("How this folder is kept.")
    (folder / "LICENSE").write_text("MIT")
    (folder / "notes").mkdir()
    (folder / "notes" / "draft.md").write_text(REPORT)
    db = tmp_path / "w.duckdb"
    began = time.perf_counter()
    result = ingest(str(folder), "--db", str(db), "--exclude", "notes", "--workers", "2")
    assert time.perf_counter() - began < 60
    assert result.exit_code == 1, result.output
    found = rows(db)
    assert set(found) == {"fine.md", "loop.md", "a.md", "b.md", "broken.pdf", "pipe.txt", unreadable}
    assert found["fine.md"][0] == "ok"
    reasons = {name: row[2] for name, row in found.items() if name != "fine.md"}
    assert all(row[0] == "failed" for name, row in found.items() if name != "fine.md")
    assert "symbolic links" in reasons["loop.md"] and "symbolic links" in reasons["a.md"]
    assert "No such file" in reasons["broken.pdf"]
    assert reasons["pipe.txt"] == "not a regular file: a named pipe (fifo)"
    assert "cannot read file" in reasons[unreadable]
    for name in ("fine.md", "loop.md", "pipe.txt"):
        assert name in result.output or found[name][0] == "ok"
    explicit = ingest(str(folder / "README.md"), "--db", str(db))
    assert explicit.exit_code == 0 and "README.md" in rows(db)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    (folder / "r.md").write_text(REPORT)
    db = folder / "w.duckdb"
    assert ingest(str(folder / "r.md"), "--db", str(db), "--workers", "1").exit_code == 0
    return db


@pytest.mark.parametrize(
    "sql, code, said",
    [
        ("COPY (SELECT * FROM documents) TO '{out}'", 1, "not COPY"),
        ("EXPORT DATABASE '{folder}'", 1, "not EXPORT"),
        ("ATTACH '{other}' AS other (READ_ONLY false); DELETE FROM other.t", 1, "one statement"),
        ("ATTACH '{other}' AS other (READ_ONLY false)", 1, "not ATTACH"),
        ("SELECT 1; SELECT 2", 1, "one statement"),
        ("INSTALL httpfs", 1, "not INSTALL"),
        ("LOAD httpfs", 1, "not LOAD"),
        ("SET enable_external_access = true", 1, "not SET"),
        ("SELECT * FROM read_text('/etc/shadow')", 1, "Permission Error"),
        ("SELECT * FROM read_csv('{out}')", 1, "Permission Error"),
        ("SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')", 1, "Permission Error"),
    ],
)
def test_query_only_reads_the_warehouse(sample_db, tmp_path, sql, code, said):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    out = tmp_path / "out.csv"
    out.write_text("a\n1\n")
    text = sql.format(out=out, folder=tmp_path / "exported", other=other)
    result = runner.invoke(cli.app, ["query", text, "--db", str(sample_db)])
    assert result.exit_code == code, result.output
    assert said in result.output
    assert out.read_text() == "a\n1\n" and not (tmp_path / "exported").exists()
    con = duckdb.connect(str(other), read_only=True)
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    con.close()


def test_query_still_reads(sample_db):
    result = runner.invoke(cli.app, ["query", "SELECT status FROM documents", "--db", str(sample_db), "--format", "json"])
    assert result.exit_code == 0 and '"ok"' in result.stdout

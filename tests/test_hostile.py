"""Hostile inputs: files made to cost time, memory or a hang, and what each one leaves in the warehouse."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from lscp import cli, pipeline

from handmade_pdf import pdf_bomb

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


@pytest.mark.slow
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


# ---------------------------------------------------------------- lying servers (127.0.0.1 only)

import http.server  # noqa: E402
import threading  # noqa: E402

from lscp.fetch import FetchSettings, Source, fetch_sources  # noqa: E402
from lscp.fetch import http as fetch_http  # noqa: E402
from lscp.fetch.names import folder_names  # noqa: E402

PDF = b"%PDF-1.4\nThere were 12 referrals.\n%%EOF\n"


class Lying(http.server.BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    other_port = 0

    def log_message(self, *args):
        pass

    def trickle(self, byte: bytes, first: bytes = b"") -> None:
        """Send ``first``, then ``byte`` once a second for two minutes (or until the client goes)."""
        try:
            self.wfile.write(first)
            for _ in range(120):
                self.wfile.write(byte)
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def do_GET(self):
        Lying.hits[self.path] = Lying.hits.get(self.path, 0) + 1
        if self.path == "/trickle.pdf":  # one byte a second, for ever
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.trickle(b"%")
        elif self.path == "/trickle-headers.pdf":  # a status line, then headers a byte a second, for ever
            self.trickle(b"a", first=b"HTTP/1.1 200 OK\r\nX-Slow: ")
            self.close_connection = True
        elif self.path == "/other-port.pdf":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{Lying.other_port}/report.pdf")
            self.end_headers()
        elif self.path == "/file-scheme.pdf":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/gone.pdf":
            self.send_response(404)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            self.wfile.write(PDF)


@pytest.fixture(scope="module")
def lying():
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Lying) for _ in range(2)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    Lying.other_port = servers[1].server_address[1]
    yield f"http://127.0.0.1:{servers[0].server_address[1]}"
    for server in servers:
        server.shutdown()
        server.server_close()


QUICK = FetchSettings(connect_timeout=2, read_timeout=5, retries=0, backoff=0)


def test_a_server_sending_a_byte_a_second_is_stopped_at_the_download_deadline(lying, tmp_path):
    began = time.perf_counter()
    report = fetch_sources([Source(partnership="P", url=f"{lying}/trickle.pdf")], tmp_path, settings=QUICK.model_copy(update={"download_deadline": 2}))
    assert time.perf_counter() - began < 15
    (result,) = report.results
    assert result.status == "failed" and "time limit of 2 s" in result.reason


def test_a_server_trickling_its_headers_is_stopped_at_the_download_deadline(lying, tmp_path):
    began = time.perf_counter()
    settings = QUICK.model_copy(update={"download_deadline": 2, "read_timeout": 2})
    report = fetch_sources([Source(partnership="P", url=f"{lying}/trickle-headers.pdf")], tmp_path, settings=settings)
    assert time.perf_counter() - began < 15
    (result,) = report.results
    assert result.status == "failed" and "time limit of 2 s" in result.reason and "headers" in result.reason


def test_the_run_deadline_leaves_later_sources_untried(lying, tmp_path):
    sources = [Source(partnership="P", url=f"{lying}/trickle.pdf"), Source(partnership="P", url=f"{lying}/late.pdf")]
    report = fetch_sources(sources, tmp_path, settings=QUICK.model_copy(update={"run_deadline": 1.5}))
    assert [r.status for r in report.results] == ["failed", "failed"]
    assert "not tried" in report.results[1].reason


@pytest.mark.parametrize("path, said", [("/other-port.pdf", "another port"), ("/file-scheme.pdf", "only http and https")])
def test_redirects_outside_the_trust_boundary_are_refused(lying, tmp_path, path, said):
    (result,) = fetch_sources([Source(partnership="P", url=f"{lying}{path}")], tmp_path, settings=QUICK).results
    assert result.status == "failed" and said in result.reason
    assert not [p for p in tmp_path.rglob("*.pdf")]
    allowed = QUICK.model_copy(update={"allow_private_redirects": True})
    if path == "/other-port.pdf":
        assert fetch_sources([Source(partnership="P", url=f"{lying}{path}")], tmp_path, settings=allowed).results[0].status == "new"


def test_a_redirect_from_a_public_host_to_a_private_one_is_refused(monkeypatch):
    assert not fetch_http.host_is_public("127.0.0.1") and not fetch_http.host_is_public("10.1.2.3")
    assert fetch_http.host_is_public("93.184.216.34")  # an address literal: no name is looked up
    monkeypatch.setattr(fetch_http, "host_is_public", lambda host: host == "reports.example.org")
    assert "private or loopback" in fetch_http.redirect_problem("https://reports.example.org/a.pdf", "http://127.0.0.1/b.pdf")
    assert fetch_http.redirect_problem("http://reports.example.org/a.pdf", "https://reports.example.org/b.pdf") is None
    assert fetch_http.redirect_problem("https://reports.example.org/a.pdf", "http://127.0.0.1/b.pdf", allow_private=True) is None


def test_the_same_url_listed_many_times_is_fetched_once(lying, tmp_path):
    Lying.hits.pop("/same.pdf", None)
    sources = [Source(partnership="P", url=f"{lying}/same.pdf")] * 10_000
    report = fetch_sources(sources, tmp_path, settings=QUICK)
    assert Lying.hits["/same.pdf"] == 1 and len(report.results) == 1


def test_partnership_folders_cannot_collide():
    names = folder_names(["Brighton & Hove", "Brighton Hove", "Westshire", "westshire"])
    assert names["Brighton & Hove"] != names["Brighton Hove"]
    assert names["Westshire"] == names["westshire"] == "westshire"


def test_a_source_failing_night_after_night_says_so_in_runs(lying, tmp_path):
    sources = tmp_path / "sources.csv"
    sources.write_text(f"partnership,url\nP,{lying}/gone.pdf\n")
    db = tmp_path / "w.duckdb"
    for night in range(3):
        result = runner.invoke(cli.app, ["nightly", "-q", "--sources", str(sources), "--dest", str(tmp_path / "raw"), "--db", str(db), "--retries", "0"])
        assert result.exit_code == 1, result.output
    assert "has failed 3 runs in a row" in result.stderr
    shown = runner.invoke(cli.app, ["query", "SELECT failures FROM runs ORDER BY run_id DESC LIMIT 1", "--db", str(db), "--format", "csv"])
    assert "has failed 3 runs in a row" in shown.stdout


@pytest.mark.parametrize("command", ["ingest", "fetch"])
def test_ingest_and_fetch_wait_for_a_held_lock(tmp_path, command):
    import subprocess
    import sys

    (tmp_path / "r.md").write_text(REPORT)
    (tmp_path / "sources.csv").write_text("partnership,url\n")
    db, dest = tmp_path / "w.duckdb", tmp_path / "raw"
    dest.mkdir()
    held = str(db) + ".lock" if command == "ingest" else str(dest / ".lscp-fetch.lock")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from lscp.run import RunLock; l = RunLock(sys.argv[1], 'test'); "
         "l.acquire(); print('held', flush=True); time.sleep(1.5); l.release()", held],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        args = {
            "ingest": ["ingest", "-q", str(tmp_path / "r.md"), "--db", str(db), "--workers", "1"],
            "fetch": ["fetch", "--sources", str(tmp_path / "sources.csv"), "--dest", str(dest)],
        }[command]
        busy = runner.invoke(cli.app, args)
        assert busy.exit_code == 3 and "--wait" in busy.stderr
        waited = runner.invoke(cli.app, [*args, "--wait"])
        assert waited.exit_code == 0 and "waiting" in waited.stderr, waited.output
    finally:
        holder.wait(timeout=30)


def test_eval_json_detail_is_one_json_document(sample_db, tmp_path):
    import json

    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"covers": ["r"]}\n{"doc": "r", "kind": "theme", "theme": "neglect"}\n')
    result = runner.invoke(cli.app, ["eval", "--gold", str(gold), "--db", str(sample_db), "--json", "--detail"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert "misses" in scores and "spurious" in scores


def test_version_help_and_completion():
    assert runner.invoke(cli.app, ["--version"]).stdout.startswith("lscp ")
    assert "Usage" in runner.invoke(cli.app, ["-h"]).stdout
    assert "--install-completion" in runner.invoke(cli.app, ["--help"]).stdout

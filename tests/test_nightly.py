"""`lscp fetch`, `lscp nightly`, `lscp runs`, the run lock and reading while a run writes, against a local HTTP server."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from lscp import cli
from lscp import load
from lscp import nightly, run

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw"
COVER_REPORT = SAMPLES / "northmoor-cover-report-2024.md"
PARTNERSHIP = "Northmoor Safeguarding Children Partnership"
FOLDER = "northmoor-safeguarding-children-partnership"
CONTENT_TYPES = {".pdf": "application/pdf", ".md": "text/markdown; charset=utf-8", ".html": "text/html; charset=utf-8"}
FAST = ["--timeout", "2", "--retries", "0"]
runner = CliRunner()


class Site:
    """What the local server serves, and what it was asked."""

    def __init__(self) -> None:
        self.base = ""
        self.files: dict[str, tuple[bytes, str]] = {}
        self.hits: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()

    def url(self, path: str) -> str:
        return self.base + path

    def add_samples(self, suffixes: tuple[str, ...] = (".md", ".html")) -> list[str]:
        """Serve the sample reports (by default the quick ones to read: not the PDF)."""
        paths = []
        for sample in sorted(p for p in SAMPLES.iterdir() if p.suffix in suffixes):
            path = "/reports/" + sample.name
            self.files[path] = (sample.read_bytes(), CONTENT_TYPES[sample.suffix])
            paths.append(path)
        return paths


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            site.hits[self.path] += 1
            if self.path == "/landing.pdf":
                return self.reply(200, b"<!DOCTYPE html><html><body>Accept cookies</body></html>", "text/html")
            if self.path not in site.files:
                return self.reply(404, b"<html>not here</html>", "text/html")
            body, content_type = site.files[self.path]
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                site.statuses[304] += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return None
            return self.reply(200, body, content_type, etag)

        def reply(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
            site.statuses[status] += 1
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site():
    state = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def sources_csv(tmp_path: Path, site: Site, paths: list[str]) -> Path:
    csv_file = tmp_path / "sources.csv"
    lines = ["partnership,url"] + [f"{PARTNERSHIP},{site.url(p)}" for p in paths]
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return csv_file


def nightly_run(sources: Path, dest: Path, db: Path, *extra: str):
    return runner.invoke(
        cli.app, ["nightly", "--sources", str(sources), "--dest", str(dest), "--db", str(db), "--workers", "1", "-q",
                  *FAST, *extra],
    )  # fmt: skip


def runs(db: Path) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM runs ORDER BY run_id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def writer_elsewhere(tmp_path):
    """Start a process that keeps the warehouse open for writing, as a second writer would."""
    processes = []

    def start(db: Path) -> subprocess.Popen:
        code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"
        process = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
        processes.append(process)
        assert process.stdout.readline().strip() == "ready"
        return process

    yield start
    for process in processes:
        process.kill()
        process.wait(timeout=10)


# ---------------------------------------------------------------- lscp fetch


def test_fetch_saves_new_reports_then_costs_only_304s(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples(tuple(CONTENT_TYPES)))
    dest = tmp_path / "raw"

    first = runner.invoke(cli.app, ["fetch", "--sources", str(sources), "--dest", str(dest), *FAST])

    assert first.exit_code == 0, first.output
    saved = first.stdout.split()
    assert sorted(Path(p).name for p in saved) == sorted(p.name for p in SAMPLES.iterdir())
    assert all(Path(p).parent == (dest / FOLDER).resolve() for p in saved)
    assert "3 sources: 3 new" in first.output
    mtimes = {p: Path(p).stat().st_mtime_ns for p in saved}

    second = runner.invoke(cli.app, ["fetch", "--sources", str(sources), "--dest", str(dest), *FAST])

    assert second.exit_code == 0, second.output
    assert second.stdout == ""  # nothing newly saved
    assert "3 not modified" in second.output
    assert site.statuses[304] == 3
    assert {p: Path(p).stat().st_mtime_ns for p in saved} == mtimes


def test_fetch_reports_each_failure_and_exits_1(site, tmp_path):
    paths = site.add_samples()[:1] + ["/gone.pdf", "/landing.pdf"]
    sources = sources_csv(tmp_path, site, paths)

    result = runner.invoke(cli.app, ["fetch", "--sources", str(sources), "--dest", str(tmp_path / "raw"), *FAST])

    assert result.exit_code == 1
    assert f"FAILED {site.url('/gone.pdf')}: HTTP 404 Not Found" in result.output
    assert f"FAILED {site.url('/landing.pdf')}: expected a PDF, got text/html" in result.output
    assert len(result.stdout.split()) == 1  # the good report was still saved


def test_fetch_bad_sources_file_exits_2_naming_file_and_line(tmp_path):
    missing = runner.invoke(cli.app, ["fetch", "--sources", str(tmp_path / "nope.csv"), "--dest", str(tmp_path)])
    assert missing.exit_code == 2 and f"no sources file at {tmp_path / 'nope.csv'}" in missing.output

    bad = tmp_path / "sources.csv"
    bad.write_text("partnership,url\nWestshire,ftp://example.org/a.pdf\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["fetch", "--sources", str(bad), "--dest", str(tmp_path / "raw")])
    assert result.exit_code == 2
    assert f"{bad}, line 2: url must be an http or https address" in result.output


def test_fetch_into_a_folder_another_run_fetches_into_exits_3(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples())
    dest = tmp_path / "raw"
    dest.mkdir()
    with run.RunLock(dest / nightly.FETCH_LOCK, "nightly"):
        result = runner.invoke(cli.app, ["fetch", "--sources", str(sources), "--dest", str(dest), *FAST])
    assert result.exit_code == 3
    assert "another lscp run holds the lock" in result.output and f"pid {os.getpid()}, nightly" in result.output
    assert sum(site.hits.values()) == 0


@pytest.mark.parametrize("command", ["fetch", "nightly"])
def test_partial_downloads_an_interrupted_run_left_are_removed(site, tmp_path, command):
    sources = sources_csv(tmp_path, site, site.add_samples()[:1])
    dest, db = tmp_path / "raw", tmp_path / "w.duckdb"
    (dest / FOLDER).mkdir(parents=True)
    leftover = dest / FOLDER / ".lscp-3f9a1c.part"  # as a download killed midway leaves it
    leftover.write_bytes(b"%PDF-1.7 half a rep")
    kept = dest / FOLDER / ".other-tool.part"  # not lscp's
    kept.write_text("another program's file", encoding="utf-8")
    if command == "fetch":
        result = runner.invoke(cli.app, ["fetch", "--sources", str(sources), "--dest", str(dest), *FAST])
    else:
        result = nightly_run(sources, dest, db)

    assert result.exit_code == 0, result.output
    assert not leftover.exists() and kept.exists()
    assert len([p for p in (dest / FOLDER).iterdir() if not p.name.startswith(".")]) == 1  # the report itself


def test_partial_downloads_stay_while_another_run_fetches(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples()[:1])
    dest = tmp_path / "raw"
    (dest / FOLDER).mkdir(parents=True)
    in_progress = dest / FOLDER / ".lscp-3f9a1c.part"
    in_progress.write_bytes(b"%PDF-1.7 still downloading")
    with run.RunLock(dest / nightly.FETCH_LOCK, "nightly"):
        result = runner.invoke(cli.app, ["fetch", "--sources", str(sources), "--dest", str(dest), *FAST])
    assert result.exit_code == 3
    assert in_progress.exists()


# ---------------------------------------------------------------- lscp nightly


def test_nightly_fetches_ingests_records_and_logs(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples(tuple(CONTENT_TYPES)))
    dest, db = tmp_path / "raw", tmp_path / "w" / "lscp.duckdb"

    first = nightly_run(sources, dest, db)

    assert first.exit_code == 0, first.output
    assert count(db, "documents") == 3 and count(db, "figures_comparable") > 10
    [run] = runs(db)
    assert run["command"] == "nightly" and run["status"] == "finished" and run["exit_code"] == 0
    assert (run["sources"], run["fetched_new"], run["fetch_unchanged"], run["fetch_failed"]) == (3, 3, 0, 0)
    assert (run["files_seen"], run["processed"], run["ok"], run["failed"], run["skipped"]) == (3, 3, 3, 0, 0)
    assert run["failures"] == [] and run["finished_at"] >= run["started_at"]
    assert run["pid"] == os.getpid() and run["extractor_version"]
    assert f"sources={sources}" in run["arguments"]

    second = nightly_run(sources, dest, db)

    assert second.exit_code == 0, second.output
    latest = runs(db)[-1]
    assert (latest["run_id"], latest["fetched_new"], latest["fetch_unchanged"]) == (2, 0, 3)
    assert (latest["processed"], latest["skipped"]) == (0, 3)
    assert site.statuses[304] == 3
    assert "run 2: 3 sources: 0 new, 3 unchanged, 0 failed; 0 documents processed" in second.output

    log = (tmp_path / "w" / "lscp.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2
    assert " run=1 nightly exit=0 sources=3 fetched_new=3 " in log[0]
    assert " run=2 nightly exit=0 " in log[1] and " processed=0 " in log[1] and " skipped=3 " in log[1]

    shown = runner.invoke(cli.app, ["runs", "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0
    listed = json.loads(shown.stdout)
    assert [(r["run_id"], r["command"], r["exit_code"]) for r in listed] == [(2, "nightly", 0), (1, "nightly", 0)]
    assert runner.invoke(cli.app, ["runs", "--db", str(db), "--limit", "1", "--format", "csv"]).stdout.count("\n") == 2


def test_nightly_with_failed_downloads_loads_the_rest_and_exits_1(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples() + ["/gone.pdf"])
    db = tmp_path / "lscp.duckdb"

    result = nightly_run(sources, tmp_path / "raw", db, "--log", str(tmp_path / "logs" / "nightly.log"))

    assert result.exit_code == 1
    assert f"FAILED {site.url('/gone.pdf')}: HTTP 404 Not Found" in result.output
    assert count(db, "documents") == 2
    [run] = runs(db)
    assert run["exit_code"] == 1 and run["fetch_failed"] == 1 and run["ok"] == 2
    assert run["failures"] == [f"{site.url('/gone.pdf')}: HTTP 404 Not Found"]
    assert " exit=1 " in (tmp_path / "logs" / "nightly.log").read_text(encoding="utf-8")


def test_nightly_with_a_failed_document_exits_1(site, tmp_path):
    site.files["/empty.txt"] = (b"", "text/plain")
    site.files["/notes.txt"] = (b"\xff\xfe not utf-8 \xe9", "text/plain")
    sources = sources_csv(tmp_path, site, site.add_samples()[:1] + ["/notes.txt"])

    result = nightly_run(sources, tmp_path / "raw", tmp_path / "lscp.duckdb")

    assert result.exit_code == 1
    assert "notes.txt: extract: not valid UTF-8" in result.output
    [run] = runs(tmp_path / "lscp.duckdb")
    assert (run["fetch_failed"], run["processed"], run["ok"], run["failed"]) == (0, 2, 1, 1)


def test_second_run_while_the_first_holds_the_lock_exits_3(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples())
    db = tmp_path / "lscp.duckdb"

    with run.RunLock(run.lock_path(db), "nightly"):
        result = nightly_run(sources, tmp_path / "raw", db)
        ingest = runner.invoke(cli.app, ["ingest", "-q", str(SAMPLES), "--db", str(db)])

    assert result.exit_code == 3
    assert f"another lscp run holds the lock {run.lock_path(db)} (pid {os.getpid()}, nightly, started " in result.output
    assert "--wait" in result.output
    assert ingest.exit_code == 3 and "another lscp run holds the lock" in ingest.output
    assert sum(site.hits.values()) == 0 and not db.exists()
    assert " run=- nightly exit=3 " in run.default_log_path(db).read_text(encoding="utf-8")


def test_wait_blocks_until_the_lock_is_free(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples())
    db = tmp_path / "lscp.duckdb"
    code = (
        "import sys, time; from lscp import run; from pathlib import Path; "
        "lock = run.RunLock(Path(sys.argv[1]), 'nightly'); lock.acquire(); print('locked', flush=True); "
        "time.sleep(0.5); lock.release()"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(run.lock_path(db))], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    began = time.monotonic()

    result = nightly_run(sources, tmp_path / "raw", db, "--wait")

    holder.wait(timeout=30)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - began >= 0.5
    assert "waiting for it to finish" in result.output
    assert runs(db)[0]["status"] == "finished"


def test_lock_is_released_when_its_holder_is_killed(tmp_path):
    lock_file = tmp_path / "lscp.duckdb.lock"
    code = (
        "import sys, time; from lscp import run; from pathlib import Path; "
        "lock = run.RunLock(Path(sys.argv[1]), 'nightly'); lock.acquire(); print('locked', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(lock_file)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(run.LockHeld, match=f"pid {holder.pid}, nightly"):
            run.RunLock(lock_file, "ingest").acquire()
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with run.RunLock(lock_file, "ingest"):
        assert f"pid {os.getpid()}, ingest" in run.RunLock(lock_file, "x").holder_path.read_text()


def test_a_run_that_never_finished_is_marked_interrupted(tmp_path):
    db = tmp_path / "lscp.duckdb"
    with load.Warehouse(db) as warehouse:
        warehouse.start_run("nightly", ["sources=x.csv"])

    result = runner.invoke(cli.app, ["ingest", "-q", str(COVER_REPORT), "--db", str(db), "--workers", "1"])

    assert result.exit_code == 0, result.output
    first, second = runs(db)
    assert first["status"] == "interrupted" and first["exit_code"] is None and "interrupted" in first["message"]
    assert second["command"] == "ingest" and second["status"] == "finished" and second["processed"] == 1
    assert second["sources"] is None


def test_nightly_bad_sources_exits_2_before_anything(tmp_path):
    db = tmp_path / "lscp.duckdb"
    bad = tmp_path / "sources.csv"
    bad.write_text("name,link\nA,https://example.org/a.pdf\n", encoding="utf-8")

    result = nightly_run(bad, tmp_path / "raw", db)

    assert result.exit_code == 2
    assert f"{bad}: header must contain columns partnership, url; missing partnership, url" in result.output
    assert not db.exists() and not (tmp_path / "raw").exists()


def test_nightly_on_a_file_that_is_not_a_warehouse_exits_4(site, tmp_path):
    db = tmp_path / "lscp.duckdb"
    db.write_text("not a database", encoding="utf-8")
    sources = sources_csv(tmp_path, site, site.add_samples())

    result = nightly_run(sources, tmp_path / "raw", db)

    assert result.exit_code == 4
    assert f"cannot open warehouse {db}" in result.output
    assert " exit=4 " in run.default_log_path(db).read_text(encoding="utf-8")


# ---------------------------------------------------------------- reading while a run writes


def test_reading_while_another_process_writes_says_so(tmp_path, writer_elsewhere):
    db = tmp_path / "lscp.duckdb"
    assert runner.invoke(cli.app, ["ingest", "-q", str(COVER_REPORT), "--db", str(db), "--workers", "1"]).exit_code == 0
    writer = writer_elsewhere(db)

    result = runner.invoke(cli.app, ["query", "SELECT count(*) FROM documents", "--db", str(db)])
    shown = runner.invoke(cli.app, ["runs", "--db", str(db)])
    exported = runner.invoke(cli.app, ["export", "table", "figures", "--db", str(db), "--out", str(tmp_path / "f.csv")])

    for outcome in (result, shown, exported):
        assert outcome.exit_code == 1
        assert f"the warehouse {db} is being written by another process (PID {writer.pid})" in outcome.output
        assert "Try again when that run has finished" in outcome.output
    assert not (tmp_path / "f.csv").exists()


def test_nightly_while_another_program_has_the_warehouse_open_exits_3(site, tmp_path, writer_elsewhere):
    db = tmp_path / "lscp.duckdb"
    load.Warehouse(db).close()
    writer = writer_elsewhere(db)
    sources = sources_csv(tmp_path, site, site.add_samples())

    result = nightly_run(sources, tmp_path / "raw", db)

    assert result.exit_code == 3
    assert f"the warehouse {db} is open in another process (PID {writer.pid})" in result.output
    assert "The run stopped before loading anything." in result.output


def test_a_run_stopped_by_an_unexpected_error_is_recorded_and_the_error_surfaces(site, tmp_path, monkeypatch):
    from lscp import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "ingest", broken)
    sources = sources_csv(tmp_path, site, site.add_samples())
    db = tmp_path / "lscp.duckdb"

    result = nightly_run(sources, tmp_path / "raw", db)
    ingest = runner.invoke(cli.app, ["ingest", "-q", str(COVER_REPORT), "--db", str(db)])

    for ended in (result, ingest):  # one line on stderr, no traceback (--debug shows it)
        assert ended.exit_code == 1 and "disk on fire" in ended.stderr and "Traceback" not in ended.stderr
    assert [(r["command"], r["status"], r["exit_code"]) for r in runs(db)] == [("nightly", "failed", 1), ("ingest", "failed", 1)]
    assert runs(db)[0]["message"] == "stopped by an unexpected error: RuntimeError: disk on fire"
    assert "exit=1" in run.default_log_path(db).read_text(encoding="utf-8")
    with run.RunLock(run.lock_path(db), "test"):  # both released the lock
        pass


def test_ingest_while_another_program_has_the_warehouse_open_exits_3(tmp_path, writer_elsewhere):
    db = tmp_path / "lscp.duckdb"
    load.Warehouse(db).close()
    writer = writer_elsewhere(db)

    result = runner.invoke(cli.app, ["ingest", "-q", str(COVER_REPORT), "--db", str(db)])

    assert result.exit_code == 3
    assert f"the warehouse {db} is open in another process (PID {writer.pid})" in result.output


def test_nightly_while_a_fetch_runs_into_the_same_folder_exits_3_and_records_why(site, tmp_path):
    sources = sources_csv(tmp_path, site, site.add_samples())
    dest, db = tmp_path / "raw", tmp_path / "lscp.duckdb"
    dest.mkdir()

    with run.RunLock(dest / nightly.FETCH_LOCK, "fetch"):
        result = nightly_run(sources, dest, db)

    assert result.exit_code == 3
    [record] = runs(db)
    assert (record["status"], record["exit_code"]) == ("finished", 3)
    assert record["message"].startswith(f"another lscp run holds the lock {dest / nightly.FETCH_LOCK} (pid {os.getpid()}, fetch")
    assert record["message"].endswith("The run stopped before loading anything.")
    assert sum(site.hits.values()) == 0

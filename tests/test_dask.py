"""The Dask executor gives the warehouse the local pool gives: same rows, timeouts, retries of a lost worker,
a client killed mid-run, and staged results loaded (twice) by `lscp load`.

The tests share one LocalCluster of two single-threaded worker processes. The functions a test hands the
workers (`slow`, `stuck`, `paced`, `crashing`) live in this module: the spawned workers import it by name,
since they inherit the test run's import path."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from lscp import executors, pipeline  # noqa: E402
from test_kill import CHILD, N_FILES, contents, documents, kill_group, make_corpus, runs, start  # noqa: E402
from test_nightly import site  # noqa: E402,F401  (the fixture: a local web server of the samples)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw"


# ---------------------------------------------------------------- what the workers run in some tests


def slow(path: Path):
    """A document named slow-* runs Python code for 60 s (the deadline can stop it); others as usual."""
    if path.name.startswith("slow"):
        end = time.monotonic() + 60
        while time.monotonic() < end:
            pass
    return pipeline.process_file(path)


def stuck(path: Path):
    """A document named stuck-* waits in native code (time.sleep) that a deadline cannot interrupt."""
    if path.name.startswith("stuck"):
        time.sleep(60)
    return pipeline.process_file(path)


def paced(path: Path):
    time.sleep(0.4)
    return pipeline.process_file(path)


def crashing(path: Path):
    """A document named crash-* kills its worker process, every time it is tried."""
    if path.name.startswith("crash"):
        os._exit(13)
    return pipeline.process_file(path)


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def client():
    with executors.dask_client(workers=2) as client:
        yield client


@pytest.fixture
def ready(client):
    """The shared client, with both workers up (a test before may have had one restarted)."""
    client.wait_for_workers(2, timeout=120)
    return client


def on_dask(client, **kwargs):
    return lambda files, limits: executors.dask_results(files, limits, client, **kwargs)


def small_reports(folder: Path, count: int, prefix: str = "report") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{prefix}-{i:02d}.md"
        path.write_text(
            f"# Westshire Safeguarding Children Partnership Annual Report 2023-24\n\n"
            f"There were {1000 + i} referrals to children's social care in 2023-24.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def loaded_at(db: Path) -> dict[str, object]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT document_id, loaded_at FROM documents").fetchall())
    finally:
        con.close()


def assert_same_warehouse(a: Path, b: Path) -> None:
    got, expected = contents(a), contents(b)
    assert set(got) == set(expected)
    assert expected["documents"], "the reference run loaded documents"
    for name in expected:
        assert got[name] == expected[name], f"{name} differs"


# ---------------------------------------------------------------- same warehouse as the local pool


def test_a_dask_run_gives_the_warehouse_of_a_local_run_on_the_samples(ready, tmp_path):
    files, _ = pipeline.discover([SAMPLES])
    local = pipeline.ingest(files, tmp_path / "local.duckdb", workers=1)
    distributed = pipeline.ingest(files, tmp_path / "dask.duckdb", results=on_dask(ready))
    assert (distributed.processed, distributed.ok, distributed.facts) == (local.processed, local.ok, local.facts)
    assert_same_warehouse(tmp_path / "dask.duckdb", tmp_path / "local.duckdb")


@pytest.mark.shared
@pytest.mark.slow
def test_a_dask_run_gives_the_warehouse_of_a_local_run_on_the_corpus(ready, tmp_path, shared):
    files, _ = pipeline.discover([shared("corpus")])
    pipeline.ingest(files, tmp_path / "local.duckdb", workers=2)
    pipeline.ingest(files, tmp_path / "dask.duckdb", results=on_dask(ready))
    assert_same_warehouse(tmp_path / "dask.duckdb", tmp_path / "local.duckdb")


# ---------------------------------------------------------------- the time limit


def test_a_document_over_the_time_limit_is_a_timeout_row(ready, tmp_path):
    files = small_reports(tmp_path / "in", 2) + small_reports(tmp_path / "in", 1, prefix="slow")
    db = tmp_path / "w.duckdb"
    began = time.monotonic()
    summary = pipeline.ingest(files, db, timeout=2.0, results=on_dask(ready, process=slow))
    assert time.monotonic() - began < 45, "the slow document was stopped, not waited for"
    assert (summary.processed, summary.ok, summary.failed) == (3, 2, 1)
    [(path, reason)] = summary.failures
    assert Path(path).name == "slow-00.md"
    assert reason == "timeout: " + pipeline._timeout_reason(2.0) == "timeout: stopped after the per-document time limit of 2 s"
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT file_name, status, stage, error FROM documents WHERE stage = 'timeout'").fetchall()
    finally:
        con.close()
    assert rows == [("slow-00.md", "failed", "timeout", "stopped after the per-document time limit of 2 s")]


@pytest.mark.slow
def test_a_document_stuck_in_native_code_is_a_timeout_row_and_its_worker_is_restarted(ready, tmp_path):
    files = small_reports(tmp_path / "in", 3) + small_reports(tmp_path / "in", 1, prefix="stuck")
    before = set(ready.run(os.getpid).values())
    results = list(executors.dask_results(files, pipeline.Limits(timeout=1.0), ready, process=stuck))
    by_name = {Path(r.path).name: r for r in results}
    assert len(results) == 4 and by_name["stuck-00.md"].stage == "timeout"
    assert all(r.status.value == "ok" for name, r in by_name.items() if name != "stuck-00.md")
    ready.wait_for_workers(2, timeout=120)
    assert before - set(ready.run(os.getpid).values()), "the stuck worker was replaced by a new process"


# ---------------------------------------------------------------- workers lost


def test_killing_a_worker_mid_run_loses_no_document(ready, tmp_path):
    files = small_reports(tmp_path / "in", 16)
    pids = list(ready.run(os.getpid).values())
    seen = []
    for result in executors.dask_results(files, pipeline.Limits(timeout=60.0), ready, process=paced):
        seen.append(result)
        if len(seen) == 3:
            os.kill(pids[0], signal.SIGKILL)
    assert sorted(Path(r.path).name for r in seen) == sorted(f.name for f in files), "every document once"
    assert all(r.status.value == "ok" for r in seen), [(r.path, r.error) for r in seen if r.error]


@pytest.mark.slow
def test_a_document_whose_worker_died_twice_is_a_failed_row(ready, tmp_path):
    files = small_reports(tmp_path / "in", 3) + small_reports(tmp_path / "in", 1, prefix="crash")
    summary = pipeline.ingest(files, tmp_path / "w.duckdb", results=on_dask(ready, process=crashing))
    assert (summary.processed, summary.ok, summary.failed) == (4, 3, 1)
    [(path, reason)] = summary.failures
    assert Path(path).name == "crash-00.md"
    assert reason == "extract: worker process died while reading the file, twice (it was given to another worker once)"


# ---------------------------------------------------------------- the client killed


@pytest.mark.slow
def test_a_rerun_after_the_client_was_killed_changes_nothing_committed(tmp_path):
    folder = tmp_path / "reports"
    make_corpus(folder)
    reference = tmp_path / "reference.duckdb"
    files, _ = pipeline.discover([folder])
    pipeline.ingest(files, reference, workers=1)
    db = tmp_path / "killed.duckdb"
    command = ["ingest", str(folder), "--db", str(db), "--executor", "dask", "--workers", "1", "-q"]
    process = start(["-c", CHILD, "count", "0", *command])
    try:
        printed = 0
        while printed < 25:
            line = process.stdout.readline()
            assert line, f"the ingest ended before it was killed: {process.stderr.read()}"
            printed = int(line)
    finally:
        kill_group(process)
    committed = documents(db)
    assert 0 < committed < N_FILES
    before = loaded_at(db)
    again = subprocess.run(
        [sys.executable, "-m", "lscp.cli", *command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    assert f"{N_FILES - committed} processed" in again.stderr and f"{committed} unchanged skipped" in again.stderr
    assert runs(db) == [("interrupted", None), ("finished", N_FILES - committed)]
    after = loaded_at(db)
    assert {doc: after[doc] for doc in before} == before, "no committed document was written again"
    assert_same_warehouse(db, reference)


def test_a_dask_run_says_nothing_of_a_taken_dashboard_port(tmp_path):
    """The local cluster serves no dashboard; its scheduler's HTTP server takes any free port, so a run next to
    another cluster (or anything else on port 8787) prints no warning about it."""
    import socket

    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", 8787))
        holder.listen()
    except OSError:
        pass  # the port is taken already, as the test wants
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.md").write_text("# Westshire Safeguarding Children Partnership Annual Report 2024-25\n", encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "lscp.cli", "ingest", str(folder), "--db", str(tmp_path / "w.duckdb"), "--executor", "dask", "--workers", "1", "-q"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        holder.close()
    assert done.returncode == 0, done.stderr
    assert "8787" not in done.stderr and "Warning" not in done.stderr, done.stderr


# ---------------------------------------------------------------- staged results and lscp load


def test_staged_results_load_into_the_warehouse_of_a_direct_run_and_loading_twice_changes_nothing(ready, tmp_path):
    files, _ = pipeline.discover([SAMPLES])
    stage = tmp_path / "stage"
    staging = pipeline.ingest(files, tmp_path / "plan.duckdb", results=on_dask(ready, stage_dir=stage), write=False)
    assert staging.processed == len(files) and staging.facts > 0
    assert sorted(p.name for p in stage.iterdir()) == sorted(executors.stage_path(stage, str(f)).name for f in files)
    pipeline.ingest(files, tmp_path / "direct.duckdb", workers=1)

    db = tmp_path / "loaded.duckdb"
    first = executors.load_staged(stage, db)
    assert (first.processed, first.skipped, first.facts) == (len(files), 0, staging.facts)
    once = contents(db)
    assert_same_warehouse(db, tmp_path / "direct.duckdb")
    second = executors.load_staged(stage, db)
    assert (second.processed, second.skipped) == (0, len(files))
    assert contents(db) == once


def test_lscp_load_replaces_a_changed_result_and_reports_a_bad_file(tmp_path):
    from typer.testing import CliRunner

    from lscp import cli

    files = small_reports(tmp_path / "in", 2)
    stage = tmp_path / "stage"
    stage.mkdir()
    version = pipeline.extractor_version()
    for path in files:
        executors.write_staged(stage, pipeline.process_file(path), version)
    db = tmp_path / "w.duckdb"
    runner = CliRunner()
    done = runner.invoke(cli.app, ["load", str(stage), "--db", str(db), "-q"])
    assert done.exit_code == 0, done.output
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nThere were 77 child protection plans.\n", encoding="utf-8")
    executors.write_staged(stage, pipeline.process_file(files[0]), version)
    (stage / "broken.json").write_text("{not json", encoding="utf-8")
    done = runner.invoke(cli.app, ["load", str(stage), "--db", str(db), "-q"])
    assert done.exit_code == 1
    assert "1 loaded" in done.output and "1 loaded before" in done.output and "broken.json" in done.output
    reference = tmp_path / "reference.duckdb"
    pipeline.ingest(files, reference, workers=1)
    assert_same_warehouse(db, reference)


def test_stage_dir_needs_the_dask_executor(tmp_path):
    from typer.testing import CliRunner

    from lscp import cli

    done = CliRunner().invoke(cli.app, ["ingest", str(SAMPLES), "--db", str(tmp_path / "w.duckdb"), "--stage-dir", str(tmp_path)])
    assert done.exit_code == 2 and "--executor dask" in done.output


@pytest.mark.slow
def test_nightly_runs_on_dask_too(site, tmp_path):
    from test_nightly import CONTENT_TYPES, count, nightly_run, sources_csv

    sources = sources_csv(tmp_path, site, site.add_samples(tuple(CONTENT_TYPES)))
    done = nightly_run(sources, tmp_path / "raw", tmp_path / "w.duckdb", "--executor", "dask")
    assert done.exit_code == 0, done.output
    assert count(tmp_path / "w.duckdb", "documents") == 3 and count(tmp_path / "w.duckdb", "figures") > 10

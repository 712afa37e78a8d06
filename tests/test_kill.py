"""An ingest killed with SIGKILL leaves the warehouse consistent; the next run completes it with no duplicate rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
N_FILES = 120
KILL_AFTER = 25
TIMESTAMPS = {"documents": "EXCLUDE (started_at, finished_at, loaded_at, checked_at)"}
PARTNERSHIPS = ["Westshire", "Eastmoor", "Brighton & Hove", "Northmoor", "St. Helens", "Kingsbridge"]

# Runs `lscp ingest` with Warehouse.write_document wrapped to print how many documents are committed.
# In mode "stall" reading report-000.md takes two minutes. In mode "in-transaction" the process kills itself with SIGKILL in the middle of writing document
# number LIMIT + 1: after its documents row and its first fact rows were inserted, before the commit.
CHILD = r"""
import os, signal, sys
from lscp import cli, load
import lscp.load.warehouse as warehouse

mode, limit = sys.argv[1], int(sys.argv[2])
sys.argv = ["lscp", *sys.argv[3:]]
committed = 0
write_document = load.Warehouse.write_document
insert_rows = warehouse._insert_rows

def counted_write(self, result, **kwargs):
    global committed
    write_document(self, result, **kwargs)
    committed += 1
    print(committed, flush=True)

def insert_then_die(con, table, columns, rows):
    insert_rows(con, table, columns, rows)
    if committed == limit and table == "figures":
        os.kill(os.getpid(), signal.SIGKILL)

load.Warehouse.write_document = counted_write
if mode == "stall":  # one document never finishes: a worker is busy with it when the run is killed
    import time
    from lscp import pipeline
    process_file = pipeline.process_file

    def stalled(path, *args, **kwargs):
        if path.name == "report-000.md":
            time.sleep(120)
        return process_file(path, *args, **kwargs)

    pipeline.process_file = stalled
if mode == "in-transaction":
    warehouse._insert_rows = insert_then_die
cli.main()
"""


def make_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_FILES):
        name = PARTNERSHIPS[i % len(PARTNERSHIPS)]
        start = 2015 + (i // len(PARTNERSHIPS)) % 10
        year = f"{start}-{(start + 1) % 100:02d}"
        (folder / f"report-{i:03d}.md").write_text(
            f"# {name} Safeguarding Children Partnership Annual Report {year}\n\n"
            f"There were {1000 + i} referrals to children's social care in {year}. "
            f"The rate of child protection plans was {40 + i % 20}.5 per 10,000 children. "
            f"Neglect remains a priority for {start + 1}-{(start + 2) % 100:02d}.\n",
            encoding="utf-8",
        )


def ingest_command(folder: Path, db: Path) -> list[str]:
    return ["ingest", str(folder), "--db", str(db), "--workers", "1", "-q"]


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table and view but runs, without the times a run writes, sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            row[0] for row in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT internal UNION ALL "
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall() if row[0] != "runs"
        ]  # fmt: skip
        return {name: con.execute(f"SELECT * {TIMESTAMPS.get(name, '')} FROM {name} ORDER BY ALL").fetchall() for name in names}
    finally:
        con.close()


def documents(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def runs(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT status, processed FROM runs ORDER BY run_id").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus and a warehouse made from it by a run nobody interrupted (started at once, in the background)."""
    root = tmp_path_factory.mktemp("kill")
    folder = root / "reports"
    make_corpus(folder)
    db = root / "uninterrupted.duckdb"
    process = start(["-m", "lscp.cli", *ingest_command(folder, db)])
    finished: dict[str, dict] = {}

    def reference() -> dict[str, list[tuple]]:
        if not finished:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            finished["rows"] = contents(db)
        return finished["rows"]

    yield folder, reference
    if process.poll() is None:
        kill_group(process)


def rerun_and_compare(folder: Path, db: Path, committed: int, reference) -> None:
    assert 0 < committed < N_FILES
    assert documents(db) == committed, "the killed run's committed documents are all there, and only they"
    again = subprocess.run(
        [sys.executable, "-m", "lscp.cli", *ingest_command(folder, db)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert f"{N_FILES - committed} processed" in again.stderr and f"{committed} unchanged skipped" in again.stderr
    assert runs(db) == [("interrupted", None), ("finished", N_FILES - committed)]
    got, expected = contents(db), reference()
    assert set(got) == set(expected)
    assert len(expected["documents"]) == N_FILES and len(expected["figures"]) == 2 * N_FILES
    for name in expected:
        assert got[name] == expected[name], f"{name} differs from the uninterrupted run"


def test_sigkill_from_outside_midway_then_rerun_equals_an_uninterrupted_run(corpus, tmp_path):
    folder, reference = corpus
    db = tmp_path / "killed.duckdb"
    process = start(["-c", CHILD, "count", "0", *ingest_command(folder, db)])
    try:
        printed = read_count_until(process, KILL_AFTER)
    finally:
        kill_group(process)
    assert process.returncode == -signal.SIGKILL
    printed = int((process.stdout.read().split() or [printed])[-1])
    committed = documents(db)
    assert printed <= committed <= printed + 1  # the kill may land between a commit and its report
    rerun_and_compare(folder, db, committed, reference)


def test_sigkill_inside_a_document_transaction_leaves_no_trace_of_it(corpus, tmp_path):
    folder, reference = corpus
    db = tmp_path / "killed.duckdb"
    process = start(["-c", CHILD, "in-transaction", str(KILL_AFTER), *ingest_command(folder, db)])
    out, err = process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL, err
    assert out.split()[-1] == str(KILL_AFTER)
    rerun_and_compare(folder, db, KILL_AFTER, reference)


def read_count_until(process, count: int) -> int:
    """Read the committed-document counts the child prints, one a line, until it reaches ``count``."""
    printed = 0
    while printed < count:
        line = process.stdout.readline()
        assert line, f"the ingest ended before it was killed: {process.stderr.read()}"
        printed = int(line)
    return printed


def worker_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their parent through Linux's prctl")
def test_sigkill_of_the_parent_alone_leaves_no_worker_holding_the_lock(corpus, tmp_path):
    """Only the ingest process is killed (not its group): its workers die with it, the lock is free at once, and the
    re-run ends with the rows of an uninterrupted run."""
    folder, reference = corpus
    db = tmp_path / "orphans.duckdb"
    command = ["ingest", str(folder), "--db", str(db), "--workers", "2", "-q"]
    process = start(["-c", CHILD, "stall", "0", *command])
    try:
        printed = read_count_until(process, KILL_AFTER)
        workers = worker_pids(process.pid)
        assert workers, "the ingest reads with worker processes"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while alive(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(workers), "a worker outlived its parent"
        again = subprocess.run([sys.executable, "-m", "lscp.cli", *command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        kill_group(process)
    assert again.returncode == 0, again.stderr
    got, expected = contents(db), reference()
    for name in expected:
        assert got[name] == expected[name], f"{name} differs from the uninterrupted run"


def alive(pids: list[int]) -> list[int]:
    """The processes of ``pids`` still running (not zombies)."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            running.append(pid)
    return running

"""Unattended runs: a lock so two runs never overlap, the `runs` table and log, and `lscp nightly` itself.

`lscp nightly` = fetch the sources into a folder, then ingest that folder (new, changed and
stale-version files only), holding `<db>.lock` throughout. Exit codes are the ones cron acts on:
EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_BUSY, EXIT_WAREHOUSE.
"""

from __future__ import annotations

import fcntl
import os
import shlex
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lscp import fetch
from lscp import load
from lscp import pipeline

EXIT_OK = 0
"""Everything fetched and loaded (or nothing was new)."""
EXIT_FAILURES = 1
"""The run finished, but some downloads or documents failed; everything else was loaded."""
EXIT_USAGE = 2
"""Bad arguments: a missing or malformed sources file, a missing path."""
EXIT_BUSY = 3
"""Nothing done: another lscp run holds the lock, or another program has the warehouse open."""
EXIT_WAREHOUSE = 4
"""Nothing done: the warehouse cannot be opened or written (not a DuckDB file, permissions, disk)."""

FETCH_LOCK = ".lscp-fetch.lock"


class UsageError(Exception):
    """The command was given something it cannot use (exit code EXIT_USAGE)."""


class LockHeld(Exception):
    """Another lscp run holds the lock (exit code EXIT_BUSY)."""


# ---------------------------------------------------------------- the lock


def lock_path(db: Path) -> Path:
    """The lock file of a warehouse: `<db>.lock` beside it."""
    return db.with_name(db.name + ".lock")


def default_log_path(db: Path) -> Path:
    """The run log of a warehouse: `<db without suffix>.log` beside it."""
    return db.with_suffix(".log")


class RunLock:
    """An exclusive `flock` on a lock file; the kernel releases it when the process dies, even by kill -9.

    The file holds one line naming the holder (pid, command, start time, host) for the message
    a second run prints. The file itself is left in place: only the flock matters.
    """

    def __init__(self, path: Path, command: str) -> None:
        self.path = Path(path)
        self.command = command
        self._fd: int | None = None

    def acquire(self, *, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock; raise LockHeld when another process has it, or block until it is free if `wait`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                message = self.held_message()
                if not wait:
                    raise LockHeld(f"{message}; nothing done. Try again later, or pass --wait to wait for it.") from None
                if on_wait:
                    on_wait(f"{message}; waiting for it to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, {self.command}, started {started} on {socket.gethostname()}\n".encode(), 0)
        self._fd = fd

    def held_message(self) -> str:
        """'another lscp run holds the lock FILE (pid N, COMMAND, started T on HOST)'."""
        try:
            holder = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            holder = ""
        return f"another lscp run holds the lock {self.path}" + (f" ({holder})" if holder else "")

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        if self._fd is None:
            self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# ---------------------------------------------------------------- run records


@dataclass
class RunOutcome:
    """How a run ended: what the `runs` row, the log line and the exit code say."""

    command: str
    exit_code: int
    message: str
    counts: dict[str, int | None] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    run_id: int | None = None
    seconds: float = 0.0
    summary: pipeline.IngestSummary | None = None
    fetch_report: fetch.FetchReport | None = None


def _begin(db: Path, command: str, arguments: Sequence[str]) -> int:
    con = load.connect(db)
    try:
        load.mark_interrupted(con)
        return load.start_run(con, command, arguments, extractor_version=pipeline.extractor_version())
    finally:
        con.close()


def _finish(db: Path, outcome: RunOutcome) -> None:
    con = load.connect(db)
    try:
        load.finish_run(
            con, outcome.run_id, exit_code=outcome.exit_code, message=outcome.message,
            failures=outcome.failures, **outcome.counts,
        )
    finally:
        con.close()


def _record_stop(db: Path, outcome: RunOutcome, exc: Exception, began: float) -> None:
    """Set the exit code and message for a run stopped by `exc`, and finish its row if the warehouse lets us."""
    if isinstance(exc, (LockHeld, load.WarehouseBusy)):
        outcome.exit_code = EXIT_BUSY
    elif isinstance(exc, load.WarehouseError):
        outcome.exit_code = EXIT_WAREHOUSE
    else:
        outcome.exit_code = EXIT_FAILURES
    if isinstance(exc, (LockHeld, load.WarehouseError)):
        where = "before loading anything" if outcome.summary is None else "after loading"
        outcome.message = f"{str(exc).rstrip('.')}. The run stopped {where}."
    else:
        outcome.message = f"stopped by an unexpected error: {type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - began
    if outcome.run_id is None:
        return
    try:
        _finish(db, outcome)
    except Exception:
        pass  # best effort: a busy or broken warehouse cannot take the record, and the error matters more


def _ingest_counts(summary: pipeline.IngestSummary) -> dict[str, int]:
    return {
        "files_seen": summary.processed + summary.skipped, "processed": summary.processed, "ok": summary.ok,
        "partial": summary.partial, "failed": summary.failed, "skipped": summary.skipped,
        "pruned": summary.pruned, "facts": summary.facts,
    }  # fmt: skip


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _ingest_message(summary: pipeline.IngestSummary) -> str:
    text = (
        f"{_plural(summary.processed, 'document')} processed ({summary.ok} ok, {summary.partial} partial, "
        f"{summary.failed} failed), {summary.skipped} unchanged"
    )
    return text + (f", {summary.pruned} pruned" if summary.pruned else "")


def recorded_ingest(
    paths: Sequence[Path],
    db: Path,
    *,
    arguments: Sequence[str],
    workers: int | None = None,
    retry_failed: bool = False,
    prune: bool = False,
    doc_timeout: float | None = pipeline.DEFAULT_TIMEOUT,
    on_plan: Callable[[int], None] | None = None,
    on_result: Callable[..., None] | None = None,
) -> RunOutcome:
    """`lscp ingest` under the lock, recorded in `runs`. Raises LockHeld, load.WarehouseBusy or load.WarehouseError."""
    began = time.perf_counter()
    with RunLock(lock_path(db), "ingest"):
        outcome = RunOutcome(command="ingest", exit_code=EXIT_OK, message="")
        outcome.run_id = _begin(db, "ingest", arguments)
        try:
            summary = pipeline.ingest(
                paths, db, workers=workers, retry_failed=retry_failed, prune=prune, timeout=doc_timeout,
                on_plan=on_plan, on_result=on_result,
            )
        except Exception as exc:
            _record_stop(db, outcome, exc, began)
            raise
        outcome.summary = summary
        outcome.counts = _ingest_counts(summary)
        outcome.failures = [f"{path}: {reason}" for path, reason in summary.failures]
        outcome.exit_code = EXIT_FAILURES if summary.failed else EXIT_OK
        outcome.message = _ingest_message(summary)
        outcome.seconds = time.perf_counter() - began
        _finish(db, outcome)
    return outcome


# ---------------------------------------------------------------- nightly


def read_sources(path: Path) -> list[fetch.Source]:
    """The sources file, or UsageError naming the file and what is wrong with it."""
    if not path.is_file():
        raise UsageError(f"no sources file at {path}")
    try:
        return fetch.read_sources(path)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (OSError, ValueError) as exc:
        raise UsageError(str(exc)) from None


def fetch_counts(report: fetch.FetchReport) -> dict[str, int]:
    counts = report.counts
    return {
        "sources": len(report.results),
        "fetched_new": counts.get("new", 0) + counts.get("new_version", 0),
        "fetch_unchanged": counts.get("not_modified", 0) + counts.get("unchanged", 0),
        "fetch_failed": len(report.failed),
    }


def fetch_failures(report: fetch.FetchReport) -> list[str]:
    return [f"{result.url}: {result.reason or result.status}" for result in report.failed]


def run_nightly(
    sources_file: Path,
    dest: Path,
    db: Path,
    *,
    arguments: Sequence[str],
    settings: fetch.FetchSettings | None = None,
    workers: int | None = None,
    prune: bool = False,
    wait: bool = False,
    log: Path | None = None,
    doc_timeout: float | None = pipeline.DEFAULT_TIMEOUT,
    on_wait: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    on_result: Callable[..., None] | None = None,
) -> RunOutcome:
    """Fetch, then ingest `dest`, under the warehouse's lock; record the run and append it to the log.

    Raises UsageError for a bad sources file (before anything else happens). Every other ending is
    an outcome with its exit code, also written to the log (`default_log_path(db)` unless given).
    """
    sources = read_sources(sources_file)
    log = log or default_log_path(db)
    began = time.perf_counter()
    outcome = RunOutcome(command="nightly", exit_code=EXIT_OK, message="")
    lock = RunLock(lock_path(db), "nightly")
    try:
        lock.acquire(wait=wait, on_wait=on_wait)
    except LockHeld as exc:
        outcome.exit_code, outcome.message = EXIT_BUSY, str(exc)
    else:
        try:
            outcome.run_id = _begin(db, "nightly", arguments)
            _fetch_and_ingest(outcome, sources, dest, db, settings, workers, prune, doc_timeout, wait, on_wait, on_plan, on_result)
            outcome.seconds = time.perf_counter() - began
            _finish(db, outcome)
        except (LockHeld, load.WarehouseError) as exc:
            _record_stop(db, outcome, exc, began)
        except Exception as exc:  # a bug: record it where cron's operator will look, then let it surface
            _record_stop(db, outcome, exc, began)
            append_log(log, outcome)
            raise
        finally:
            lock.release()
    outcome.seconds = time.perf_counter() - began
    append_log(log, outcome)
    return outcome


def locked_fetch(
    sources: list[fetch.Source],
    dest: Path,
    command: str,
    *,
    settings: fetch.FetchSettings | None = None,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> fetch.FetchReport:
    """Fetch into `dest` holding its fetch lock (LockHeld when another run has it and not `wait`), after removing
    the partial downloads that an interrupted earlier run left there."""
    dest.mkdir(parents=True, exist_ok=True)
    lock = RunLock(dest / FETCH_LOCK, command)
    lock.acquire(wait=wait, on_wait=on_wait)
    try:
        fetch.remove_leftovers(dest)
        return fetch.fetch_sources(sources, dest, settings=settings)
    finally:
        lock.release()


def _fetch_and_ingest(
    outcome: RunOutcome,
    sources: list[fetch.Source],
    dest: Path,
    db: Path,
    settings: fetch.FetchSettings | None,
    workers: int | None,
    prune: bool,
    doc_timeout: float | None,
    wait: bool,
    on_wait: Callable[[str], None] | None,
    on_plan: Callable[[int], None] | None,
    on_result: Callable[..., None] | None,
) -> None:
    report = locked_fetch(sources, dest, "nightly", settings=settings, wait=wait, on_wait=on_wait)
    outcome.fetch_report = report
    summary = pipeline.ingest(
        [dest], db, workers=workers, prune=prune, timeout=doc_timeout, on_plan=on_plan, on_result=on_result
    )
    outcome.summary = summary
    outcome.counts = {**fetch_counts(report), **_ingest_counts(summary)}
    outcome.failures = fetch_failures(report) + [f"{path}: {reason}" for path, reason in summary.failures]
    failed_downloads = len(report.failed)
    outcome.exit_code = EXIT_FAILURES if (failed_downloads or summary.failed) else EXIT_OK
    counts = outcome.counts
    outcome.message = (
        f"{_plural(counts['sources'], 'source')}: {counts['fetched_new']} new, {counts['fetch_unchanged']} unchanged, "
        f"{failed_downloads} failed; " + _ingest_message(summary)
    )


def append_log(log: Path, outcome: RunOutcome) -> None:
    """One line per run: time, run id, command, exit code, counts, seconds and the message."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [stamp, f"run={outcome.run_id if outcome.run_id is not None else '-'}", outcome.command,
              f"exit={outcome.exit_code}"]  # fmt: skip
    fields += [f"{name}={value}" for name, value in outcome.counts.items() if value is not None]
    fields += [f"seconds={outcome.seconds:.1f}", f"message={shlex.quote(outcome.message)}"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(" ".join(fields) + "\n")

"""A recorded run: the lock that keeps two runs apart, the `runs` row, the run log and the summary.

`lscp ingest` and `lscp nightly` both run through here: each takes the warehouse's lock
(`<db>.lock`), records itself in `runs` at its start and its end, and ends with an exit code
cron can act on (EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_BUSY, EXIT_WAREHOUSE).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from lscp import load, pipeline

EXIT_OK = 0
"""Everything done (or nothing was new)."""
EXIT_FAILURES = 1
"""The run finished, but some downloads or documents failed; everything else was loaded."""
EXIT_USAGE = 2
"""Bad arguments: a missing or malformed sources file, a missing path."""
EXIT_BUSY = 3
"""Nothing done: another lscp run holds the lock, or another program has the warehouse open."""
EXIT_WAREHOUSE = 4
"""Nothing done: the warehouse cannot be opened or written (not a DuckDB file, permissions, disk)."""


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
    """An exclusive lock on a lock file (the `filelock` library: flock where there is one, a Windows lock
    elsewhere); the operating system releases it when the process dies, even by kill -9.

    Beside the lock, `<lock>.holder` names the holder (pid, command, start time, host) for the message
    a second run prints.
    """

    def __init__(self, path: Path, command: str) -> None:
        self.path = Path(path)
        self.command = command
        self.holder_path = self.path.with_name(self.path.name + ".holder")
        self._lock: FileLock | None = None

    def acquire(self, *, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock; raise LockHeld when another process has it, or block until it is free if `wait`."""
        lock = FileLock(self.path, thread_local=False, preserve_lock_file=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o644))  # the real reason when it cannot be made
            try:
                lock.acquire(blocking=False)
            except Timeout:  # a TimeoutError, which is an OSError: caught first
                message = self.held_message()
                if not wait:
                    raise LockHeld(f"{message}; nothing done. Try again later, or pass --wait to wait for it.") from None
                if on_wait:
                    on_wait(f"{message}; waiting for it to finish")
                lock.acquire()
        except OSError as exc:
            raise load.WarehouseError(f"cannot take the lock {self.path}: {exc.strerror or exc}") from None
        self._lock = lock
        pipeline.parent_only(self.path)  # forked workers close their copy of the lock's descriptor
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            self.holder_path.write_text(
                f"pid {os.getpid()}, {self.command}, started {started} on {socket.gethostname()}\n", encoding="utf-8"
            )
        except OSError:
            pass  # the message of a second run is less precise; the lock itself holds

    def held_message(self) -> str:
        """'another lscp run holds the lock FILE (pid N, COMMAND, started T on HOST)'."""
        try:
            holder = self.holder_path.read_text(encoding="utf-8").strip()
        except OSError:
            holder = ""
        return f"another lscp run holds the lock {self.path}" + (f" ({holder})" if holder else "")

    def release(self) -> None:
        if self._lock is None:
            return
        try:
            self.holder_path.unlink(missing_ok=True)
        except OSError:
            pass
        finally:
            self._lock.release(force=True)
            self._lock = None
            pipeline.parent_only(self.path, held=False)

    def __enter__(self) -> RunLock:
        if self._lock is None:
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
    fetch_report: object | None = None
    stopped: bool = False
    """The run was stopped by an error before its end: its row says failed."""


def _opened(db: Path, warehouse: load.Warehouse | None) -> contextlib.AbstractContextManager[load.Warehouse]:
    """The caller's open warehouse (left open), or the warehouse at ``db`` opened for the block."""
    return contextlib.nullcontext(warehouse) if warehouse is not None else load.Warehouse(db)


def begin(db: Path, command: str, arguments: Sequence[str], *, warehouse: load.Warehouse | None = None) -> int:
    """Mark runs left 'running' by a killed process as interrupted, and record this one; its id. ``warehouse``:
    the run's open warehouse, instead of opening ``db`` for this alone."""
    with _opened(db, warehouse) as warehouse:
        warehouse.mark_interrupted()
        return warehouse.start_run(command, arguments, extractor_version=pipeline.extractor_version())


def finish(db: Path, outcome: RunOutcome, *, warehouse: load.Warehouse | None = None) -> None:
    with _opened(db, warehouse) as warehouse:
        warehouse.finish_run(
            outcome.run_id, exit_code=outcome.exit_code, message=outcome.message, failures=outcome.failures,
            stopped=outcome.stopped, **outcome.counts,
        )  # fmt: skip


def record_stop(db: Path, outcome: RunOutcome, exc: Exception, began: float) -> None:
    """Set the exit code and message for a run stopped by `exc`, and finish its row as failed if the warehouse lets us."""
    outcome.stopped = not isinstance(exc, (LockHeld, load.WarehouseBusy))  # busy is no failure: nothing was done
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
        finish(db, outcome)
    except Exception:
        pass  # best effort: a busy or broken warehouse cannot take the record, and the error matters more


def ingest_counts(summary: pipeline.IngestSummary) -> dict[str, int]:
    return {
        "files_seen": summary.processed + summary.skipped, "processed": summary.processed, "ok": summary.ok,
        "partial": summary.partial, "failed": summary.failed, "skipped": summary.skipped,
        "pruned": summary.pruned, "facts": summary.facts,
    }  # fmt: skip


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def ingest_message(summary: pipeline.IngestSummary) -> str:
    text = (
        f"{plural(summary.processed, 'document')} processed ({summary.ok} ok, {summary.partial} partial, "
        f"{summary.failed} failed), {summary.skipped} unchanged"
    )
    return text + (f", {summary.pruned} pruned" if summary.pruned else "")


def summarise_ingest(outcome: RunOutcome, summary: pipeline.IngestSummary) -> None:
    """Fill the outcome of a run from its ingest summary."""
    outcome.summary = summary
    outcome.counts = {**outcome.counts, **ingest_counts(summary)}
    outcome.failures = outcome.failures + [f"{path}: {reason}" for path, reason in summary.failures]
    if summary.failed:
        outcome.exit_code = EXIT_FAILURES


def recorded_ingest(
    files: Sequence[Path],
    db: Path,
    *,
    arguments: Sequence[str],
    workers: int | None = None,
    retry_failed: bool = False,
    prune: bool = False,
    doc_timeout: float | None = pipeline.DEFAULT_TIMEOUT,
    max_file_mb: float | None = None,
    memory_mb: int | None = pipeline.DEFAULT_MEMORY_MB,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    on_result: Callable[..., None] | None = None,
    results: Callable[..., object] | None = None,
    write: bool = True,
) -> RunOutcome:
    """`lscp ingest` of the discovered `files` under the lock, recorded in `runs`. ``results`` and ``write``
    are `pipeline.ingest`'s (another executor than the local process pool; staging instead of writing).

    Raises LockHeld, load.WarehouseBusy or load.WarehouseError (after recording the stop where it can)."""
    began = time.perf_counter()
    lock = RunLock(lock_path(db), "ingest")
    lock.acquire(wait=wait, on_wait=on_wait)
    with lock:
        outcome = RunOutcome(command="ingest", exit_code=EXIT_OK, message="")
        # one connection from the run's start to its end: opening and closing the file three times would take
        # longer than a whole run that finds nothing to do (one writer thread, as pipeline.ingest writes)
        with load.Warehouse(db, threads=1) as warehouse:
            outcome.run_id = begin(db, "ingest", arguments, warehouse=warehouse)
            try:
                summary = pipeline.ingest(
                    files, db, workers=workers, retry_failed=retry_failed, prune=prune, timeout=doc_timeout,
                    max_file_mb=max_file_mb, memory_mb=memory_mb, on_plan=on_plan, on_result=on_result,
                    results=results, write=write, warehouse=warehouse,
                )  # fmt: skip
            except Exception as exc:
                warehouse.close()  # the error may have left the connection unusable: the stop is recorded afresh
                record_stop(db, outcome, exc, began)
                raise
            summarise_ingest(outcome, summary)
            outcome.message = ingest_message(summary)
            outcome.seconds = time.perf_counter() - began
            finish(db, outcome, warehouse=warehouse)
    return outcome


def append_log(log: Path, outcome: RunOutcome) -> None:
    """One line per run: time, run id, command, exit code, counts, seconds and the message."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [stamp, f"run={outcome.run_id if outcome.run_id is not None else '-'}", outcome.command,
              f"exit={outcome.exit_code}"]  # fmt: skip
    fields += [f"{name}={value}" for name, value in outcome.counts.items() if value is not None]
    fields += [f"seconds={outcome.seconds:.1f}", f"message={shlex.quote(outcome.message)}"]
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(" ".join(fields) + "\n")
    except OSError:
        pass  # the run's outcome is on stderr and in the runs table; an unwritable log must not hide it

"""`lscp nightly`: fetch the sources into a folder, then ingest that folder (new, changed and stale-version
files only), holding the warehouse's lock throughout. The lock, the run record, the log and the exit codes
are the run module's, shared with `lscp ingest`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from lscp import fetch, load, pipeline
from lscp.run import (
    EXIT_BUSY,
    EXIT_FAILURES,
    EXIT_OK,
    LockHeld,
    RunLock,
    RunOutcome,
    UsageError,
    append_log,
    begin,
    default_log_path,
    finish,
    ingest_message,
    lock_path,
    plural,
    record_stop,
    summarise_ingest,
)

FETCH_LOCK = ".lscp-fetch.lock"


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
    """One line per failed source; one that failed on earlier runs too says how many in a row."""
    return [
        f"{result.url}: {result.reason or result.status}"
        + (f" (has failed {result.failed_runs} runs in a row)" if result.failed_runs > 1 else "")
        for result in report.failed
    ]


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
    max_file_mb: float | None = None,
    memory_mb: int | None = pipeline.DEFAULT_MEMORY_MB,
    exclude: Sequence[str] = (),
    on_wait: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    on_result: Callable[..., None] | None = None,
    results: Callable[..., object] | None = None,
) -> RunOutcome:
    """Fetch, then ingest `dest`, under the warehouse's lock; record the run and append it to the log.
    ``results`` is `pipeline.ingest`'s (another executor than the local process pool).

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
            outcome.run_id = begin(db, "nightly", arguments)
            limits = pipeline.Limits(timeout=doc_timeout, max_file_mb=max_file_mb, memory_mb=memory_mb)
            _fetch_and_ingest(
                outcome, sources, dest, db, settings, workers, prune, limits, exclude, wait, on_wait, on_plan, on_result,
                results=results,
            )  # fmt: skip
            outcome.seconds = time.perf_counter() - began
            finish(db, outcome)
        except (LockHeld, load.WarehouseError) as exc:
            record_stop(db, outcome, exc, began)
        except Exception as exc:  # a bug: record it where cron's operator will look, then let it surface
            record_stop(db, outcome, exc, began)
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
    limits: pipeline.Limits,
    exclude: Sequence[str],
    wait: bool,
    on_wait: Callable[[str], None] | None,
    on_plan: Callable[[int], None] | None,
    on_result: Callable[..., None] | None,
    results: Callable[..., object] | None = None,
) -> None:
    report = locked_fetch(sources, dest, "nightly", settings=settings, wait=wait, on_wait=on_wait)
    outcome.fetch_report = report
    files, _ = pipeline.discover([dest], exclude=exclude)
    summary = pipeline.ingest(
        files, db, workers=workers, prune=prune, timeout=limits.timeout, max_file_mb=limits.max_file_mb,
        memory_mb=limits.memory_mb, on_plan=on_plan, on_result=on_result, results=results,
    )  # fmt: skip
    failed_downloads = len(report.failed)
    outcome.counts = fetch_counts(report)
    outcome.failures = fetch_failures(report)
    outcome.exit_code = EXIT_FAILURES if failed_downloads else EXIT_OK
    summarise_ingest(outcome, summary)
    counts = outcome.counts
    outcome.message = (
        f"{plural(counts['sources'], 'source')}: {counts['fetched_new']} new, {counts['fetch_unchanged']} unchanged, "
        f"{failed_downloads} failed; " + ingest_message(summary)
    )

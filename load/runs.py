"""The `runs` table: one row per `lscp ingest` or `lscp nightly` run, written at its start and its end."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb

from .errors import WarehouseError

RUN_COUNTS: tuple[str, ...] = (
    "sources", "fetched_new", "fetch_unchanged", "fetch_failed",
    "files_seen", "processed", "ok", "partial", "failed", "skipped", "pruned", "facts",
)  # fmt: skip
"""The count columns of `runs`, in table order."""

INTERRUPTED_MESSAGE = "interrupted: the process ended before the run finished (killed, or the machine stopped)"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def mark_interrupted(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Mark runs still 'running' as interrupted; call only while holding the run lock. Returns their ids."""
    ids = [row[0] for row in con.execute("SELECT run_id FROM runs WHERE status = 'running' ORDER BY run_id").fetchall()]
    if ids:
        con.execute(
            "UPDATE runs SET status = 'interrupted', message = ? WHERE status = 'running'", [INTERRUPTED_MESSAGE]
        )
    return ids


def start_run(
    con: duckdb.DuckDBPyConnection, command: str, arguments: Sequence[str], *, extractor_version: str | None = None
) -> int:
    """Insert a 'running' row for a new run and return its id."""
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
    con.execute(
        "INSERT INTO runs (run_id, command, arguments, pid, host, started_at, status, extractor_version) "
        "VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
        [run_id, command, list(arguments), os.getpid(), socket.gethostname(), _now(), extractor_version],
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    *,
    exit_code: int,
    message: str,
    failures: Sequence[str] = (),
    stopped: bool = False,
    **counts: int | None,
) -> None:
    """Record how a run ended: its counts, failures, message and exit code; ``stopped`` records it as
    failed (an error ended it before its end)."""
    unknown = set(counts) - set(RUN_COUNTS)
    if unknown:
        raise WarehouseError(f"unknown run counts: {', '.join(sorted(unknown))}")
    names = list(counts)
    assignments = ", ".join(f"{name} = ?" for name in names)
    extra = f", {assignments}" if assignments else ""
    updated = con.execute(
        f"UPDATE runs SET finished_at = ?, status = ?, exit_code = ?, message = ?, failures = ?{extra} "
        "WHERE run_id = ? RETURNING run_id",
        [_now(), "failed" if stopped else "finished", exit_code, message, list(failures), *(counts[name] for name in names), run_id],
    ).fetchall()
    if not updated:
        raise WarehouseError(f"no run {run_id} in the runs table")


RUN_COLUMNS: tuple[str, ...] = (
    "run_id", "command", "status", "exit_code", "started_at", "finished_at", "seconds",
    *RUN_COUNTS, "message",
)  # fmt: skip
"""The columns `lscp runs` shows."""


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The latest runs, newest first: (column names, rows)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'runs' AND schema_name = 'main'"
    ).fetchone()[0]
    if not exists:
        return list(RUN_COLUMNS), []
    selected = ", ".join(
        "round(epoch(finished_at) - epoch(started_at), 1) AS seconds" if name == "seconds" else name
        for name in RUN_COLUMNS
    )
    rows = con.execute(f"SELECT {selected} FROM runs ORDER BY run_id DESC LIMIT ?", [limit]).fetchall()
    return list(RUN_COLUMNS), rows

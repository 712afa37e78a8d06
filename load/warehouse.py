"""Opening the warehouse and writing, replacing and forgetting documents."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from lscp.schemas.vocab import Status

from .errors import QueryFailed, WarehouseBusy, WarehouseError, WarehouseMissing
from .tables import TABLES, TEXT_TABLES

if TYPE_CHECKING:
    from lscp.schemas import DocumentResult

# The row builders (load/rows.py, load/text.py) load pyarrow and the fact models: they are imported by the first
# write, so that opening the warehouse and planning a run that finds nothing to do stay quick.

ALL_TABLES: tuple[str, ...] = ("documents", *TABLES.values(), "rejections", *TEXT_TABLES)
DOCUMENT_TABLES: tuple[str, ...] = (*ALL_TABLES, "audit")
"""Every table that holds rows of a document: all are replaced together when the document is written again."""


@cache
def _schema_sql() -> str:
    return resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")


def connect(db_path: Path | str, *, read_only: bool = False, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection creates the folder and the schema if missing.

    ``threads`` caps DuckDB's worker threads (default: one per core)."""
    path = Path(db_path)
    blocked = _file_in_the_way(path)
    if blocked is not None:
        raise WarehouseError(f"cannot open warehouse {path}: {blocked} is a file, not a folder")
    if read_only and not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}: load some documents first")
    if path.is_dir():
        raise WarehouseError(f"cannot open warehouse {path}: it is a folder")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(f"cannot create the folder of warehouse {path}: {exc.strerror or exc}") from exc
    try:
        con = duckdb.connect(str(path), read_only=read_only, config={"threads": threads} if threads else {})
    except duckdb.Error as exc:
        if "Could not set lock" in str(exc):
            raise WarehouseBusy(_busy_message(path, str(exc), read_only)) from exc
        raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
    if not read_only:
        try:
            _ensure_schema(con)
        except duckdb.Error as exc:
            con.close()
            raise WarehouseError(f"cannot set up the schema of warehouse {path}: {exc}") from exc
    return con


FAULTS = (duckdb.IOException, duckdb.InternalException, duckdb.FatalException, duckdb.SerializationException,
          duckdb.OutOfMemoryException, duckdb.PermissionException)  # fmt: skip
"""DuckDB errors that say the warehouse file itself cannot be read or written (damaged, disk full, permissions)."""


def fault(path: Path, exc: Exception, doing: str = "use") -> WarehouseError:
    """The WarehouseError for a DuckDB or OS error met while reading or writing the warehouse."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
    return WarehouseError(f"cannot {doing} warehouse {path}: {reason}")


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is a file instead of a folder."""
    for parent in Path(path).absolute().parents:
        if parent.exists() or parent.is_symlink():
            return parent if not parent.is_dir() else None
    return None


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """No file, network or extension access from here on, and no setting a statement could change back."""
    try:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot restrict the warehouse connection to reading: {exc}") from exc


@cache
def schema_version() -> str:
    """First 16 hex characters of sha256 of schema.sql: a warehouse made by another schema is brought up to date."""
    return hashlib.sha256(_schema_sql().encode("utf-8")).hexdigest()[:16]


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Run schema.sql in one transaction unless the warehouse already has this version of it."""
    try:
        if con.execute("SELECT lscp_schema_version()").fetchone()[0] == schema_version():
            return
    except duckdb.CatalogException:
        pass  # a new warehouse, or one made before the version was recorded
    with _transaction(con):
        con.execute(_schema_sql())
        con.execute(f"CREATE OR REPLACE MACRO lscp_schema_version() AS '{schema_version()}'")
        con.execute(
            "COMMENT ON MACRO lscp_schema_version IS "
            "'Version of load/schema.sql the warehouse was last set up with (first 16 hex of its sha256).'"
        )


def _busy_message(path: Path, error: str, read_only: bool) -> str:
    found = re.search(r"PID (\d+)", error)
    holder = f"another process (PID {found.group(1)})" if found else "another process"
    if read_only:
        return (
            f"the warehouse {path} is being written by {holder}: DuckDB allows one writer and no readers "
            "while it writes. Try again when that run has finished, or query a copy of the file or an export "
            "(lscp export all)."
        )
    return (
        f"the warehouse {path} is open in {holder}: DuckDB allows one writer, and no writer while others "
        "read it. Try again when that process has closed it."
    )


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve(strict=True))
    except (OSError, RuntimeError):  # a broken link or a link loop: its folder resolved, its own name kept
        return str(Path(path).parent.resolve() / Path(path).name)


def document_id(path: str) -> str:
    """First 16 hex characters of sha256 of the resolved absolute path."""
    return hashlib.sha256(_resolved(path).encode("utf-8")).hexdigest()[:16]


def previous_state(con: duckdb.DuckDBPyConnection, path: str) -> tuple[str | None, str | None, str | None]:
    """(sha256, extractor_version, status) stored for the file, or three Nones."""
    row = con.execute(
        "SELECT sha256, extractor_version, status FROM documents WHERE document_id = ?", [document_id(path)]
    ).fetchone()
    return (row[0], row[1], row[2]) if row else (None, None, None)


@dataclass(frozen=True)
class StoredFile:
    """What the warehouse remembers of a file, to tell whether it changed."""

    sha256: str | None
    extractor_version: str
    status: str
    size_bytes: int | None
    mtime_ns: int | None
    checked_at_ns: int | None


def stored_files(con: duckdb.DuckDBPyConnection) -> dict[str, StoredFile]:
    """Every stored document by resolved path, in one query."""
    rows = con.execute(
        "SELECT path, sha256, extractor_version, status, size_bytes, mtime_ns, epoch_ns(checked_at) FROM documents"
    ).fetchall()
    return {path: StoredFile(*rest) for path, *rest in rows}


def confirm_unchanged(con: duckdb.DuckDBPyConnection, files: Iterable[tuple[str, int, int, datetime]]) -> int:
    """Record (path, size, mtime_ns, checked_at) of files whose content was found unchanged; returns the count."""
    rows = [(_resolved(path), size, mtime_ns, _utc(checked_at)) for path, size, mtime_ns, checked_at in files]
    if not rows:
        return 0
    paths, sizes, mtimes, checked = (list(column) for column in zip(*rows))
    with _transaction(con):  # the four lists as one table (unnest in parallel): no Arrow needed for four columns
        con.execute(
            "UPDATE documents SET size_bytes = i.size_bytes, mtime_ns = i.mtime_ns, checked_at = i.checked_at "
            "FROM (SELECT unnest(?::VARCHAR[]) AS path, unnest(?::BIGINT[]) AS size_bytes, "
            "unnest(?::BIGINT[]) AS mtime_ns, unnest(?::TIMESTAMP[]) AS checked_at) i WHERE documents.path = i.path",
            [paths, sizes, mtimes, checked],
        )
    return len(rows)


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def write_document(con: duckdb.DuckDBPyConnection, result: DocumentResult, *, extractor_version: str) -> None:
    """Replace everything stored for the result's file by the result, in one transaction.

    A skipped result leaves the stored rows as they are.
    """
    if Status(result.status) is Status.skipped:
        return
    from .rows import AUDIT_COLUMNS, REJECTION_COLUMNS, audit_rows, fact_columns, fact_rows, rejection_rows
    from .text import insert_text

    doc = document_id(result.path)
    facts = fact_rows(doc, result.facts)
    rejections = rejection_rows(doc, result.rejections)
    fact_count = sum(len(rows) for rows in facts.values())
    with _transaction(con):
        if _is_stored(con, doc):
            _delete_documents(con, [doc])
        _insert_document(con, doc, result, extractor_version, fact_count, len(rejections))
        for kind, rows in facts.items():
            _insert_rows(con, TABLES[kind], fact_columns(kind), rows)
        _insert_rows(con, "rejections", REJECTION_COLUMNS, rejections)
        _insert_rows(con, "audit", AUDIT_COLUMNS, audit_rows(doc, result.audit))
        insert_text(con, doc, result)


def _is_stored(con: duckdb.DuckDBPyConnection, doc: str) -> bool:
    return con.execute("SELECT 1 FROM documents WHERE document_id = ?", [doc]).fetchone() is not None


def _delete_documents(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    for table in DOCUMENT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE list_contains(?::VARCHAR[], document_id)", [ids])


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _insert_document(
    con: duckdb.DuckDBPyConnection,
    doc: str,
    result: DocumentResult,
    extractor_version: str,
    fact_count: int,
    rejected_count: int,
) -> None:
    path = _resolved(result.path)
    row: dict[str, Any] = {
        "document_id": doc,
        "doc_id": result.doc_id,
        "path": path,
        "file_name": Path(path).name,
        "media_type": result.media_type,
        "size_bytes": result.size_bytes,
        "sha256": result.sha256,
        "pages": result.pages,
        "needs_ocr": result.needs_ocr,
        "status": Status(result.status).value,
        "stage": result.stage,
        "error": result.error,
        "warnings": list(result.warnings),
        "extractor_version": extractor_version,
        "fact_count": fact_count,
        "rejected_count": rejected_count,
        "started_at": _utc(result.started_at),
        "finished_at": _utc(result.finished_at),
        "loaded_at": _utc(datetime.now(UTC)),
        "mtime_ns": _mtime_ns(path, result.size_bytes),
        "checked_at": _utc(result.started_at),
    }
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"INSERT INTO documents ({columns}) VALUES ({marks})", list(row.values()))


def _mtime_ns(path: str, size: int | None) -> int | None:
    """The file's modification time now, when its size still matches what was read (else NULL: unknown)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns if size is not None and stat.st_size == size else None


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    if not rows:
        return
    from .rows import arrow_table

    # the statement reads the Arrow table from this local variable (DuckDB's replacement scan): registering it as a
    # view and dropping it again took about as long as the insert itself
    _lscp_incoming = arrow_table(columns, rows)  # noqa: F841 - read by name in the statement
    names = ", ".join(columns)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _lscp_incoming")


def forget_missing(con: duckdb.DuckDBPyConnection, existing_paths: set[str]) -> list[str]:
    """Delete the documents whose file is not among ``existing_paths``; return their paths."""
    keep = {_resolved(path) for path in existing_paths}
    stored = con.execute("SELECT document_id, path FROM documents ORDER BY path").fetchall()
    gone = [(doc, path) for doc, path in stored if path not in keep]
    if gone:
        with _transaction(con):
            _delete_documents(con, [doc for doc, _ in gone])
    return [path for _, path in gone]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every warehouse table."""
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ALL_TABLES}


def query(con: duckdb.DuckDBPyConnection, sql: str, params=()) -> tuple[list[str], list[tuple]]:
    """Run one statement; return column names and rows. DuckDB's errors become WarehouseError."""
    try:
        cursor = con.execute(sql, list(params)) if params else con.execute(sql)
        if cursor.description is None:
            return [], []
        return [column[0] for column in cursor.description], cursor.fetchall()
    except duckdb.CatalogException as exc:
        raise QueryFailed(f"query failed: {exc}{_outdated_hint(con)}") from exc
    except FAULTS as exc:
        if isinstance(exc, duckdb.PermissionException) and "disabled by configuration" in str(exc):
            raise QueryFailed(f"query failed: {exc}") from exc  # the query asked for a file, which `lscp query` refuses
        raise WarehouseError(f"cannot read the warehouse: {str(exc).splitlines()[0]}") from exc
    except duckdb.Error as exc:
        raise QueryFailed(f"query failed: {exc}") from exc


def _outdated_hint(con: duckdb.DuckDBPyConnection) -> str:
    """A hint when the warehouse was set up by another version of the schema (its views may be missing)."""
    try:
        if con.execute("SELECT lscp_schema_version()").fetchone()[0] == schema_version():
            return ""
    except duckdb.Error:
        pass
    return (
        " (this warehouse was set up by another version of lscp; the next `lscp ingest` or "
        "`lscp nightly` brings its tables and views up to date)"
    )

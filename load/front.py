"""The warehouse's one front door: a `Warehouse` object owns its DuckDB connection, which never leaves `load/`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from . import export, runs, text, warehouse
from .errors import QueryFailed, QueryRefused, WarehouseError

if TYPE_CHECKING:
    from lscp.schemas import DocumentResult

READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
"""What `Warehouse.read_query` runs: SELECT (with FROM-first, DESCRIBE, SHOW and SUMMARIZE, which DuckDB parses as
SELECT) and EXPLAIN."""


class Warehouse:
    """An open warehouse file. Use as a context manager, or call `close()`.

    ``read_only`` opens it for reading only (and fails when it does not exist); a writable warehouse
    creates its folder and schema when missing. ``threads`` caps DuckDB's worker threads.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False, threads: int | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = warehouse.connect(self.path, read_only=read_only, threads=threads)

    # ------------------------------------------------------------ life cycle

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            try:
                con.close()
            except duckdb.Error:
                pass  # a connection to a damaged or full warehouse: the error that matters was raised already

    @property
    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise WarehouseError(f"the warehouse {self.path} is closed")
        return self._con

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """DuckDB's and the system's errors while reading or writing the file become one WarehouseError."""
        try:
            yield
        except WarehouseError:
            raise
        except (duckdb.Error, OSError) as exc:
            raise warehouse.fault(self.path, exc, doing) from exc

    # ------------------------------------------------------------ documents

    def stored_files(self) -> dict[str, warehouse.StoredFile]:
        """What is stored of every document, by resolved path."""
        with self._guard("read"):
            return warehouse.stored_files(self._connection)

    def stored_paths(self) -> list[str]:
        with self._guard("read"):
            return [path for (path,) in self._connection.execute("SELECT path FROM documents ORDER BY path").fetchall()]

    def previous_state(self, path: str) -> tuple[str | None, str | None, str | None]:
        """(sha256, extractor_version, status) stored for the file, or three Nones."""
        with self._guard("read"):
            return warehouse.previous_state(self._connection, path)

    def confirm_unchanged(self, files: Iterable[tuple[str, int, int, datetime]]) -> int:
        """Record (path, size, mtime_ns, checked_at) of files whose content was found unchanged."""
        with self._guard("write"):
            return warehouse.confirm_unchanged(self._connection, files)

    def write_document(self, result: DocumentResult, *, extractor_version: str) -> None:
        """Replace everything stored for the result's file by the result, in one transaction."""
        with self._guard("write"):
            warehouse.write_document(self._connection, result, extractor_version=extractor_version)

    def forget_missing(self, existing_paths: set[str]) -> list[str]:
        """Delete the documents whose file is not among ``existing_paths``; return their paths."""
        with self._guard("write"):
            return warehouse.forget_missing(self._connection, existing_paths)

    def table_counts(self) -> dict[str, int]:
        with self._guard("read"):
            return warehouse.table_counts(self._connection)

    # ------------------------------------------------------------ runs

    def mark_interrupted(self) -> list[int]:
        with self._guard("write"):
            return runs.mark_interrupted(self._connection)

    def start_run(self, command: str, arguments: Sequence[str], *, extractor_version: str | None = None) -> int:
        with self._guard("write"):
            return runs.start_run(self._connection, command, arguments, extractor_version=extractor_version)

    def finish_run(
        self, run_id: int, *, exit_code: int, message: str, failures: Sequence[str] = (), stopped: bool = False,
        **counts: int | None,
    ) -> None:
        with self._guard("write"):
            runs.finish_run(
                self._connection, run_id, exit_code=exit_code, message=message, failures=failures, stopped=stopped, **counts
            )

    def recent_runs(self, limit: int = 20) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._guard("read"):
            return runs.recent_runs(self._connection, limit)

    # ------------------------------------------------------------ reading back

    def iter_facts(self) -> Iterator[dict[str, Any]]:
        """Every fact of ok/partial documents in the contract's shape, with its evidence."""
        with self._guard("read"):
            yield from export.iter_facts(self._connection)

    def relations(self) -> list[export.Relation]:
        with self._guard("read"):
            return export.relations(self._connection)

    def relation_names(self) -> list[str]:
        with self._guard("read"):
            return export.relation_names(self._connection)

    def export_relation(self, name: str, out: Path, fmt: str) -> int:
        return export.export_relation(self._connection, name, out, fmt)

    @classmethod
    def for_queries(cls, path: Path | str) -> Warehouse:
        """The warehouse opened read-only for queries written by a user: no file, network or extension access
        (`enable_external_access = false`), and a configuration no statement can change (`lock_configuration`)."""
        opened = cls(path, read_only=True)
        try:
            warehouse.lock_down(opened._connection)
        except BaseException:
            opened.close()
            raise
        return opened

    def read_query(self, sql: str) -> tuple[list[str], list[tuple]]:
        """Run one statement that only reads (see READ_STATEMENTS); QueryRefused for several statements or another
        kind, WarehouseError with DuckDB's message when it fails."""
        try:
            statements = duckdb.extract_statements(sql)
        except duckdb.Error as exc:
            raise QueryFailed(f"query failed: {exc}") from exc
        if len(statements) != 1:
            raise QueryRefused(f"give exactly one statement per query; got {len(statements)}")
        statement = statements[0]
        if statement.type not in READ_STATEMENTS:
            named = (statement.query.split(None, 1) or [statement.type.name])[0].upper()
            raise QueryRefused(
                f"only SELECT and EXPLAIN statements are run on the warehouse, not {named} "
                "(no ATTACH, COPY, EXPORT, INSTALL, LOAD, SET or writes; use `lscp export` to write files)"
            )
        return self.query(sql)

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """Run one statement; (column names, rows). Errors are WarehouseError with DuckDB's message."""
        return warehouse.query(self._connection, sql, params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """The rows of one statement."""
        return self.query(sql, params)[1]

    def document_audit(self, doc: str) -> tuple[str | None, list[str], list[tuple]]:
        """The audit of one annual report, named by file name without extension, document id or path:
        (document_id or None when no document is so named, column names, rows in requirement order)."""
        found = self.row(
            "SELECT document_id FROM documents WHERE ? IN (doc_id, document_id, path, file_name) ORDER BY path LIMIT 1", [doc]
        )
        if found is None:
            return None, [], []
        columns, rows = self.query(
            "SELECT requirement, edition, status, in_force, page, sentence, cue, rule FROM audit "
            "WHERE document_id = ? ORDER BY position",
            [found[0]],
        )
        return found[0], columns, rows

    def audit_statuses(self) -> list[tuple[str, str, str]]:
        """(doc_id, requirement, status) of every audit row: what `lscp eval` scores against audit answers."""
        return self.rows("SELECT d.doc_id, a.requirement, a.status FROM audit a JOIN documents d USING (document_id) ORDER BY 1, a.position")

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        """The first row of one statement, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    # ------------------------------------------------------------ the text behind the evidence

    def records(self, name: str) -> list[dict[str, Any]]:
        """Every row of one table or view (a name `relation_names` lists) as a dict."""
        if name not in self.relation_names():
            raise WarehouseError(f"no table or view named {name!r}")
        columns, rows = self.query(f'SELECT * FROM "{name}"')
        return [dict(zip(columns, row)) for row in rows]

    def find_documents(self, ref: str) -> list[dict[str, Any]]:
        """The documents a reference names: a document_id, a doc_id (file name without extension) or a file path."""
        path = str(Path(ref).resolve())
        columns, rows = self.query(
            "SELECT * FROM documents WHERE document_id = ? OR doc_id = ? OR path = ? ORDER BY path", [ref, ref, path]
        )
        return [dict(zip(columns, row)) for row in rows]

    def page_texts(self, document_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The stored pages (document_id, page, char_start, char_end, text, width, height) of the documents."""
        return text.page_texts(self._connection, list(document_ids))

    def word_boxes(self, document_ids: Sequence[str]) -> list[tuple]:
        """(document_id, page, char_start, char_end, x0, y0, x1, y1) of every stored word of the documents."""
        return text.word_boxes(self._connection, list(document_ids))

"""The DuckDB warehouse: schema, per-document writes in one transaction, runs, exports and queries."""

from .errors import WarehouseBusy, WarehouseError
from .export import EXPORT_FORMATS, Column, Relation, export_relation, iter_facts, relation_names, relations
from .rows import TABLES
from .runs import RUN_COUNTS, finish_run, mark_interrupted, recent_runs, start_run
from .warehouse import (
    StoredFile,
    confirm_unchanged,
    connect,
    document_id,
    forget_missing,
    previous_state,
    run_query,
    stored_files,
    table_counts,
    write_document,
)

__all__ = [
    "EXPORT_FORMATS",
    "RUN_COUNTS",
    "TABLES",
    "Column",
    "Relation",
    "StoredFile",
    "WarehouseBusy",
    "WarehouseError",
    "confirm_unchanged",
    "connect",
    "document_id",
    "export_relation",
    "finish_run",
    "forget_missing",
    "iter_facts",
    "mark_interrupted",
    "previous_state",
    "recent_runs",
    "relation_names",
    "relations",
    "run_query",
    "start_run",
    "stored_files",
    "table_counts",
    "write_document",
]

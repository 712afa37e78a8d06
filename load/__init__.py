"""The DuckDB warehouse: schema, per-document writes in one transaction, exports and queries."""

from .errors import WarehouseError
from .export import iter_facts
from .rows import TABLES
from .warehouse import (
    connect,
    document_id,
    forget_missing,
    previous_state,
    run_query,
    table_counts,
    write_document,
)

__all__ = [
    "TABLES",
    "WarehouseError",
    "connect",
    "document_id",
    "forget_missing",
    "iter_facts",
    "previous_state",
    "run_query",
    "table_counts",
    "write_document",
]

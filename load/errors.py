"""The load stage's errors."""

from __future__ import annotations


class WarehouseError(Exception):
    """The warehouse cannot be opened, written or queried as asked."""


class WarehouseBusy(WarehouseError):
    """Another process holds DuckDB's lock on the warehouse file (one writer, and no readers meanwhile)."""


class QueryRefused(WarehouseError):
    """A query that `lscp query` does not run: several statements, or one that is not a read (ATTACH, COPY, SET...)."""

"""The load stage's errors."""

from __future__ import annotations


class WarehouseError(Exception):
    """The warehouse cannot be opened, read or written: not a DuckDB file, damaged, permissions, a bad path, a full disk."""


class WarehouseBusy(WarehouseError):
    """Another process holds DuckDB's lock on the warehouse file (one writer, and no readers meanwhile)."""


class WarehouseMissing(WarehouseError):
    """There is no warehouse file where one was asked to be read."""


class QueryFailed(WarehouseError):
    """A query or an export failed for a reason of its own (bad SQL, an unwritable output file); the warehouse is fine."""


class QueryRefused(QueryFailed):
    """A query that `lscp query` does not run: several statements, or one that is not a read (ATTACH, COPY, SET...)."""

"""The DuckDB warehouse. Its one front door is `Warehouse`: per-document writes in one transaction, runs,
exports and queries; the DuckDB connection stays inside this package."""

from .errors import QueryFailed, QueryRefused, WarehouseBusy, WarehouseError, WarehouseMissing
from .export import EXPORT_FORMATS, Column, Relation
from .front import Warehouse
from .tables import TABLES
from .runs import RUN_COUNTS
from .warehouse import StoredFile, document_id

__all__ = [
    "EXPORT_FORMATS",
    "RUN_COUNTS",
    "TABLES",
    "Column",
    "QueryFailed",
    "QueryRefused",
    "Relation",
    "StoredFile",
    "Warehouse",
    "WarehouseBusy",
    "WarehouseError",
    "WarehouseMissing",
    "document_id",
]

"""Rows for the fact and rejection tables, built from a DocumentResult's dumped facts.

Imported by the warehouse when it first writes or exports facts (it builds the fact models); pyarrow is loaded
when there are rows to insert."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from lscp.schemas import FACT_MODELS, Evidence, Rejection

from .errors import WarehouseError
from .tables import TABLES

if TYPE_CHECKING:
    import pyarrow as pa

CONTRACT_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(name for name in FACT_MODELS[kind].model_fields if name not in ("kind", "evidence"))
    for kind in TABLES
}
EVIDENCE_FIELDS: tuple[str, ...] = tuple(Evidence.model_fields)
REJECTION_COLUMNS: tuple[str, ...] = ("document_id", "position", "kind", "reason", "candidate", *EVIDENCE_FIELDS)


@cache
def _arrow_types() -> dict[str, pa.DataType]:
    """Column -> its Arrow type where it is not a string."""
    import pyarrow as pa

    integer = pa.int64()  # wider than the INTEGER columns: DuckDB checks the range on insert
    return {
        "position": integer,
        "page": integer,
        "char_start": integer,
        "char_end": integer,
        "value": pa.float64(),
        "amount_gbp": pa.float64(),
        "confidence": pa.float64(),
        "ocr": pa.bool_(),
        "paragraph": integer,
        "is_total": pa.bool_(),
        "in_force": pa.bool_(),
        "areas": pa.list_(pa.string()),
    }


def fact_columns(kind: str) -> tuple[str, ...]:
    """The columns of a fact table, in table order."""
    return ("fact_id", "document_id", "position", *CONTRACT_FIELDS[kind], *EVIDENCE_FIELDS)


def plain_number(value: Any) -> Any:
    """An integral float as int (``6953.0`` -> ``6953``); anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fact_id(document_id: str, kind: str, fact: dict[str, Any]) -> str:
    """Deterministic id: sha256 of document id, kind and the contract fields, first 20 hex."""
    values = [plain_number(fact.get(name)) for name in CONTRACT_FIELDS[kind]]
    payload = json.dumps([document_id, kind, values], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def fact_rows(document_id: str, facts: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows per kind; of facts with equal contract fields only the first is kept."""
    grouped: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in TABLES}
    for position, fact in enumerate(facts):
        kind = fact.get("kind")
        if kind not in grouped:
            raise WarehouseError(f"fact {position} has unknown kind {kind!r}")
        key = fact_id(document_id, kind, fact)
        if key not in grouped[kind]:
            grouped[kind][key] = _fact_row(key, document_id, position, kind, fact)
    return {kind: list(rows.values()) for kind, rows in grouped.items()}


def _fact_row(key: str, document_id: str, position: int, kind: str, fact: dict[str, Any]) -> dict[str, Any]:
    evidence = fact.get("evidence") or {}
    row = {"fact_id": key, "document_id": document_id, "position": position}
    row.update({name: fact.get(name) for name in CONTRACT_FIELDS[kind]})
    row.update({name: evidence.get(name) for name in EVIDENCE_FIELDS})
    return row


def rejection_rows(document_id: str, rejections: list[Rejection]) -> list[dict[str, Any]]:
    """Rows for the rejections table, the candidate kept as JSON text."""
    return [
        {
            "document_id": document_id,
            "position": position,
            "kind": rejection.kind,
            "reason": rejection.reason,
            "candidate": json.dumps(rejection.candidate, ensure_ascii=False, default=str),
            **rejection.evidence.model_dump(),
        }
        for position, rejection in enumerate(rejections)
    ]


def arrow_table(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> pa.Table:
    """The rows as an Arrow table with explicit types; a value of the wrong type raises."""
    import pyarrow as pa  # only when there are rows to insert: recording a failed document needs none

    types = _arrow_types()
    schema = pa.schema([(name, types.get(name, pa.string())) for name in columns])
    return pa.Table.from_pylist(rows, schema=schema)


AUDIT_COLUMNS: tuple[str, ...] = (
    "document_id", "position", "requirement", "edition", "status", "in_force",
    "page", "char_start", "char_end", "sentence", "cue", "rule",
)


def audit_rows(document_id: str, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows for the audit table from a result's AuditRow models, in requirement order."""
    return [
        {"document_id": document_id, "position": position, **row.model_dump(mode="json")}
        for position, row in enumerate(rows)
    ]

"""Reading stored facts back in the contract's JSONL shape."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import duckdb

from schemas import Status

from .rows import CONTRACT_FIELDS, EVIDENCE_FIELDS, TABLES, plain_number

_EXPORTED = (Status.ok.value, Status.partial.value)


def iter_facts(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Every fact of ok/partial documents, by doc, kind (contract order), then insertion order.

    Files of the same name in different folders share a ``doc``: a fact repeated
    under one ``doc`` is exported once.
    """
    streams = [_kind_facts(con, rank, kind) for rank, kind in enumerate(TABLES)]
    seen: set[tuple] = set()
    for _, fact in heapq.merge(*streams, key=itemgetter(0)):
        key = _identity(fact)
        if key not in seen:
            seen.add(key)
            yield fact


def _kind_facts(con: duckdb.DuckDBPyConnection, rank: int, kind: str) -> list[tuple[tuple, dict[str, Any]]]:
    fields = (*CONTRACT_FIELDS[kind], *EVIDENCE_FIELDS)
    selected = ", ".join(f"f.{name}" for name in fields)
    rows = con.execute(
        f"SELECT d.doc_id, d.path, f.position, {selected} FROM {TABLES[kind]} f "
        "JOIN documents d USING (document_id) WHERE d.status IN (?, ?) ORDER BY d.doc_id, d.path, f.position",
        list(_EXPORTED),
    ).fetchall()
    out = []
    for doc, path, position, *values in rows:
        fact = {"doc": doc, "kind": kind}
        fact.update(zip(fields, map(plain_number, values)))
        out.append(((doc, path, rank, position), fact))
    return out


def _identity(fact: dict[str, Any]) -> tuple:
    values = [fact[name] for name in CONTRACT_FIELDS[fact["kind"]]]
    return (fact["doc"], fact["kind"], *(tuple(v) if isinstance(v, list) else v for v in values))

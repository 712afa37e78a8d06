"""Reading the warehouse back: facts in the contract's JSONL shape, and tables and views as files."""

from __future__ import annotations

import heapq
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import duckdb

from lscp.schemas.vocab import Status

from .errors import QueryFailed, WarehouseError
from .tables import TABLES

_EXPORTED = (Status.ok.value, Status.partial.value)


def iter_facts(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Every fact of ok/partial documents, by doc, kind (contract order), then insertion order.

    Files of the same name in different folders share a ``doc``: a fact repeated
    under one ``doc`` is exported once.
    """
    from .rows import CONTRACT_FIELDS  # builds the fact models: only when facts are read

    streams = [_kind_facts(con, rank, kind) for rank, kind in enumerate(TABLES)]
    seen: set[tuple] = set()
    for _, fact in heapq.merge(*streams, key=itemgetter(0)):
        key = _identity(fact, CONTRACT_FIELDS)
        if key not in seen:
            seen.add(key)
            yield fact


def _kind_facts(con: duckdb.DuckDBPyConnection, rank: int, kind: str) -> list[tuple[tuple, dict[str, Any]]]:
    from .rows import CONTRACT_FIELDS, EVIDENCE_FIELDS, plain_number

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


def _identity(fact: dict[str, Any], contract_fields: dict[str, tuple[str, ...]]) -> tuple:
    values = [fact[name] for name in contract_fields[fact["kind"]]]
    return (fact["doc"], fact["kind"], *(tuple(v) if isinstance(v, list) else v for v in values))


# ---------------------------------------------------------------- tables and views as files

EXPORT_FORMATS: dict[str, str] = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}
"""Export format -> file extension."""

_COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    comment: str


@dataclass(frozen=True)
class Relation:
    """A table or view of the warehouse with its documented columns."""

    name: str
    kind: str  # "table" or "view"
    comment: str
    columns: tuple[Column, ...]


def relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table, then every view, of the warehouse in the order schema.sql creates them (others last)."""
    found = con.execute(
        "SELECT table_name, 'table', coalesce(comment, '') FROM duckdb_tables() "
        "WHERE NOT internal AND schema_name = 'main' AND NOT temporary "
        "UNION ALL SELECT view_name, 'view', coalesce(comment, '') FROM duckdb_views() "
        "WHERE NOT internal AND schema_name = 'main' AND NOT temporary"
    ).fetchall()
    order = _creation_order()
    found.sort(key=lambda row: (row[1] != "table", order.get(row[0], len(order)), row[0]))
    columns: dict[str, list[Column]] = {}
    for table, name, data_type, comment in con.execute(
        "SELECT table_name, column_name, data_type, coalesce(comment, '') FROM duckdb_columns() "
        "WHERE NOT internal AND schema_name = 'main' ORDER BY table_oid, column_index"
    ).fetchall():
        columns.setdefault(table, []).append(Column(name, data_type, comment))
    return [Relation(name, kind, comment, tuple(columns.get(name, []))) for name, kind, comment in found]


@cache
def _creation_order() -> dict[str, int]:
    from .warehouse import _schema_sql

    created = re.findall(r"^CREATE (?:TABLE IF NOT EXISTS|OR REPLACE VIEW) (\w+)", _schema_sql(), flags=re.M)
    return {name: index for index, name in enumerate(created)}


def relation_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of every table and view, tables first."""
    return [relation.name for relation in relations(con)]


def export_relation(con: duckdb.DuckDBPyConnection, name: str, out: Path, fmt: str) -> int:
    """Write one table or view to ``out`` as parquet, csv (with header) or jsonl; returns the row count.

    The file is written beside ``out`` under a temporary name and renamed when complete,
    so a failed export never leaves a half-written file.
    """
    if fmt not in _COPY_OPTIONS:
        raise QueryFailed(f"unknown export format {fmt!r}: use one of {', '.join(_COPY_OPTIONS)}")
    names = relation_names(con)
    if name not in names:
        raise QueryFailed(f"no table or view named {name!r}; the warehouse has: {', '.join(names)}")
    try:
        count = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # reads the warehouse: its faults are its own
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot read {name} from the warehouse: {str(exc).splitlines()[0]}") from exc
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QueryFailed(f"cannot export {name} to {out}: {exc.strerror or exc}") from exc
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    literal = str(tmp).replace("'", "''")
    try:
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{literal}' ({_COPY_OPTIONS[fmt]})")
        os.replace(tmp, out)
    except duckdb.Error as exc:
        if isinstance(exc, (duckdb.IOException, duckdb.InternalException, duckdb.FatalException)) and str(tmp) not in str(exc):
            raise WarehouseError(f"cannot read {name} from the warehouse: {str(exc).splitlines()[0]}") from exc
        raise QueryFailed(f"cannot export {name} to {out}: {exc}") from exc
    except OSError as exc:
        raise QueryFailed(f"cannot export {name} to {out}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return count

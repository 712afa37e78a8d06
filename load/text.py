"""The text behind the evidence spans: each document's text page by page, and a PDF's word boxes.

Written with the document's other rows (same transaction) and read back to resolve a fact's
char_start/char_end to its words and their boxes on the page.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import TYPE_CHECKING, Any

import duckdb

from .tables import TEXT_TABLES  # noqa: F401 - also importable from here, as before

if TYPE_CHECKING:
    import pyarrow as pa

    from lscp.schemas import DocumentResult


@cache
def _schemas() -> tuple[pa.Schema, pa.Schema]:
    """The Arrow schemas of the pages and words rows, without their document id, which the INSERT gives once for
    all of a document's rows (pyarrow is loaded only when text is written)."""
    import pyarrow as pa

    pages = pa.schema(
        [("page", pa.int32()), ("char_start", pa.int32()), ("char_end", pa.int32()),
         ("text", pa.string()), ("width", pa.float64()), ("height", pa.float64())]
    )
    words = pa.schema(
        [("page", pa.int32()), ("char_start", pa.int32()), ("char_end", pa.int32()),
         ("x0", pa.float64()), ("y0", pa.float64()), ("x1", pa.float64()), ("y1", pa.float64())]
    )
    return pages, words


def insert_text(con: duckdb.DuckDBPyConnection, doc: str, result: DocumentResult) -> None:
    """Insert the result's pages and word boxes (the caller holds the transaction and deleted the old rows)."""
    if not result.page_texts and not result.words:
        return  # a failed document: no text, and no need of pyarrow
    import pyarrow as pa

    pages_schema, words_schema = _schemas()
    if result.page_texts:
        pages = result.page_texts
        table = pa.Table.from_arrays(
            [
                pa.array([p.page for p in pages], pa.int32()),
                pa.array([p.char_start for p in pages], pa.int32()),
                pa.array([p.char_end for p in pages], pa.int32()),
                pa.array([p.text for p in pages], pa.string()),
                pa.array([p.width for p in pages], pa.float64()),
                pa.array([p.height for p in pages], pa.float64()),
            ],
            schema=pages_schema,
        )
        _insert(con, "pages", table, doc)
    if result.words:
        _insert(con, "words", _word_columns(result.words, words_schema), doc)


def _word_columns(words: list, schema: pa.Schema) -> pa.Table:
    """The word boxes as Arrow columns.

    A report has hundreds of thousands of words: they are laid flat into one float64 array in one pass (the
    page and character positions are integers far below 2**53, so exact) and cut into columns, instead of
    being transposed through Python lists, which took most of the time a document took to write."""
    import numpy
    import pyarrow as pa

    flat = numpy.fromiter(itertools.chain.from_iterable(words), dtype=numpy.float64, count=7 * len(words)).reshape(-1, 7)
    return pa.Table.from_arrays(
        [pa.array(flat[:, i].astype(numpy.int32)) for i in range(3)] + [pa.array(numpy.ascontiguousarray(flat[:, i])) for i in range(3, 7)],
        schema=schema,
    )


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table, document_id: str) -> None:
    """Insert ``table``'s rows into ``name``, each with ``document_id``."""
    _lscp_incoming_text = table  # noqa: F841 - read by name in the statement (DuckDB's replacement scan), no view
    columns = ", ".join(table.column_names)
    con.execute(f"INSERT INTO {name} (document_id, {columns}) SELECT ?, {columns} FROM _lscp_incoming_text", [document_id])


def page_texts(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[dict[str, Any]]:
    """The pages of the given documents, in page order."""
    cursor = con.execute(
        "SELECT document_id, page, char_start, char_end, text, width, height FROM pages "
        "WHERE list_contains(?::VARCHAR[], document_id) ORDER BY document_id, page",
        [document_ids],
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def word_boxes(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[tuple]:
    """(document_id, page, char_start, char_end, x0, y0, x1, y1) of every word of the given documents, in text order."""
    return con.execute(
        "SELECT document_id, page, char_start, char_end, x0, y0, x1, y1 FROM words "
        "WHERE list_contains(?::VARCHAR[], document_id) ORDER BY document_id, char_start",
        [document_ids],
    ).fetchall()

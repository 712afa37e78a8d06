#!/usr/bin/env python3
"""Parity of the DOCX reader: facts read from a report written as a .docx against the facts read from its text.

Each source is read with the project's own readers and written again with python-docx: markdown `#`
headings as Heading N, list items in the List Bullet style, tab-separated rows as Word tables, the rest
as paragraphs, with a running header and footer that the reader must leave out. The facts the pipeline
extracts from the text are the answers; the facts from the .docx are scored against them with the
contract's scoring rules.

    python scripts/docx_parity.py                 # the corpus in ../shared/corpus
    python scripts/docx_parity.py SRC... [--keep DIR] [--detail] [--floor 0.97]

Prints the F1 of every fact kind and overall and the documents below 1.0; exits 1 under --floor.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import docx  # noqa: E402

from lscp.evaluate import format_detail, format_table, score  # noqa: E402
from lscp.extract import read_document  # noqa: E402
from lscp.schemas import FACT_MODELS, BlockKind  # noqa: E402
from pdf_parity import DEFAULT_SOURCES, facts_of, sources_in  # noqa: E402

FLOOR = 0.97
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters an XML document cannot hold


def _xml(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def write_docx(src: Path, out: Path) -> Path:
    """Write `src` (text, markdown or HTML) as a .docx of the same blocks; return the path written."""
    document = read_document(src)
    word = docx.Document()
    section = word.sections[0]
    section.header.paragraphs[0].text = f"{src.stem} - Annual Report"
    section.footer.paragraphs[0].text = "Page 1 of 1 - Safeguarding Children Partnership"
    for block in document.blocks:
        text = _xml(document.block_text(block))
        if block.kind is BlockKind.heading:
            word.add_heading(text, level=min(max(block.level or 1, 1), 9))
        elif block.kind is BlockKind.list_item:
            word.add_paragraph(text, style="List Bullet")
        elif block.kind is BlockKind.table and block.rows:
            width = max(len(row) for row in block.rows)
            table = word.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for row, cells in zip(block.rows, table.rows):
                for value, cell in zip(row, cells.cells):
                    cell.text = _xml(value)
        else:
            word.add_paragraph(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    word.save(str(out))
    return out


def parity(sources: list[Path], workdir: Path):
    """The score of all sources' .docx facts against their text facts, and each document's F1."""
    extracted_all, answers_all, per_document = [], [], {}
    for src in sources:
        answers = [{"doc": src.stem, "kind": "covers", "kinds": list(FACT_MODELS)}, *facts_of(src)]
        extracted = facts_of(write_docx(src, workdir / f"{src.stem}.docx"))
        per_document[src.name] = score(extracted, answers).overall.f1
        extracted_all += extracted
        answers_all += answers
    return score(extracted_all, answers_all), per_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, default=[DEFAULT_SOURCES])
    parser.add_argument("--keep", type=Path, help="keep the .docx files in this folder")
    parser.add_argument("--detail", action="store_true", help="list the facts the .docx files miss or add")
    parser.add_argument("--floor", type=float, default=FLOOR)
    args = parser.parse_args(argv)
    sources = sources_in(args.sources)
    if not sources:
        parser.error("no .txt, .md or .html sources found")
    with tempfile.TemporaryDirectory(prefix="lscp-docx-parity-") as tmp:
        report, per_document = parity(sources, args.keep or Path(tmp))
    print(f"## docx: F1 {report.overall.f1:.3f} over {len(sources)} documents\n")
    print(format_table(report))
    for name, f1 in sorted(((n, f) for n, f in per_document.items() if f < 1.0), key=lambda item: item[1]):
        print(f"  {name}: {f1:.3f}")
    if args.detail:
        print(format_detail(report))
    print(f"\ndocx parity F1 {report.overall.f1:.3f} (floor {args.floor:.2f})")
    return 0 if report.overall.f1 >= args.floor else 1


if __name__ == "__main__":
    raise SystemExit(main())

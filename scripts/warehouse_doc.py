"""Rewrite the column tables of docs/warehouse.md from the column comments in load/schema.sql.

Each table or view in the document has a block

    <!-- columns: NAME -->
    | column | type | description |
    ...
    <!-- /columns -->

whose rows this script regenerates from a fresh warehouse's catalogue, so that the schema's
comments are the single source of the column descriptions.

    .venv/bin/python scripts/warehouse_doc.py          # rewrite the blocks
    .venv/bin/python scripts/warehouse_doc.py --check  # exit 1 when the document is out of date

tests/test_docs.py runs the check.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "warehouse.md"
BLOCK = re.compile(r"(<!-- columns: (?P<name>\w+) -->\n)(?P<body>.*?)(<!-- /columns -->)", re.S)


def current_relations() -> list:
    """Tables and views of a new, empty warehouse, with their column types and comments."""
    sys.path.insert(0, str(ROOT))
    from lscp import load

    with tempfile.TemporaryDirectory(prefix="lscp-doc-") as folder:
        warehouse = load.Warehouse(Path(folder) / "empty.duckdb")
        try:
            return warehouse.relations()
        finally:
            warehouse.close()


def column_table(relation) -> str:
    lines = ["| column | type | description |", "|---|---|---|"]
    for column in relation.columns:
        description = column.comment.replace("|", "\\|")
        lines.append(f"| `{column.name}` | {column.data_type} | {description} |")
    return "\n".join(lines) + "\n"


def render(text: str, relations: list) -> tuple[str, list[str]]:
    """The document with every column block regenerated, and the problems found (unknown or missing names)."""
    by_name = {relation.name: relation for relation in relations}
    problems: list[str] = []
    seen: set[str] = set()

    def replace(match: re.Match) -> str:
        name = match.group("name")
        seen.add(name)
        if name not in by_name:
            problems.append(f"docs/warehouse.md has a column block for {name!r}, which the warehouse does not have")
            return match.group(0)
        return match.group(1) + column_table(by_name[name]) + match.group(4)

    rendered = BLOCK.sub(replace, text)
    problems += [
        f"docs/warehouse.md has no column block for the {relation.kind} {relation.name!r}"
        for relation in relations
        if relation.name not in seen
    ]
    return rendered, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when the document is out of date")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    rendered, problems = render(text, current_relations())
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.check:
        if rendered != text:
            print("docs/warehouse.md is out of date: run scripts/warehouse_doc.py", file=sys.stderr)
            return 1
        return 1 if problems else 0
    if rendered != text:
        DOC.write_text(rendered, encoding="utf-8")
        print(f"rewrote the column tables of {DOC}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

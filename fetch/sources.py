"""Reading the list of report links from a CSV file."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

from .models import Source

REQUIRED_COLUMNS = ("partnership", "url")


def read_sources(path: str | Path) -> list[Source]:
    """Read sources from a CSV with at least the columns `partnership` and `url`."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, strict=True)
        sources = []
        complete = 1  # lines read up to the end of the last complete record
        try:
            columns = _column_map(reader.fieldnames, path)
            for row in reader:
                source = _row_to_source(row, columns, path, reader.line_num)
                if source is not None:
                    sources.append(source)
                complete = reader.line_num
        except csv.Error as exc:  # an unclosed quote, a stray quote: the file is not what it seems
            raise ValueError(f"{path}, line {complete + 1}: not valid CSV from this line on ({exc})") from None
    return sources


def _column_map(fieldnames: list[str] | None, path: Path) -> dict[str, str]:
    """Map required column names to the header's spelling (case and spaces ignored)."""
    found = {name.strip().lower(): name for name in fieldnames or [] if name}
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise ValueError(f"{path}: header must contain columns {', '.join(REQUIRED_COLUMNS)}; missing {', '.join(missing)}")
    return {c: found[c] for c in REQUIRED_COLUMNS}


def _row_to_source(row: dict, columns: dict[str, str], path: Path, line: int) -> Source | None:
    """Turn one CSV row into a Source; None for a row with nothing in it."""
    url = (row.get(columns["url"]) or "").strip()
    partnership = (row.get(columns["partnership"]) or "").strip()
    if not url and not partnership and not any((value or "").strip() for value in row.values() if isinstance(value, str)):
        return None
    if not url:
        raise ValueError(f"{path}, line {line}: no url for {partnership or 'this row'!r}")
    if not partnership:
        raise ValueError(f"{path}, line {line}: partnership is empty for {url!r}")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{path}, line {line}: url must be an http or https address, got {url!r}")
    return Source(partnership=partnership, url=url)

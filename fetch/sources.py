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
        reader = csv.DictReader(handle)
        columns = _column_map(reader.fieldnames, path)
        sources = []
        for row in reader:
            source = _row_to_source(row, columns, path, reader.line_num)
            if source is not None:
                sources.append(source)
    return sources


def _column_map(fieldnames: list[str] | None, path: Path) -> dict[str, str]:
    """Map required column names to the header's spelling (case and spaces ignored)."""
    found = {name.strip().lower(): name for name in fieldnames or [] if name}
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise ValueError(f"{path}: header must contain columns {', '.join(REQUIRED_COLUMNS)}; missing {', '.join(missing)}")
    return {c: found[c] for c in REQUIRED_COLUMNS}


def _row_to_source(row: dict, columns: dict[str, str], path: Path, line: int) -> Source | None:
    """Turn one CSV row into a Source; None for rows without a url."""
    url = (row.get(columns["url"]) or "").strip()
    if not url:
        return None
    partnership = (row.get(columns["partnership"]) or "").strip()
    if not partnership:
        raise ValueError(f"{path}, line {line}: partnership is empty for {url!r}")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{path}, line {line}: url must be an http or https address, got {url!r}")
    return Source(partnership=partnership, url=url)

"""The per-destination record of validators (ETag, Last-Modified) used for conditional requests."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

STATE_FILE = ".lscp-fetch-state.json"
SAVE_EVERY = 50  # remembered sources between writes of the state file; the rest is written by flush()


class FetchState:
    """Validators and saved paths per source URL, kept in `dest/.lscp-fetch-state.json`."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.path = dest / STATE_FILE
        self.entries: dict[str, dict] = _load(self.path)
        self._unsaved = 0

    def conditional_headers(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for a URL whose saved file still exists."""
        entry = self.entries.get(url) or {}
        if not entry.get("path") or not (self.dest / entry["path"]).is_file():
            return {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def saved_path(self, url: str) -> str | None:
        """The file recorded for a URL, relative to dest."""
        return (self.entries.get(url) or {}).get("path")

    def remember(self, url: str, **fields: str | None) -> None:
        """Record fields for a URL; the state file is written every SAVE_EVERY records and by flush().

        Writing it after every download made a run over n new sources cost n writes of an n-entry
        file. A run killed between writes only loses validators: those sources are fetched in full
        once more, and an identical body is recognised as unchanged."""
        self.entries[url] = {k: v for k, v in fields.items() if v is not None}
        self._unsaved += 1
        if self._unsaved >= SAVE_EVERY:
            self.save()

    def failed(self, url: str) -> int:
        """Count one more failed fetch in a row for the URL; returns the count."""
        entry = self.entries.setdefault(url, {})
        entry["failures"] = int(entry.get("failures", 0)) + 1
        self._unsaved += 1
        return entry["failures"]

    def succeeded(self, url: str) -> None:
        """The URL was fetched (or found unchanged): its count of failures in a row starts again."""
        entry = self.entries.get(url)
        if entry and entry.pop("failures", None) is not None:
            self._unsaved += 1

    def flush(self) -> None:
        """Write the state file if anything was remembered since it was last written."""
        if self._unsaved:
            self.save()

    def save(self) -> None:
        """Write the state atomically (temp file in dest, then os.replace)."""
        fd, tmp = tempfile.mkstemp(dir=self.dest, prefix=".lscp-fetch-state.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle, indent=2, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            self._unsaved = 0
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _load(path: Path) -> dict[str, dict]:
    """Read a state file; a missing or unreadable one counts as empty."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}

"""Moving a finished download into place without overwriting earlier versions."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .names import versioned_name

CHUNK = 1024 * 1024


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's content."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_inside(path: Path, root: Path) -> Path:
    """Return `path` resolved, or raise ValueError if it escapes `root`."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write outside {root}: {path}")
    return resolved


def remove_partial_downloads(root: Path, prefix: str, suffix: str) -> list[Path]:
    """Delete the temporary files (`prefix*suffix`) that a download stopped midway left under `root`, such as one
    killed by a signal; returns them. Only for a caller that holds the folder's fetch lock: no download runs."""
    removed = []
    for leftover in sorted(root.rglob(f"{prefix}*{suffix}")):
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def place(tmp: Path, target: Path, sha256: str, root: Path) -> tuple[Path, str]:
    """Move `tmp` to `target`, keeping any different earlier file; returns (path, status)."""
    target = ensure_inside(target, root)
    if not target.exists():
        os.replace(tmp, target)
        return target, "new"
    if file_sha256(target) == sha256:
        tmp.unlink()
        return target, "unchanged"
    version = ensure_inside(target.with_name(versioned_name(target.name, sha256)), root)
    if version.exists() and file_sha256(version) == sha256:
        tmp.unlink()
        return version, "unchanged"
    os.replace(tmp, version)
    return version, "new_version"

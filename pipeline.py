"""The one place that knows the order of the stages: read, tag, normalise, validate, load."""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import ValidationError

import extract
import load
import normalise
from schemas import DocumentResult, Rejection, StageError, Status, fact_adapter

PACKAGE_VERSION = "0.1.0"


@cache
def extractor_version() -> str:
    """The code version plus a digest of every rule and reference file: a change to either re-extracts."""
    digest = hashlib.sha256()
    for package, folder in (("extract", "patterns"), ("normalise", "data"), ("schemas", "data")):
        root = resources.files(package).joinpath(folder)
        for item in sorted(root.iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    try:
        version = metadata.version("lscp")
    except metadata.PackageNotFoundError:
        version = PACKAGE_VERSION
    return f"{version}+{extract.PATTERN_SET}.{digest.hexdigest()[:10]}"


@cache
def tagger() -> extract.Tagger:
    data = extract.TaggerData(
        organisations=tuple(normalise.organisation_surface_forms()),
        areas=tuple(normalise.area_surface_forms()),
    )
    return extract.Tagger(data)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _failed(path: Path, stage: str, reason: str, started: datetime, **known) -> DocumentResult:
    return DocumentResult(
        path=str(path), doc_id=path.stem, status=Status.failed, stage=stage, error=reason,
        started_at=started, finished_at=_now(), **known,
    )


def process_file(path: Path) -> DocumentResult:
    """Run one file through every stage but loading; never raises for a bad file."""
    started = _now()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path, "read", f"cannot read file: {exc.strerror or exc}", started)
    known = {"sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data), "media_type": extract.media_type_for(path)}
    try:
        document = extract.read_document(path, data)
    except StageError as exc:
        return _failed(path, exc.stage, exc.reason, started, **known)
    except Exception as exc:  # a reader library failing in a way it does not document
        return _failed(path, "extract", f"unreadable file ({type(exc).__name__}: {exc})", started, **known)
    try:
        mentions = tagger().tag(document)
        candidates, rejections = normalise.to_candidates(mentions)
    except Exception as exc:
        return _failed(path, "tag", f"tagging failed ({type(exc).__name__}: {exc})", started, **known)
    facts, rejected = validate(candidates)
    status = Status.partial if document.needs_ocr else Status.ok
    return DocumentResult(
        path=str(path), doc_id=document.doc_id, sha256=document.sha256, media_type=document.media_type,
        size_bytes=len(data), pages=len(document.pages), needs_ocr=document.needs_ocr, status=status,
        warnings=document.warnings, started_at=started, finished_at=_now(), facts=facts,
        rejections=rejections + rejected,
    )


def validate(candidates: Iterable[normalise.Candidate]) -> tuple[list[dict], list[Rejection]]:
    """Check every candidate against its pydantic model; keep the first of equal facts, record the rest as reasons."""
    facts: list[dict] = []
    rejections: list[Rejection] = []
    seen: set[tuple] = set()
    for kind, fields, mention in candidates:
        try:
            fact = fact_adapter.validate_python({"kind": kind, **fields, "evidence": mention.evidence()})
        except ValidationError as exc:
            reason = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or kind}: {e['msg']}" for e in exc.errors())
            rejections.append(Rejection(kind=kind, reason=reason, candidate=fields, evidence=mention.evidence()))
            continue
        key = fact.key()
        if key in seen:
            continue
        seen.add(key)
        facts.append(fact.model_dump(mode="json"))
    return facts, rejections


# ---------------------------------------------------------------- batches


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files under the given paths (folders recursively, hidden files skipped); and the paths that do not exist."""
    found: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            missing.append(str(path))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, missing


@dataclass
class IngestSummary:
    processed: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    pruned: int = 0
    facts: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def plan(con, files: list[Path], *, retry_failed: bool = False) -> tuple[list[Path], int]:
    """Which files need work: new, changed, extracted by another version, or (when asked) failed before."""
    version = extractor_version()
    todo, skipped = [], 0
    for path in files:
        sha, stored_version, status = load.previous_state(con, str(path))
        if sha is not None and sha == _file_sha256(path) and stored_version == version and not (retry_failed and status == "failed"):
            skipped += 1
        else:
            todo.append(path)
    return todo, skipped


def _results(files: list[Path], workers: int) -> Iterator[DocumentResult]:
    if workers <= 1 or len(files) <= 1:
        for path in files:
            yield process_file(path)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        yield from pool.map(process_file, files, chunksize=1)


def _warm() -> None:
    tagger().nlp  # build the spaCy pipeline once per worker process


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    *,
    workers: int | None = None,
    retry_failed: bool = False,
    prune: bool = False,
    on_result: Callable[[DocumentResult | None], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Process every new or changed file and write each one's rows in its own transaction."""
    began = time.perf_counter()
    files, _ = discover(paths)
    summary = IngestSummary()
    con = load.connect(db_path)
    try:
        if prune:
            summary.pruned = len(load.forget_missing(con, {str(p) for p in files} | _stored_still_present(con)))
        todo, summary.skipped = plan(con, files, retry_failed=retry_failed)
        if on_plan:
            on_plan(len(todo))
        version = extractor_version()
        for result in _results(todo, workers or os.cpu_count() or 1):
            load.write_document(con, result, extractor_version=version)
            summary.processed += 1
            summary.facts += len(result.facts)
            if result.status is Status.failed:
                summary.failed += 1
                summary.failures.append((result.path, f"{result.stage}: {result.error}"))
            elif result.status is Status.partial:
                summary.partial += 1
            else:
                summary.ok += 1
            if on_result:
                on_result(result)
    finally:
        con.close()
    summary.seconds = time.perf_counter() - began
    return summary


def _stored_still_present(con) -> set[str]:
    """Stored paths that still exist on disk (kept by --prune even when outside this run's folders)."""
    rows = con.execute("SELECT path FROM documents").fetchall()
    return {path for (path,) in rows if Path(path).exists()}

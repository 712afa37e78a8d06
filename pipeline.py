"""The one place that knows the order of the stages: read, tag, normalise, validate, load."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import signal
import threading
import time
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import ValidationError

from lscp import audit
from lscp import extract
from lscp import load
from lscp import normalise
from lscp import report
from lscp import tag
from lscp.schemas import Document, DocumentResult, PageText, Rejection, StageError, Status, fact_adapter
from lscp.schemas.audit import AuditRow

PACKAGE_VERSION = "0.1.0"


@cache
def extractor_version() -> str:
    """The code version plus a digest of every rule and reference file: a change to either re-extracts."""
    digest = hashlib.sha256()
    for package, folder in (("lscp.tag", "patterns"), ("lscp.normalise", "data"), ("lscp.schemas", "data"), ("lscp.audit", "data")):
        root = resources.files(package).joinpath(folder)
        for item in sorted(root.iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    try:
        version = metadata.version("lscp")
    except metadata.PackageNotFoundError:
        version = PACKAGE_VERSION
    return f"{version}+{tag.PATTERN_SET}.{digest.hexdigest()[:10]}"


@cache
def tagger() -> tag.Tagger:
    data = tag.TaggerData(
        organisations=tuple(normalise.organisation_surface_forms()),
        areas=tuple(normalise.area_surface_forms()),
    )
    return tag.Tagger(data)


@contextlib.contextmanager
def settled(files: Iterable[Path] = ()) -> Iterator[None]:
    """Build what every document uses (the spaCy pipeline, the registers, the PDF table finder when ``files``
    holds PDFs) and keep it out of the garbage collector's sight while the block runs.

    The pipeline is about 100,000 long-lived Python objects. Every full collection would walk all of them again
    (about a tenth of the time of a batch), and in forked workers the walk would copy every memory page it
    touches. Frozen, they are left alone; objects made inside the block are collected as usual. (No collection
    runs first: building leaves a few dozen unreachable objects, and a full pass would cost more than they do.)
    """
    tagger().nlp
    normalise.load_register()
    if any(extract.media_type_for(path) == "application/pdf" for path in files):
        extract.load_table_finder()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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
    audited = audit_rows(document, facts)
    status = Status.partial if document.needs_ocr else Status.ok
    return DocumentResult(
        path=str(path), doc_id=document.doc_id, sha256=document.sha256, media_type=document.media_type,
        size_bytes=len(data), pages=len(document.pages), needs_ocr=document.needs_ocr, status=status,
        warnings=document.warnings, started_at=started, finished_at=_now(), facts=facts,
        rejections=rejections + rejected, audit=audited, **text_behind_spans(document),
    )


def audit_rows(document: Document, facts: list[dict]) -> list[AuditRow]:
    """The statutory audit of an annual report (one row per requirement); nothing for other documents.

    The audit reads what is already extracted: a rule failing here leaves the document's facts loaded and
    says so in its warnings."""
    if not audit.is_annual_report(facts):
        return []
    try:
        return audit.audit_document(document, facts)
    except Exception as exc:  # never lose a document's facts to its audit
        document.warnings.append(f"audit failed ({type(exc).__name__}: {exc})")
        return []


def text_behind_spans(document) -> dict:
    """The DocumentResult fields that keep the document's text page by page, and a PDF's word boxes, so that
    evidence offsets can be resolved to words and drawn on their page."""
    pages = [
        PageText(page=p.number, char_start=p.start, char_end=p.end, text=document.text[p.start : p.end], width=p.width, height=p.height)
        for p in document.pages
    ]
    return {"page_texts": pages, "words": document.words}


def validate(candidates: Iterable[normalise.Candidate]) -> tuple[list[dict], list[Rejection]]:
    """Check every candidate against its pydantic model; keep the first of equal facts, record the rest as reasons."""
    facts: list[dict] = []
    rejections: list[Rejection] = []
    seen: set[tuple] = set()
    for kind, fields, mention in candidates:
        evidence = mention.evidence()
        evidence.confidence = normalise.confidence(kind, evidence.rule, fields)
        try:
            fact = fact_adapter.validate_python({"kind": kind, **fields, "evidence": evidence})
        except ValidationError as exc:
            reason = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or kind}: {e['msg']}" for e in exc.errors())
            rejections.append(Rejection(kind=kind, reason=reason, candidate=fields, evidence=evidence))
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

    def count(self, result: DocumentResult) -> None:
        """Add one processed document's outcome."""
        self.processed += 1
        self.facts += len(result.facts)
        if result.status is Status.failed:
            self.failed += 1
            self.failures.append((result.path, f"{result.stage}: {result.error}"))
        elif result.status is Status.partial:
            self.partial += 1
        else:
            self.ok += 1


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


MTIME_MARGIN_NS = 2_000_000_000
"""A file's size and modification time are trusted to mean "unchanged" only when the file was last
modified at least this long before its content was last checked, so that a write in the same
timestamp tick as the check (coarse file-system clocks) cannot go unnoticed."""


def plan(warehouse: load.Warehouse, files: list[Path], *, retry_failed: bool = False) -> tuple[list[Path], int]:
    """Which files need work: new, changed, extracted by another version, or (when asked) failed before.

    A stored file whose size and modification time are unchanged since its content was checked is
    skipped without reading it; otherwise its sha256 decides, and an unchanged file's size, time
    and check time are recorded so that the next run can skip it without reading.
    """
    version = extractor_version()
    stored = warehouse.stored_files()
    todo: list[Path] = []
    skipped = 0
    confirmed: list[tuple[str, int, int, datetime]] = []
    for path in files:
        entry = stored.get(str(path.resolve()))
        if (
            entry is None
            or entry.sha256 is None
            or entry.extractor_version != version
            or (retry_failed and entry.status == "failed")
        ):
            todo.append(path)
            continue
        try:
            stat = path.stat()
        except OSError:
            todo.append(path)
            continue
        if _unchanged_by_stat(entry, stat):
            skipped += 1
            continue
        checked = _now()
        if _file_sha256(path) == entry.sha256:
            skipped += 1
            confirmed.append((str(path), stat.st_size, stat.st_mtime_ns, checked))
        else:
            todo.append(path)
    warehouse.confirm_unchanged(confirmed)
    return todo, skipped


def _unchanged_by_stat(entry: load.StoredFile, stat: os.stat_result) -> bool:
    return (
        entry.size_bytes == stat.st_size
        and entry.mtime_ns == stat.st_mtime_ns
        and entry.checked_at_ns is not None
        and stat.st_mtime_ns <= entry.checked_at_ns - MTIME_MARGIN_NS
    )


DEFAULT_TIMEOUT = 300.0
"""Seconds one document may take before it is stopped and recorded as failed."""


def _results(files: list[Path], workers: int, timeout: float | None) -> Iterator[DocumentResult]:
    """One result per file, as each is ready; a document over the time limit, or whose worker dies, is a
    failed result. With several workers the largest files start first, so no long document is left to run
    alone at the end."""
    if workers <= 1 or len(files) <= 1:
        for path in files:
            yield _with_alarm(path, timeout)
        return
    from pebble import ProcessExpired, ProcessPool  # pebble stops a worker that overruns its task's time limit

    # the caller has settled the pipeline: the forked workers inherit it instead of each building their own
    with ProcessPool(max_workers=workers, initializer=_warm) as pool:
        scheduled = {
            pool.schedule(process_file, args=(path,), timeout=timeout): path for path in sorted(files, key=_size, reverse=True)
        }
        for future in as_completed(scheduled):
            path = scheduled[future]
            try:
                yield future.result()
            except TimeoutError:
                yield _failed(path, "timeout", _timeout_reason(timeout), _now())
            except ProcessExpired as exc:
                yield _failed(path, "extract", f"worker process died while reading the file (exit code {exc.exitcode})", _now())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _timeout_reason(timeout: float | None) -> str:
    return f"stopped after the per-document time limit of {timeout:g} s"


class _Overrun(BaseException):
    """Raised by the alarm; a BaseException so that no stage's own error handling swallows it."""


def _with_alarm(path: Path, timeout: float | None) -> DocumentResult:
    """One document in this process, stopped by SIGALRM at the time limit (where the platform has it)."""
    if not timeout or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return process_file(path)
    started = _now()

    def overrun(signum, frame):
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return process_file(path)
    except _Overrun:
        return _failed(path, "timeout", _timeout_reason(timeout), started)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _warm() -> None:
    tagger().nlp  # build the spaCy pipeline once per worker process


def ingest(
    files: Iterable[Path],
    db_path: Path,
    *,
    workers: int | None = None,
    retry_failed: bool = False,
    prune: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    on_result: Callable[[DocumentResult | None], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    results: Callable[[list[Path], float | None], Iterable[DocumentResult]] | None = None,
    write: bool = True,
) -> IngestSummary:
    """Process every new or changed file of ``files`` (as `discover` found them) and write each one's rows in
    its own transaction.

    ``results(todo, timeout)`` replaces the local process pool (`lscp.executors` runs the files on Dask); it
    prepares its own workers, so this process does not build the tagging pipeline. ``write=False`` counts
    the results without writing them (they were staged to files by the workers, for `lscp load`)."""
    began = time.perf_counter()
    files = list(files)
    summary = IngestSummary()
    # the writer inserts a few hundred rows at a time: DuckDB's thread pool would cost more than it gains,
    # and its threads would take turns on the cores the workers read with
    with load.Warehouse(db_path, threads=1) as warehouse:
        if prune:
            present = {path for path in warehouse.stored_paths() if Path(path).exists()}  # kept even outside this run's folders
            summary.pruned = len(warehouse.forget_missing({str(p) for p in files} | present))
        todo, summary.skipped = plan(warehouse, files, retry_failed=retry_failed)
        if on_plan:
            on_plan(len(todo))
        version = extractor_version()
        local = results is None
        produce = results or (lambda todo, timeout: _results(todo, workers or os.cpu_count() or 1, timeout))
        with settled(todo) if todo and local else contextlib.nullcontext():
            for result in produce(todo, timeout):
                if write:
                    warehouse.write_document(result, extractor_version=version)
                summary.count(result)
                if on_result:
                    on_result(result)
    summary.seconds = time.perf_counter() - began
    return summary


# ---------------------------------------------------------------- the report site and `lscp show`


def report_data(warehouse: load.Warehouse, document_ids: Iterable[str] | None = None) -> report.SiteData:
    """The warehouse's rows the report stage shows: documents, facts, the comparable views, and the text
    behind the facts (pages, word boxes). ``document_ids`` limits documents, facts and text to those."""
    wanted = None if document_ids is None else set(document_ids)

    def keep(rows: list[dict]) -> list[dict]:
        return rows if wanted is None else [r for r in rows if r.get("document_id") in wanted]

    documents = keep(warehouse.records("documents"))
    ids = [d["document_id"] for d in documents]
    words: dict[str, list[tuple]] = {}
    for row in warehouse.word_boxes(ids):
        words.setdefault(row[0], []).append(row)
    pages: dict[str, list[dict]] = {}
    for row in warehouse.page_texts(ids):
        pages.setdefault(row["document_id"], []).append(row)
    whole = wanted is None
    return report.SiteData(
        documents=documents,
        facts={kind: keep(warehouse.records(table)) for kind, table in load.TABLES.items()},
        partnership_reports=warehouse.records("partnership_reports") if whole else [],
        figures_comparable=warehouse.records("figures_comparable") if whole else [],
        funding=warehouse.records("funding") if whole else [],
        funding_by_type=warehouse.records("funding_by_type") if whole else [],
        reviews_comparable=warehouse.records("reviews_comparable") if whole else [],
        priorities_comparable=warehouse.records("priorities_comparable") if whole else [],
        pages=pages,
        words=words,
    )


def build_report(db_path: Path, out: Path) -> report.SiteSummary:
    """Read the warehouse (read-only) and write the report site into ``out``."""
    began = time.perf_counter()
    with load.Warehouse(db_path, read_only=True) as warehouse:
        data = report_data(warehouse)
    summary = report.build_site(data, out)
    summary.seconds = time.perf_counter() - began
    return summary

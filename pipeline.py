"""The one place that knows the order of the stages: read, tag, normalise, validate, load."""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import hashlib
import itertools
import os
import re
import signal
import stat as stat_module
import threading
import time
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pydantic import ValidationError

from lscp import load
from lscp.lazy import LazyModule, import_now
from lscp.procs import die_with_parent
from lscp.schemas import Document, DocumentResult, PageText, Rejection, StageError, Status, fact_adapter
from lscp.schemas.audit import AuditRow

# The stages that read a document (spaCy, the PDF readers, the site builder) are imported when a document is first
# read, not here: a run that finds every file unchanged never needs them.
audit = LazyModule("lscp.audit")
extract = LazyModule("lscp.extract")
normalise = LazyModule("lscp.normalise")
view = LazyModule("lscp.view")
tag = LazyModule("lscp.tag")

PACKAGE_VERSION = "0.1.0"


VERSIONED_DATA: tuple[tuple[str, str], ...] = (("tag", "patterns"), ("normalise", "data"), ("schemas", "data"), ("audit", "data"))
"""The folders of rule and reference files (stage, folder) whose content is part of the extractor version."""
VERSIONED_CODE: tuple[str, ...] = ("extract", "tag", "normalise", "schemas", "audit")
"""The packages whose code decides what is extracted from a file: their Python source is part of the version too."""


@cache
def extractor_version() -> str:
    """The code version plus a digest of every rule and reference file and of the code that reads files into
    facts: a change to any of them re-extracts, also a change to a rule written in code alone.

    Worked out without importing the stages: every run asks for it, also one that finds nothing to do."""
    try:
        version = metadata.version("lscp")
    except metadata.PackageNotFoundError:
        version = PACKAGE_VERSION
    return f"{version}+{pattern_set()}.{extractor_digest(resources.files('lscp'))[:10]}"


def extractor_digest(package) -> str:
    """sha256 over the rule and reference files and the extracting code under ``package`` (the lscp folder or
    any importlib Traversable with its layout), by relative name, in a fixed order."""
    digest = hashlib.sha256()
    for stage, folder in VERSIONED_DATA:
        root = package.joinpath(stage).joinpath(folder)
        for item in sorted(root.iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    for stage in VERSIONED_CODE:
        for name, item in _sources(package.joinpath(stage), stage):
            digest.update(name.encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()


def _sources(folder, prefix: str) -> list[tuple[str, object]]:
    """(relative name, file) of every .py file under ``folder``, sorted by name; compiled caches left out."""
    found: list[tuple[str, object]] = []
    if not folder.is_dir():
        return found
    for item in folder.iterdir():
        name = f"{prefix}/{item.name}"
        if item.is_dir() and item.name != "__pycache__":
            found += _sources(item, name)
        elif item.is_file() and item.name.endswith(".py"):
            found.append((name, item))
    return sorted(found, key=lambda pair: pair[0])


_PATTERN_SET = re.compile(r"""^PATTERN_SET\s*(?::\s*str\s*)?=\s*(["'])([^"'\\]*)\1\s*(?:#.*)?$""", re.MULTILINE)


def pattern_set() -> str:
    """`lscp.tag.PATTERN_SET`, read from the source of tag/nlp.py where it is a plain string, so that spaCy is not
    imported to learn it; from the module itself otherwise."""
    try:
        source = resources.files("lscp").joinpath("tag").joinpath("nlp.py").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        source = ""
    found = _PATTERN_SET.search(source)
    return found.group(2) if found else tag.PATTERN_SET


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
    touches. Frozen, they are left alone; objects made inside the block are collected, less often than by
    default (`settle_heap`). (No collection runs first: building leaves a few dozen unreachable objects, and a
    full pass would cost more than they do.)
    """
    import_now(extract, tag, normalise, audit)  # imported once here, shared by the forked workers
    extract.read_document  # noqa: B018 - and the readers, which the package imports at their first use
    build_shared(pdf=any(extract.media_type_for(path) == "application/pdf" for path in files))
    before = settle_heap()
    try:
        yield
    finally:
        unsettle_heap(before)


# A document makes hundreds of thousands of short-lived objects (word boxes, tokens, spans, validated facts).
# With Python's default first threshold (700 allocations) the collector ran about 2,000 times over 470 pages,
# 8% of the time; at 5,000 it runs about 250 times and takes 3%, and still frees a document's cycles within it.
COLLECTOR_THRESHOLDS = (5000, 10, 10)


def settle_heap() -> tuple[int, int, int]:
    """Freeze what exists now (the built pipeline) and collect the rest less often; return the thresholds
    before, for `unsettle_heap`."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    return before


def unsettle_heap(before: tuple[int, int, int]) -> None:
    gc.set_threshold(*before)
    gc.unfreeze()


def build_shared(*, pdf: bool) -> None:
    """Build what every document uses, once per process: the tagger's spaCy pipeline, the organisation register,
    the audit's matchers, and with ``pdf`` the PDF table finder."""
    tagger().nlp
    normalise.load_register()
    audit.prepare()
    if pdf:
        extract.load_table_finder()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _failed(path: Path, stage: str, reason: str, started: datetime, **known) -> DocumentResult:
    return DocumentResult(
        path=str(path), doc_id=path.stem, status=Status.failed, stage=stage, error=reason,
        started_at=started, finished_at=_now(), **known,
    )


MB = 1024 * 1024

DEFAULT_MAX_MB: dict[str, float] = {
    "application/pdf": 200.0,
    "text/html": 10.0,
    "text/markdown": 5.0,
    "text/plain": 5.0,
}
"""Largest file read, per format, in MiB. Published reports are far smaller (a 450-page PDF is a few MB, a council
page well under 1 MB); a text or HTML file above these limits would take minutes and gigabytes to read."""

DEFAULT_MEMORY_MB = 768
"""Memory one document may take on top of what the worker holds before reading it (a 600-page PDF takes about 175
MB): a PDF whose streams inflate to gigabytes fails alone instead of taking the machine's memory."""

DEFAULT_TIMEOUT = 300.0
"""Seconds one document may take before it is stopped and recorded as failed."""


@dataclass(frozen=True)
class Limits:
    """What one document may cost: time, file size, memory."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_file_mb: float | None = None
    """One size limit in MiB for every format; None: DEFAULT_MAX_MB per format; 0: no limit."""
    memory_mb: int | None = DEFAULT_MEMORY_MB
    """None or 0: no memory limit."""
    processes: int = 1
    """Processes a long PDF's pages may be read in, side by side: the batch's workers for a report that would
    otherwise run on one core alone at the end of a batch (``page_parts``)."""

    def max_bytes(self, media_type: str | None) -> int | None:
        if self.max_file_mb is not None:
            return int(self.max_file_mb * MB) if self.max_file_mb > 0 else None
        limit = DEFAULT_MAX_MB.get(media_type or "")
        return int(limit * MB) if limit else None

    def limit_text(self, media_type: str | None) -> str:
        limit = self.max_file_mb if self.max_file_mb is not None else DEFAULT_MAX_MB.get(media_type or "")
        return f"{limit:g} MB"


def memory_reason(limit_mb: int | None) -> str:
    return f"ran out of the per-document memory limit of {limit_mb} MB"


def _known(path: Path, media_type: str | None = None) -> dict:
    """sha256, size and media type of a file read in chunks: what a failed row keeps so that the next run skips the
    file while it is unchanged."""
    try:
        size = path.stat().st_size
    except OSError:
        return {"media_type": media_type or extract.media_type_for(path)}
    return {"sha256": _file_sha256(path), "size_bytes": size, "media_type": media_type or extract.media_type_for(path)}


def _not_a_file(path: Path, mode: int) -> str | None:
    """Why a path that is not a regular file cannot be read, or None for a regular file."""
    if stat_module.S_ISREG(mode):
        return None
    if stat_module.S_ISDIR(mode):
        try:
            os.listdir(path)
        except OSError as exc:
            return f"cannot read folder: {exc.strerror or exc}"
        return "is a folder"
    kinds = (
        (stat_module.S_ISFIFO, "a named pipe (fifo)"), (stat_module.S_ISCHR, "a character device"),
        (stat_module.S_ISBLK, "a block device"), (stat_module.S_ISSOCK, "a socket"),
    )  # fmt: skip
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file: {kind}"


def _regular_file(path: Path, media_type: str | None, started: datetime) -> os.stat_result | DocumentResult:
    """The file's stat, or the failed result of a path that is missing, unreadable or no regular file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return _failed(path, "read", f"cannot read file: {exc.strerror or exc}", started, media_type=media_type)
    problem = _not_a_file(path, info.st_mode)
    if problem:
        return _failed(path, "read", problem, started, media_type=media_type)
    return info


def _cannot_open(path: Path) -> DocumentResult | None:
    """The failed result of a path that cannot even be opened (a link loop, a pipe, no permission), found without a
    worker or the tagger, so that a run whose only work is such paths stays quick; None for a file to read."""
    started = _now()
    media_type = extract.media_type_for(path)
    info = _regular_file(path, media_type, started)
    if isinstance(info, DocumentResult):
        return info
    try:
        os.close(os.open(path, os.O_RDONLY))
    except OSError as exc:
        return _failed(path, "read", f"cannot read file: {exc.strerror or exc}", started, media_type=media_type)
    return None


def process_file(path: Path, limits: Limits | None = None) -> DocumentResult:
    """Run one file through every stage but loading; never raises for a bad file."""
    limits = limits or Limits()
    started = _now()
    try:
        return _process_file(path, limits, started)
    except MemoryError:
        gc.collect()
        return _failed(path, "memory", memory_reason(limits.memory_mb), started, **_known(path))


def _process_file(path: Path, limits: Limits, started: datetime) -> DocumentResult:
    media_type = extract.media_type_for(path)
    info = _regular_file(path, media_type, started)
    if isinstance(info, DocumentResult):
        return info
    limit = limits.max_bytes(media_type)
    if limit is not None and info.st_size > limit:
        return _failed(
            path, "size",
            f"file is {info.st_size / MB:.1f} MB, over the size limit of {limits.limit_text(media_type)} for "
            f"{media_type} files (--max-file-mb)",
            started, **_known(path, media_type),
        )  # fmt: skip
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path, "read", f"cannot read file: {exc.strerror or exc}", started, media_type=media_type)
    known = {"sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data), "media_type": media_type}
    try:
        document = extract.read_document(path, data, processes=limits.processes)
    except StageError as exc:
        return _failed(path, exc.stage, exc.reason, started, **known)
    except MemoryError:
        raise
    except Exception as exc:  # a reader library failing in a way it does not document
        return _failed(path, "extract", f"unreadable file ({type(exc).__name__}: {exc})", started, **known)
    del data
    try:
        tagged = tagger().read(document)
        mentions = tagger().tag(document, tagged=tagged)
        candidates, rejections = normalise.to_candidates(mentions)
    except MemoryError:
        raise
    except Exception as exc:
        return _failed(path, "tag", f"tagging failed ({type(exc).__name__}: {exc})", started, **known)
    facts, rejected = validate(candidates, document)
    audited = audit_rows(document, facts, tagged.docs)  # the blocks as the tagger tokenised them: read once
    del tagged
    status = Status.partial if document.needs_ocr else Status.ok
    return DocumentResult(
        path=str(path), doc_id=document.doc_id, sha256=document.sha256, media_type=document.media_type,
        size_bytes=known["size_bytes"], pages=len(document.pages), needs_ocr=document.needs_ocr, status=status,
        warnings=document.warnings, started_at=started, finished_at=_now(), facts=facts,
        rejections=rejections + rejected, audit=audited, **text_behind_spans(document),
    )


def audit_rows(document: Document, facts: list[dict], docs: Sequence | None = None) -> list[AuditRow]:
    """The statutory audit of an annual report (one row per requirement); nothing for other documents.

    The audit reads what is already extracted (``docs``: the blocks as the tagger tokenised them, one spaCy doc
    per block, which the audit's own tokeniser and sentence rule would make again): a rule failing here
    leaves the document's facts loaded and says so in its warnings."""
    if not audit.is_annual_report(facts):
        return []
    try:
        return audit.audit_document(document, facts, docs=docs)
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


def validate(candidates: Iterable[normalise.Candidate], document: Document | None = None) -> tuple[list[dict], list[Rejection]]:
    """Check every candidate against its pydantic model; keep the first of equal facts, record the rest as reasons.
    With the ``document``, evidence says whether its text was read by OCR (and is trusted less) and, in a DOCX,
    which paragraph holds it."""
    facts: list[dict] = []
    rejections: list[Rejection] = []
    seen: set[tuple] = set()
    for kind, fields, mention in candidates:
        evidence = mention.evidence()
        if document is not None and evidence.char_start is not None:
            evidence.ocr = document.ocr_at(evidence.char_start)
            evidence.paragraph = document.paragraph_at(evidence.char_start)
        evidence.confidence = normalise.confidence(kind, evidence.rule, fields, ocr=evidence.ocr)
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


NOT_REPORTS = ("README", "LICENSE", "LICENCE")
"""A folder's own README and licence files are not reports: they are read only when named explicitly."""


def discover(paths: Iterable[Path], *, exclude: Sequence[str] = ()) -> tuple[list[Path], list[str]]:
    """Every entry under the given paths that is not a folder (folders recursively, without following links to
    folders; hidden entries, a folder's README* and LICENSE* files and names matching an ``exclude`` glob skipped);
    and the paths that do not exist.

    Symbolic-link loops, broken links, unreadable files and folders, pipes and devices are listed too: each gets a
    failed row with its reason. Nothing is opened here, so a pipe cannot make discovery wait."""
    found: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            found += _walk(path, exclude)
        elif os.path.lexists(path):
            if not _excluded(path.name, str(path), exclude):
                found.append(path)
        else:
            missing.append(str(path))
    unique = list(dict.fromkeys(_absolute(p) for p in found))
    return unique, missing


def _walk(root: Path, exclude: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    unlistable: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=lambda exc: unlistable.append(Path(exc.filename))):
        base = Path(folder)
        relative = base.relative_to(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(d, str(relative / d), exclude))
        for name in files:
            if name.startswith(".") or name.upper().startswith(NOT_REPORTS):
                continue
            if not _excluded(name, str(relative / name), exclude):
                found.append(base / name)
    found += unlistable
    return sorted(found)


def _excluded(name: str, relative: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative, pattern) for pattern in patterns)


def _absolute(path: Path) -> Path:
    """The resolved path; a broken link or a link loop keeps its own name in its resolved folder."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path.parent.resolve() / path.name


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
        entry = stored.get(str(_absolute(path)))
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
        if not stat_module.S_ISREG(stat.st_mode):
            todo.append(path)  # a pipe or device is never hashed: reading it could wait for ever
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


def _results(files: list[Path], workers: int, limits: Limits) -> Iterator[DocumentResult]:
    """One result per file, as each is ready; a document over the time or memory limit, or whose worker dies, is a
    failed result. Each document is read in a worker process (also with one worker), so that a file which takes all
    the memory it may have, or crashes a reader library, fails alone. With several workers the largest files start
    first, so no long document is left to run alone at the end."""
    if not hasattr(os, "fork"):
        for path in files:
            yield _with_alarm(path, limits)
        return
    from pebble import ProcessExpired, ProcessPool  # pebble stops a worker that overruns its task's time limit

    ordered = sorted(((_size(path), path) for path in files), key=lambda pair: pair[0], reverse=True)
    total = sum(size for size, _ in ordered)
    # the caller has settled the pipeline: the forked workers inherit it instead of each building their own
    with ProcessPool(max_workers=max(1, min(workers, len(files))), initializer=_worker_setup, initargs=(os.getpid(), limits.memory_mb)) as pool:
        scheduled = {
            pool.schedule(process_file, args=(path, replace(limits, processes=page_parts(size, total - size, workers))), timeout=limits.timeout): path
            for size, path in ordered
        }
        try:
            for future in as_completed(scheduled):
                path = scheduled[future]
                try:
                    result = future.result()
                except TimeoutError:
                    result = _failed(path, "timeout", _timeout_reason(limits.timeout), _now(), **_known(path))
                except ProcessExpired as exc:
                    result = _failed(path, *_death_reason(exc.exitcode, limits.memory_mb), _now(), **_known(path))
                yield result
        except BaseException:  # the writer stopped (a warehouse fault, Ctrl-C): stop the workers, do not drain the queue
            pool.stop()
            raise


def page_parts(size: int, others: int, workers: int) -> int:
    """How many processes a long PDF of ``size`` bytes may have its pages read in, in a batch whose other files
    have ``others`` bytes: the workers when it is more than the other workers' share of the rest, so that it
    would be left running alone at the end; one otherwise, as reading in parts costs more work in all (the
    pages are sent between processes) and the other workers have as much to do meanwhile."""
    if workers <= 1:
        return 1
    return workers if size * (workers - 1) > others else 1


def _death_reason(exitcode: int | None, memory_mb: int | None) -> tuple[str, str]:
    """(stage, reason) for a worker that died reading a file."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if memory_mb and -exitcode in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL):
            return "memory", f"{memory_reason(memory_mb)} (the reader was stopped by {name})"
        return "extract", f"worker process died while reading the file ({name})"
    return "extract", f"worker process died while reading the file (exit code {exitcode})"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _timeout_reason(timeout: float | None) -> str:
    return f"stopped after the per-document time limit of {timeout:g} s"


class _Overrun(BaseException):
    """Raised by the alarm; a BaseException so that no stage's own error handling swallows it."""


def _with_alarm(path: Path, limits: Limits) -> DocumentResult:
    """One document in this process, stopped by SIGALRM at the time limit (where the platform has it)."""
    timeout = limits.timeout
    if not timeout or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return process_file(path, limits)
    started = _now()

    def overrun(signum, frame):
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return process_file(path, limits)
    except _Overrun:
        return _failed(path, "timeout", _timeout_reason(timeout), started, **_known(path))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- worker processes

_PARENT_ONLY: set[str] = set()
"""Lock files that only the parent may hold: a worker closes its inherited descriptors of them."""


def parent_only(path: Path | str, *, held: bool = True) -> None:
    """Say that the lock file ``path`` is held by this process alone (or no longer, with ``held=False``)."""
    name = os.path.realpath(path)
    if held:
        _PARENT_ONLY.add(name)
    else:
        _PARENT_ONLY.discard(name)


def _worker_setup(parent: int, memory_mb: int | None) -> None:
    """In each worker: die with the parent, let go of the parent's locks, cap memory, build the spaCy pipeline."""
    die_with_parent(parent)
    _close_parent_locks()
    if memory_mb:
        limit_memory(memory_mb)
    tagger().nlp


def _close_parent_locks() -> None:
    if not _PARENT_ONLY or not os.path.isdir("/proc/self/fd"):
        return
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") in _PARENT_ONLY:
                os.close(int(fd))
        except OSError:
            pass


def limit_memory(memory_mb: int) -> None:
    """Let this process's address space grow by at most ``memory_mb`` MiB from now on."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = current + memory_mb * MB
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no RLIMIT_AS: the time limit still applies


def ingest(
    files: Iterable[Path],
    db_path: Path,
    *,
    workers: int | None = None,
    retry_failed: bool = False,
    prune: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_file_mb: float | None = None,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    on_result: Callable[[DocumentResult | None], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    results: Callable[[list[Path], float | None], Iterable[DocumentResult]] | None = None,
    write: bool = True,
    warehouse: load.Warehouse | None = None,
) -> IngestSummary:
    """Process every new or changed file of ``files`` (as `discover` found them) and write each one's rows in
    its own transaction. ``timeout``, ``max_file_mb`` and ``memory_mb`` are the per-document limits (see Limits).

    ``results(todo, limits)`` replaces the local process pool (`lscp.executors` runs the files on Dask); it
    prepares its own workers, so this process does not build the tagging pipeline. ``write=False`` counts
    the results without writing them (they were staged to files by the workers, for `lscp load`). ``warehouse``:
    the caller's open warehouse at ``db_path`` (left open), instead of opening it here."""
    limits = Limits(timeout=timeout, max_file_mb=max_file_mb, memory_mb=memory_mb)
    began = time.perf_counter()
    files = list(files)
    summary = IngestSummary()
    # the writer inserts a few hundred rows at a time: DuckDB's thread pool would cost more than it gains,
    # and its threads would take turns on the cores the workers read with
    opened = contextlib.nullcontext(warehouse) if warehouse is not None else load.Warehouse(db_path, threads=1)
    with opened as warehouse:
        if prune:
            present = {path for path in warehouse.stored_paths() if os.path.lexists(path)}  # kept even outside this run's folders
            summary.pruned = len(warehouse.forget_missing({str(p) for p in files} | present))
        todo, summary.skipped = plan(warehouse, files, retry_failed=retry_failed)
        if on_plan:
            on_plan(len(todo))
        version = extractor_version()
        unreadable = [result for result in map(_cannot_open, todo) if result is not None]
        todo = [path for path in todo if str(path) not in {result.path for result in unreadable}]
        local = results is None
        produce = results or (lambda todo, limits: _results(todo, workers or os.cpu_count() or 1, limits))
        with settled(todo) if todo and local else contextlib.nullcontext():
            for result in itertools.chain(unreadable, produce(todo, limits) if todo else ()):
                if write:
                    warehouse.write_document(result, extractor_version=version)
                summary.count(result)
                if on_result:
                    on_result(result)
    summary.seconds = time.perf_counter() - began
    return summary


# ---------------------------------------------------------------- the report site and `lscp show`


def report_data(warehouse: load.Warehouse, document_ids: Iterable[str] | None = None) -> view.SiteData:
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
    return view.SiteData(
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


def build_report(db_path: Path, out: Path) -> view.SiteSummary:
    """Read the warehouse (read-only) and write the report site into ``out``."""
    began = time.perf_counter()
    with load.Warehouse(db_path, read_only=True) as warehouse:
        data = report_data(warehouse)
    summary = view.build_site(data, out)
    summary.seconds = time.perf_counter() - began
    return summary

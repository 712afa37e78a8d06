"""Running the stages of many documents on a Dask cluster, and loading results staged to files.

`lscp ingest --executor dask` reads, tags and normalises each file as one Dask task (distributed): on a
`LocalCluster` of worker processes by default, or on the workers of any scheduler (`--scheduler ADDRESS`).
Results come back as they finish (`as_completed`) to the one process that writes DuckDB, one transaction per
document as with the local process pool (`pipeline.ingest` does the writing; this module only produces the
results). What stays the same as with the local pool:

* a task carries the file's path, never its bytes or an open handle: every worker must see the same paths
  (on several machines, shared storage mounted at the same place);
* a document over the per-document time limit is a failed result with ``stage = 'timeout'`` and the local
  pool's reason text; its computation is stopped, and a worker whose document cannot be stopped (stuck in
  native code) is restarted;
* a task lost with its worker is run again on another worker; a document whose worker died twice is a failed
  result that says so;
* each worker builds the tagging pipeline once, when it starts (`Prepare`, a worker plugin), not per document.

Files are submitted largest first, and at most ``in_flight`` tasks (4 per worker thread) are out at a time, so
that the scheduler, the workers and the writer hold a bounded number of results whatever the batch size.

With a stage folder (`--stage-dir DIR`), workers write each document's result to ``DIR/<document_id>.json``
(`DocumentResult.model_dump_json` with the extractor version) instead of sending it back; the writer only
counts them, and `lscp load DIR` (`load_staged`) loads them later, skipping what is already loaded.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from lscp import load, pipeline, run
from lscp.schemas import DocumentResult

EXECUTORS = ("local", "dask")
TASKS_PER_THREAD = 4
"""Tasks in flight per worker thread: enough that no worker waits for the next one, few enough that memory
stays flat over any batch."""
STOP_GRACE = 5.0
"""Seconds a document over its time limit gets to unwind after it is told to stop, before its worker is
restarted."""
ALLOWED_FAILURES = 1
"""How many times a task may be lost with its worker and still be run again (the scheduler's
``distributed.scheduler.allowed-failures``): the second loss makes the document a failed result."""
STAGE_FORMAT = 1

Process = Callable[[Path], DocumentResult]


# ---------------------------------------------------------------- on the workers


try:  # the plugin base class when distributed is installed; the rest of lscp never needs it
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - lscp without the dask extra
    _PluginBase = object


class Prepare(_PluginBase):
    """Build what every document uses (the spaCy pipeline, the registers, the PDF table finder) once per
    worker, when it starts, and keep those long-lived objects out of the garbage collector's walks (as
    `pipeline.settled` does for the local pool)."""

    name = "lscp-prepare"

    def __init__(self, memory_mb: int | None = None) -> None:
        self.memory_mb = memory_mb
        self.thresholds = gc.get_threshold()

    def setup(self, worker=None) -> None:
        self.thresholds = prepare_worker()
        if self.memory_mb:
            pipeline.limit_memory(self.memory_mb)

    def teardown(self, worker=None) -> None:
        # frozen objects are never collected at exit, and DuckDB's bindings would report them as leaked
        pipeline.unsettle_heap(self.thresholds)
        gc.collect()


def prepare_worker() -> tuple[int, int, int]:
    """Build the shared pipeline and settle the heap; return the collector's thresholds before."""
    pipeline.build_shared(pdf=True)
    return pipeline.settle_heap()


class _Overrun(BaseException):
    """Raised inside a document's thread at its time limit; a BaseException so no stage swallows it."""


def _interrupt(thread: threading.Thread) -> None:
    """Raise _Overrun in `thread` when it next runs Python code (native code is not interrupted: the same
    as the signal the local pool's single process uses)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Overrun))


def run_with_deadline(
    path: Path, limits: pipeline.Limits, process: Process | None = None
) -> tuple[DocumentResult, bool]:
    """(result, stuck): the document processed in a thread of its own, stopped at the limits' timeout.

    A document over its limit is a failed result with stage 'timeout'; `stuck` is true when it did not stop
    within STOP_GRACE seconds of being told to (its worker should then be restarted). The size limit applies
    as in the local pool; the memory limit is the worker's (see `dask_client`)."""
    process = process or functools.partial(pipeline.process_file, limits=limits)
    timeout = limits.timeout
    if not timeout:
        return process(path), False
    started = pipeline._now()
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["result"] = process(path)
        except _Overrun:
            pass
        except BaseException as exc:  # handed to the task, which Dask retries or reports
            box["error"] = exc

    thread = threading.Thread(target=work, name=f"lscp {path.name}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        _interrupt(thread)
        thread.join(STOP_GRACE)
        return pipeline._failed(path, "timeout", pipeline._timeout_reason(timeout), started), thread.is_alive()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    if "result" not in box:  # told to stop just as it finished
        return pipeline._failed(path, "timeout", pipeline._timeout_reason(timeout), started), False
    return box["result"], False  # type: ignore[return-value]


def stage_path(stage_dir: Path, path: str) -> Path:
    return stage_dir / f"{load.document_id(path)}.json"


def write_staged(stage_dir: Path, result: DocumentResult, extractor_version: str) -> Path:
    """Write one result as ``<document_id>.json`` atomically (a hidden temporary file, then a rename), so
    that a reader never sees half a file."""
    target = stage_path(stage_dir, result.path)
    temporary = stage_dir / f".{target.stem}.{os.getpid()}.{threading.get_ident()}.tmp"
    text = f'{{"format": {STAGE_FORMAT}, "extractor_version": {json.dumps(extractor_version)}, "result": {result.model_dump_json()}}}'
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    return target


def _light(result: DocumentResult) -> DocumentResult:
    """What the writer needs of a staged result to count it: no page text, word boxes, rejections or audit."""
    return result.model_copy(update={"page_texts": [], "words": [], "rejections": [], "audit": []})


def document_task(
    path: str, limits: pipeline.Limits, stage_dir: str | None = None, process: Process | None = None
) -> tuple[DocumentResult, bool, str | None]:
    """One Dask task: (result, stuck, worker address). With a stage folder the result is written there and
    only its light copy comes back."""
    result, stuck = run_with_deadline(Path(path), limits, process)
    if stage_dir is not None:
        write_staged(Path(stage_dir), result, pipeline.extractor_version())
        result = _light(result)
    address = None
    with contextlib.suppress(Exception):
        from distributed import get_worker

        address = get_worker().address
    return result, stuck, address


# ---------------------------------------------------------------- on the client


@contextlib.contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None, memory_mb: int | None = None):
    """A distributed Client: connected to `scheduler`, or to a new LocalCluster of `workers` single-threaded
    worker processes (default: the number of cores), each prepared by `Prepare`.

    In a LocalCluster each worker's memory is capped at ``memory_mb`` above what it holds once prepared (as the
    local pool caps its workers), so a decompression bomb fails alone; the workers of a given scheduler keep
    the memory limit their own operator set (``dask worker --memory-limit``)."""
    import dask
    from distributed import Client, LocalCluster

    # worker-saturation 1.0: the scheduler hands a worker a task only when one of its threads is free, so a worker
    # that dies takes only the documents it was running with it; with more queued on it, a good document queued
    # behind a crashing one would be counted as lost with that worker each time, and fail after two crashes
    settings = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES, "distributed.scheduler.worker-saturation": 1.0}
    with dask.config.set(settings):
        with contextlib.ExitStack() as stack:
            if scheduler:
                client = stack.enter_context(Client(scheduler))
            else:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                        dashboard_address=None, silence_logs=logging.ERROR,
                        # no dashboard, and the scheduler's own HTTP server on any free local port: on its default
                        # port 8787, taken by another cluster or service, it warned on every run
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    )
                )  # fmt: skip
                client = stack.enter_context(Client(cluster))
            client.register_plugin(Prepare(memory_mb=None if scheduler else memory_mb))
            yield client


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def dask_results(
    files: list[Path],
    limits: pipeline.Limits,
    client,
    *,
    stage_dir: Path | None = None,
    in_flight: int | None = None,
    process: Process | None = None,
) -> Iterator[DocumentResult]:
    """One result per file on `client`'s workers, as each is ready (see the module's docstring)."""
    from distributed import KilledWorker, as_completed

    if not files:
        return
    if in_flight is None:
        with contextlib.suppress(Exception):
            client.wait_for_workers(1, timeout=60)
        in_flight = TASKS_PER_THREAD * max(1, sum(client.nthreads().values()))
    staged = str(stage_dir) if stage_dir is not None else None
    if stage_dir is not None:
        stage_dir.mkdir(parents=True, exist_ok=True)
    queue = iter(sorted(files, key=_size, reverse=True))
    pending: dict[object, Path] = {}
    finished = as_completed()
    run = uuid.uuid4().hex[:8]
    began = time.time()

    def submit_next() -> None:
        path = next(queue, None)
        if path is None:
            return
        future = client.submit(
            document_task, str(path), limits, staged, process,
            key=f"lscp-{run}-{load.document_id(str(path))}", retries=1, pure=False,
        )  # fmt: skip
        pending[future] = path
        finished.add(future)

    for _ in range(in_flight):
        submit_next()
    try:
        for future in finished:
            path = pending.pop(future)
            submit_next()
            try:
                result, stuck, address = future.result()
            except KilledWorker:
                result = pipeline._failed(
                    path, "extract",
                    "worker process died while reading the file, twice (it was given to another worker once)",
                    pipeline._now(),
                )  # fmt: skip
                stuck, address = False, None
            except Exception as exc:  # the task itself failed twice (not a bad file: process_file never raises)
                result = pipeline._failed(path, "extract", f"worker failed ({type(exc).__name__}: {exc})", pipeline._now())
                stuck, address = False, None
            finally:
                future.release()
            if stuck and address:
                _restart(client, address)
            if stage_dir is not None and result.status.value == "failed" and not _staged_since(stage_dir, result.path, began):
                write_staged(stage_dir, result, pipeline.extractor_version())  # failures decided here, not by a worker
            yield result
    finally:
        for future in list(pending):
            future.cancel()


def _staged_since(stage_dir: Path, path: str, began: float) -> bool:
    """Whether a worker staged this document during this run (it may have died just after)."""
    try:
        return stage_path(stage_dir, path).stat().st_mtime >= began
    except OSError:
        return False


def _restart(client, address: str) -> None:
    """Restart a worker whose document is stuck past its time limit (only a nanny can; else leave it)."""
    with contextlib.suppress(Exception):
        client.restart_workers([address], raise_for_error=False)


def dask_executor(
    *, workers: int | None = None, scheduler: str | None = None, stage_dir: Path | None = None
) -> Callable[[list[Path], pipeline.Limits], Iterator[DocumentResult]]:
    """`pipeline.ingest`'s ``results``: the cluster starts only when there is something to do and stops with
    the batch."""

    def results(files: list[Path], limits: pipeline.Limits) -> Iterator[DocumentResult]:
        if not files:
            return
        with dask_client(workers, scheduler, memory_mb=limits.memory_mb) as client:
            yield from dask_results(files, limits, client, stage_dir=stage_dir)

    return results


# ---------------------------------------------------------------- loading a stage folder


def read_staged(file: Path) -> tuple[DocumentResult, str]:
    """(result, extractor version) of one staged file; ValueError when it is not one."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("format") != STAGE_FORMAT:
            raise ValueError(f"unknown stage format {data.get('format')!r}")
        return DocumentResult.model_validate(data["result"]), str(data["extractor_version"])
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not a staged result ({type(exc).__name__}: {exc})") from None


def load_staged(
    stage_dir: Path,
    db: Path,
    *,
    on_plan: Callable[[int], None] | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> pipeline.IngestSummary:
    """Load every ``*.json`` result of `stage_dir` into the warehouse, one transaction per document.

    A result whose file is stored with the same sha256, extractor version and status is skipped (loaded
    already); any other replaces the document's rows, so loading a folder twice changes nothing. A file that
    is not a staged result is a failure of the run and is left where it is."""
    began = time.perf_counter()
    summary = pipeline.IngestSummary()
    files = sorted(p for p in stage_dir.glob("*.json") if not p.name.startswith("."))
    if on_plan:
        on_plan(len(files))
    with load.Warehouse(db, threads=1) as warehouse:
        stored = warehouse.stored_files()
        for file in files:
            try:
                result, version = read_staged(file)
            except ValueError as exc:
                summary.failed += 1
                summary.failures.append((str(file), f"load: {exc}"))
                continue
            entry = stored.get(str(Path(result.path).resolve()))
            if (
                entry is not None
                and result.sha256 is not None
                and entry.sha256 == result.sha256
                and entry.extractor_version == version
                and entry.status == result.status.value
            ):
                summary.skipped += 1
                continue
            warehouse.write_document(result, extractor_version=version)
            summary.count(result)
            if on_result:
                on_result(result)
    summary.seconds = time.perf_counter() - began
    return summary


def recorded_load(stage_dir: Path, db: Path, *, arguments: Iterable[str], **callbacks):
    """`lscp load` under the warehouse's lock, recorded in `runs` as command 'load'."""
    began = time.perf_counter()
    with run.RunLock(run.lock_path(db), "load"):
        outcome = run.RunOutcome(command="load", exit_code=run.EXIT_OK, message="")
        outcome.run_id = run.begin(db, "load", list(arguments))
        try:
            summary = load_staged(stage_dir, db, **callbacks)
        except Exception as exc:
            run.record_stop(db, outcome, exc, began)
            raise
        run.summarise_ingest(outcome, summary)
        outcome.message = run.ingest_message(summary).replace("unchanged", "loaded before")
        outcome.seconds = time.perf_counter() - began
        run.finish(db, outcome)
    return outcome

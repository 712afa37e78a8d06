"""The `lscp` command: thin typer commands over pipeline, load and evaluate."""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
import typer.core

DEFAULT_DB = Path("data/warehouse/lscp.duckdb")

EXIT_CODES = (
    "Exit codes: 0 all fine; 1 some documents, downloads or a query failed (everything else was done); "
    "2 usage error (bad arguments, missing file or warehouse); 3 busy: another lscp run holds the lock, "
    "or another program has the warehouse open (nothing done, try later); 4 the warehouse cannot be "
    "opened or written (nothing done)."
)

CONTEXT = {"help_option_names": ["-h", "--help"]}


class _Commands(typer.core.TyperGroup):
    """Every command's errors end the same way: warehouse faults exit 4 with one line, busy exits 3, and nothing else
    shows a traceback unless --debug is given."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, _ClickException, click.exceptions.ClickException, click.exceptions.Exit):
            raise  # usage errors and deliberate exits keep their own message and code
        except BrokenPipeError:  # the reader of the output left early ('lscp query ... | head'): stop quietly
            _drop_stdout()
            raise typer.Exit(EXIT_PIPE_CLOSED) from None
        except Exception as exc:
            code, message = _ending(exc)
            if _DEBUG["on"]:
                traceback.print_exc()
            _err(f"error: {message}")
            raise typer.Exit(code) from None


_DEBUG = {"on": False}
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as shell tools end when their reader leaves


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
try:
    from typer._click.exceptions import ClickException as _ClickException  # typer's own copy of click, where it has one
except ImportError:  # pragma: no cover - typer on plain click
    _ClickException = click.exceptions.ClickException


def _ending(exc: Exception) -> tuple[int, str]:
    """(exit code, one-line message) for an error that reached the command line."""
    from lscp import load, run

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, (run.LockHeld, load.WarehouseBusy)):
        return EXIT_BUSY, text
    if isinstance(exc, run.UsageError):
        return EXIT_USAGE, text
    if isinstance(exc, load.WarehouseMissing):
        return EXIT_USAGE, text
    if isinstance(exc, load.QueryFailed):
        return EXIT_FAILURES, text
    if isinstance(exc, load.WarehouseError):
        return EXIT_WAREHOUSE, text
    if isinstance(exc, OSError) and exc.errno in _DISK_ERRNOS:
        return EXIT_WAREHOUSE, f"{exc.strerror}: {exc.filename}" if exc.filename else str(exc)
    return EXIT_FAILURES, f"unexpected {type(exc).__name__}: {text} (run with --debug to see where)"


_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EFBIG, errno.EIO}

app = typer.Typer(
    cls=_Commands,
    help="Turn safeguarding children partnership reports into a DuckDB warehouse you can query and trace.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
)
export_app = typer.Typer(cls=_Commands, help="Export data from the warehouse.", no_args_is_help=True, context_settings=CONTEXT)
app.add_typer(export_app, name="export")

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file.", envvar="LSCP_DB")]
DocTimeoutOption = Annotated[
    float, typer.Option("--doc-timeout", min=1, help="Seconds one document may take before it is stopped and recorded as failed.")
]
MaxFileMbOption = Annotated[
    Optional[float],
    typer.Option(
        "--max-file-mb", min=0,
        help="Largest file read, in MiB, for every format (default: 200 for PDF, 10 for HTML, 5 for text and "
        "markdown; 0: no limit). A larger file is recorded as failed.",
    ),
]  # fmt: skip
DocMemoryOption = Annotated[
    int,
    typer.Option(
        "--doc-memory-mb", min=0,
        help="Memory one document may take, in MiB; a document that needs more is recorded as failed (0: no limit).",
    ),
]  # fmt: skip
ExcludeOption = Annotated[
    Optional[list[str]],
    typer.Option("--exclude", help="Skip files and folders whose name or relative path matches this glob (repeatable)."),
]
WaitOption = Annotated[bool, typer.Option("--wait", help="Wait for a run that holds the lock instead of exiting with 3.")]
DEFAULT_DEST = Path("data/raw")

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_BUSY, EXIT_WAREHOUSE = 0, 1, 2, 3, 4  # the same as run.EXIT_*


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        from importlib import metadata

        try:
            version = metadata.version("lscp")
        except metadata.PackageNotFoundError:
            version = "unknown"
        typer.echo(f"lscp {version}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an error as well as its message.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    _DEBUG["on"] = debug


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Executor(str, Enum):
    local = "local"
    dask = "dask"


ExecutorOption = Annotated[
    Executor,
    typer.Option("--executor", help="local: a process pool on this machine; dask: Dask workers (needs the dask extra of lscp).")
]
SchedulerOption = Annotated[
    Optional[str],
    typer.Option("--scheduler", help="With --executor dask: a Dask scheduler's address (tcp://HOST:8786) instead of a local cluster; its workers must see the same paths."),
]
StageDirOption = Annotated[
    Optional[Path],
    typer.Option("--stage-dir", help="With --executor dask: workers write each result to DIR/<document_id>.json for `lscp load DIR`; the warehouse is not written."),
]


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (searched recursively).")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Worker processes (default: number of cores).")] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Process again files that failed before, even if unchanged.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Forget stored documents whose files no longer exist.")] = False,
    doc_timeout: DocTimeoutOption = 300.0,
    max_file_mb: MaxFileMbOption = None,
    doc_memory_mb: DocMemoryOption = 768,
    exclude: ExcludeOption = None,
    wait: WaitOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    executor: ExecutorOption = Executor.local,
    scheduler: SchedulerOption = None,
    stage_dir: StageDirOption = None,
) -> None:
    """Read every report under PATHS into the warehouse; unchanged files are skipped.

    The run holds the warehouse's lock (<db>.lock) and is recorded in the runs table. With
    --executor dask the documents are read by Dask workers (a local cluster of --workers processes,
    or the workers of --scheduler); with --stage-dir their results are written there as files for
    `lscp load` instead of into the warehouse.

    Exit code: 0 when every document processed succeeded, 1 when any failed, 2 on usage errors,
    3 when another lscp run holds the lock or another program has the warehouse open, 4 when the
    warehouse cannot be opened or written.
    """
    from lscp import pipeline, run

    files, missing = pipeline.discover(paths, exclude=exclude or ())
    if missing:
        _err(f"error: no such file or folder: {', '.join(missing)}")
        raise typer.Exit(EXIT_USAGE)
    results = _executor(executor, workers, scheduler, stage_dir)
    progress = _Progress(enabled=not quiet)
    with _recorded_run(progress):
        outcome = run.recorded_ingest(
            files, db, arguments=_arguments(ctx), workers=workers, retry_failed=retry_failed, prune=prune,
            doc_timeout=doc_timeout, max_file_mb=max_file_mb, memory_mb=doc_memory_mb or None, wait=wait,
            on_wait=_err, on_plan=progress.start, on_result=progress.advance,
            results=results, write=stage_dir is None,
        )
    summary = outcome.summary
    _print_failures(summary.failures)
    _err(
        f"{summary.processed} processed ({summary.ok} ok, {summary.partial} partial, {summary.failed} failed), "
        f"{summary.skipped} unchanged skipped, {summary.pruned} pruned, {summary.facts} facts, "
        f"{summary.seconds:.1f}s -> {db} (run {outcome.run_id})"
        + (f"; results staged in {stage_dir}: load them with `lscp load {stage_dir}`" if stage_dir else "")
    )
    raise typer.Exit(outcome.exit_code)


@contextlib.contextmanager
def _recorded_run(progress: "_Progress"):
    """Around a recorded run (ingest, load): a held lock or a busy warehouse exits with 3, any other warehouse fault
    with 4, each as one error line; the progress bar stops either way."""
    from lscp import load, run

    try:
        yield
    except (run.LockHeld, load.WarehouseBusy) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_BUSY) from None
    except load.WarehouseError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_WAREHOUSE) from None
    finally:
        progress.stop()


def _print_failures(failures: list[tuple[str, str]]) -> None:
    for path, reason in failures:
        _err(f"FAILED {path}: {reason}")


def _executor(executor: Executor, workers: int | None, scheduler: str | None, stage_dir: Path | None):
    """`pipeline.ingest`'s results producer for the chosen executor (None: the local process pool)."""
    if executor is Executor.local:
        if scheduler or stage_dir:
            _err(f"error: {'--scheduler' if scheduler else '--stage-dir'} needs --executor dask")
            raise typer.Exit(EXIT_USAGE)
        return None
    try:
        from lscp import executors
    except ImportError as exc:
        _err(f"error: --executor dask needs Dask: pip install 'lscp[dask]' ({exc})")
        raise typer.Exit(EXIT_USAGE) from None
    return executors.dask_executor(workers=workers, scheduler=scheduler, stage_dir=stage_dir.resolve() if stage_dir else None)


@app.command("load")
def load_cmd(
    ctx: typer.Context,
    stage_dir: Annotated[Path, typer.Argument(help="A folder of results staged by `lscp ingest --stage-dir`.")],
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Load the results that `lscp ingest --executor dask --stage-dir DIR` staged in DIR.

    One transaction per document, as ingest writes; results already loaded (same sha256, extractor
    version and status) are skipped, so loading a folder twice changes nothing. Holds the warehouse's
    lock and is recorded in the runs table as 'load'. Exit code: 0 all loaded, 1 some documents had
    failed or a file was not a staged result, 2 no such folder, 3 busy, 4 warehouse error.
    """
    from lscp import executors

    if not stage_dir.is_dir():
        _err(f"error: no such folder: {stage_dir}")
        raise typer.Exit(EXIT_USAGE)
    progress = _Progress(enabled=not quiet)
    with _recorded_run(progress):
        outcome = executors.recorded_load(stage_dir, db, arguments=_arguments(ctx), on_plan=progress.start, on_result=progress.advance)
    summary = outcome.summary
    _print_failures(summary.failures)
    _err(
        f"{summary.processed} loaded ({summary.ok} ok, {summary.partial} partial, {summary.failed} failed), "
        f"{summary.skipped} loaded before, {summary.facts} facts, {summary.seconds:.1f}s -> {db} (run {outcome.run_id})"
    )
    raise typer.Exit(outcome.exit_code)


def _arguments(ctx: typer.Context) -> list[str]:
    """The command's parameters as name=value, for the runs table."""
    out = []
    for name, value in ctx.params.items():
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            value = " ".join(str(v) for v in value)
        elif isinstance(value, Enum):
            value = value.value
        out.append(f"{name}={value}")
    return out


class _Progress:
    """A progress bar on stderr (nothing on stdout, which carries data only)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress = None
        self._task = None

    def start(self, total: int) -> None:
        if not self.enabled or total == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), TextColumn("{task.description}"),
            console=Console(stderr=True), transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("", total=total)

    def advance(self, result) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=1, description=Path(result.path).name[:40])

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@export_app.command("facts")
def export_facts(
    out: Annotated[Path, typer.Option("--out", help="JSONL file to write ('-' for stdout).")],
    db: DbOption = DEFAULT_DB,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Only facts whose confidence is at least this (0 to 1).")
    ] = 0.0,
) -> None:
    """Every fact in the contract's JSONL format, with its evidence (page, span, sentence, rule) and confidence."""
    warehouse = _open_read_only(db)
    try:
        lines = [
            json.dumps(fact, ensure_ascii=False)
            for fact in warehouse.iter_facts()
            if min_confidence <= 0 or (fact.get("confidence") or 0.0) >= min_confidence
        ]
    finally:
        warehouse.close()
    text = "\n".join(lines) + ("\n" if lines else "")
    if str(out) == "-":
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        _err(f"{len(lines)} facts -> {out}")


@app.command("eval")
def evaluate_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Answer facts (JSONL with 'covers' lines).")],
    db: DbOption = DEFAULT_DB,
    detail: Annotated[bool, typer.Option("--detail", help="List misses and spurious facts with their evidence.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the warehouse against answer facts, per kind and overall, as the facts contract says."""
    from lscp import evaluate
    from lscp import load

    if not gold.is_file():
        _err(f"error: no such gold file: {gold}")
        raise typer.Exit(2)
    try:
        answers = evaluate.load_jsonl(gold)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    audit_answers = evaluate.audit_answers(answers)
    warehouse = _open_read_only(db)
    try:
        extracted = list(warehouse.iter_facts())
        audited = warehouse.audit_statuses() if audit_answers else []
    finally:
        warehouse.close()
    report = evaluate.score(extracted, answers)
    by_confidence = evaluate.at_thresholds(extracted, answers)
    audit_score = evaluate.score_audit(audited, audit_answers) if audit_answers else None
    if as_json:  # one JSON document: it holds the misses and spurious facts that --detail lists
        scores = {**evaluate.to_dict(report), "confidence": evaluate.thresholds_dict(by_confidence)}
        if audit_score is not None:
            scores["audit"] = evaluate.audit_to_dict(audit_score)
        typer.echo(json.dumps(scores, indent=2))
        return
    typer.echo(evaluate.format_table(report))
    typer.echo("\n" + evaluate.format_thresholds(by_confidence))
    if audit_score is not None:
        typer.echo(evaluate.format_audit(audit_score, detail=detail))
    if detail:
        typer.echo(evaluate.format_detail(report))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="A SQL query (the warehouse is opened read-only).")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    wide: Annotated[bool, typer.Option("--wide", help="Table format: print every cell whole (by default a cell is cut at 60 characters, marked with …).")] = False,
) -> None:
    """Run one read-only SQL statement (SELECT or EXPLAIN) against the warehouse.

    The statement cannot read or write files, attach other databases, load extensions or change
    settings; several statements in one call are refused (exit code 1).

    While `lscp ingest` or `lscp nightly` writes, DuckDB lets nobody else open the file: the query
    then fails with exit code 1 and says so; try again when the run has finished, or query a copy
    of the file or an export. Exit code: 0 ok, 1 the query failed or the warehouse is being
    written, 2 no warehouse, 4 the warehouse cannot be read.
    """
    from lscp import load

    warehouse = _open_read_only(db, for_queries=True)
    try:
        columns, rows = warehouse.read_query(sql)
    except load.QueryFailed as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_FAILURES) from None
    finally:
        warehouse.close()
    _print_rows(columns, rows, fmt, wide=wide)


def _print_rows(columns: list[str], rows: list[tuple], fmt: Format, *, wide: bool = False) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps([dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=1))
    elif fmt is Format.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:  # as DuckDB's CSV export: NULL empty, an empty string quoted ("")
            sys.stdout.write(",".join(_csv_field(v) for v in row) + "\r\n")
    else:
        cells = [[_plain(v).replace("\n", " ") for v in row] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        if not wide:
            widths = [min(CELL_WIDTH, w) for w in widths]
        typer.echo("  ".join(_cut(c, w) for c, w in zip(columns, widths)))
        typer.echo("  ".join("-" * w for w in widths))
        for row in cells:
            typer.echo("  ".join(_cut(v, w) for v, w in zip(row, widths)))
        _err(f"({len(rows)} rows)")


CELL_WIDTH = 60
"""Widest cell of `--format table` without --wide; a longer one is cut and ends with …."""


def _cut(text: str, width: int) -> str:
    """The text padded to width, or cut to it with … as its last character when longer."""
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _csv_field(value) -> str:
    if value is None:
        return ""
    text = _plain(value)
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _plain(value) -> str:
    """A value as `lscp export table --format csv` writes it: lists as [a, b], booleans as true/false, NULL as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join("NULL" if v is None else _plain(v) for v in value) + "]"
    return str(value)


def _open_read_only(db: Path, *, for_queries: bool = False):
    """The warehouse opened read-only; exit 1 when a writer holds the warehouse, 2 when there is none, 4 when it
    cannot be opened."""
    from lscp import load

    try:
        return load.Warehouse.for_queries(db) if for_queries else load.Warehouse(db, read_only=True)
    except load.WarehouseBusy as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_FAILURES) from None
    except load.WarehouseMissing as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except load.WarehouseError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_WAREHOUSE) from None


# ---------------------------------------------------------------- exports of tables and views


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@export_app.command("table")
def export_table(
    name: Annotated[str, typer.Argument(help="A table or view, e.g. figures_comparable (an unknown name lists them all).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.parquet,
    out: Annotated[Optional[Path], typer.Option("--out", help="File to write (default NAME.FORMAT here; '-' for stdout, csv and jsonl only).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """One table or view as a Parquet, CSV (with header) or JSON-lines file.

    Parquet keeps the column types (lists, timestamps) and is read by pandas, polars, R (arrow) and DuckDB.
    Exit code: 0 written, 1 the export failed or the warehouse is being written, 2 unknown name or no warehouse.
    """
    from lscp import load

    target = out if out is not None else Path(f"{name}.{fmt.value}")
    if str(target) == "-" and fmt is ExportFormat.parquet:
        _err("error: parquet cannot go to stdout; give --out FILE")
        raise typer.Exit(EXIT_USAGE)
    warehouse = _open_read_only(db)
    try:
        names = warehouse.relation_names()
        if name not in names:
            _err(f"error: no table or view named {name!r} in {db}; choose one of: {', '.join(names)}")
            raise typer.Exit(EXIT_USAGE)
        if str(target) == "-":
            _export_to_stdout(warehouse, name, fmt.value)
            return
        try:
            rows = warehouse.export_relation(name, target, fmt.value)
        except load.QueryFailed as exc:
            _err(f"error: {exc}")
            raise typer.Exit(EXIT_FAILURES) from None
    finally:
        warehouse.close()
    _err(f"{rows} rows of {name} -> {target}")


def _export_to_stdout(warehouse, name: str, fmt: str) -> None:
    import tempfile

    from lscp import load

    with tempfile.TemporaryDirectory(prefix="lscp-export-") as folder:
        path = Path(folder) / f"{name}.{fmt}"
        try:
            warehouse.export_relation(name, path, fmt)
        except load.QueryFailed as exc:
            _err(f"error: {exc}")
            raise typer.Exit(EXIT_FAILURES) from None
        sys.stdout.flush()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                sys.stdout.buffer.write(chunk)
        sys.stdout.flush()


@export_app.command("all")
def export_all(
    folder: Annotated[Path, typer.Option("--dir", help="Folder to write one file per table and view into (created if missing).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.parquet,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Every table and view as DIR/NAME.FORMAT (parquet by default).

    Exit code: 0 all written, 1 an export failed or the warehouse is being written, 2 no warehouse.
    """
    from lscp import load

    warehouse = _open_read_only(db)
    try:
        names = warehouse.relation_names()
        for name in names:
            target = folder / f"{name}.{fmt.value}"
            try:
                rows = warehouse.export_relation(name, target, fmt.value)
            except load.QueryFailed as exc:
                _err(f"error: {exc}")
                raise typer.Exit(EXIT_FAILURES) from None
            _err(f"{rows:>8} rows  {target}")
    finally:
        warehouse.close()
    _err(f"{len(names)} tables and views -> {folder}")


# ---------------------------------------------------------------- fetching and the nightly run


def _fetch_settings(
    timeout: float, retries: int, max_mb: float, download_timeout: float = 300.0, run_timeout: float = 3600.0,
    allow_private_redirects: bool = False,
):
    from lscp.fetch import FetchSettings
    from lscp.fetch.http import user_agent

    return FetchSettings(
        connect_timeout=timeout, read_timeout=timeout, retries=retries, max_bytes=int(max_mb * 1024 * 1024),
        download_deadline=download_timeout, run_deadline=run_timeout or None,
        allow_private_redirects=allow_private_redirects,
        user_agent=user_agent(),  # worked out once here rather than once per source
    )


SourcesOption = Annotated[Path, typer.Option("--sources", help="CSV file with the columns partnership and url.")]
DestOption = Annotated[Path, typer.Option("--dest", help="Folder the reports are saved in (one sub-folder per partnership).")]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait to connect and between bytes.")]
RetriesOption = Annotated[int, typer.Option("--retries", min=0, help="Extra attempts after timeouts, connection errors, 429 and 5xx.")]
MaxMbOption = Annotated[float, typer.Option("--max-mb", min=0.001, help="Largest download accepted, in MiB.")]
DownloadTimeoutOption = Annotated[
    float, typer.Option("--download-timeout", min=0.1, help="Seconds one download may take in all, however slowly the server sends.")
]
RunTimeoutOption = Annotated[
    float, typer.Option("--run-timeout", min=0, help="Seconds all downloads of the run may take; later sources are not tried (0: no limit).")
]
PrivateRedirectsOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-redirects",
        help="Follow redirects from a public host to a private or loopback address, or to another port of the same host.",
    ),
]


@app.command("fetch")
def fetch_cmd(
    sources: SourcesOption,
    dest: DestOption = DEFAULT_DEST,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 3,
    max_mb: MaxMbOption = 100.0,
    download_timeout: DownloadTimeoutOption = 300.0,
    run_timeout: RunTimeoutOption = 3600.0,
    allow_private_redirects: PrivateRedirectsOption = False,
    wait: WaitOption = False,
) -> None:
    """Download the reports listed in SOURCES into DEST; prints each newly saved file.

    Conditional requests (ETag, Last-Modified) make an unchanged report cost a 304; a changed
    report is saved beside the earlier version, never over it. Exit code: 0 all fine, 1 some
    downloads failed (the rest were saved), 2 bad sources file, 3 another run is fetching into DEST.
    """
    from lscp import nightly, run

    try:
        listed = nightly.read_sources(sources)
    except run.UsageError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        report = nightly.locked_fetch(
            listed, dest, "fetch", wait=wait, on_wait=_err,
            settings=_fetch_settings(timeout, retries, max_mb, download_timeout, run_timeout, allow_private_redirects),
        )
    except run.LockHeld as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_BUSY) from None
    for path in report.saved_paths:
        typer.echo(path)
    from lscp.nightly import fetch_failures

    for failure in fetch_failures(report):
        _err(f"FAILED {failure}")
    _err(f"{len(report.results)} sources: {report.summary()} -> {dest}")
    raise typer.Exit(EXIT_FAILURES if report.failed else EXIT_OK)


@app.command("nightly")
def nightly_cmd(
    ctx: typer.Context,
    sources: SourcesOption,
    dest: DestOption = DEFAULT_DEST,
    db: DbOption = DEFAULT_DB,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Worker processes (default: number of cores).")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Forget stored documents whose files no longer exist.")] = False,
    wait: WaitOption = False,
    log: Annotated[Optional[Path], typer.Option("--log", help="Run log to append one line to (default: the warehouse file with .log).")] = None,
    doc_timeout: DocTimeoutOption = 300.0,
    max_file_mb: MaxFileMbOption = None,
    doc_memory_mb: DocMemoryOption = 768,
    exclude: ExcludeOption = None,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 3,
    max_mb: MaxMbOption = 100.0,
    download_timeout: DownloadTimeoutOption = 300.0,
    run_timeout: RunTimeoutOption = 3600.0,
    allow_private_redirects: PrivateRedirectsOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    executor: ExecutorOption = Executor.local,
    scheduler: SchedulerOption = None,
) -> None:
    """Fetch newly published reports, then ingest what is new: the command to run from cron.

    Holds the warehouse's lock (<db>.lock) so that two runs never overlap, records the run in the
    runs table (see `lscp runs`) and appends one line to the run log.

    Exit code: 0 all fine; 1 some downloads or documents failed (the rest were loaded); 2 bad
    arguments or sources file; 3 another lscp run holds the lock, or another program has the
    warehouse open (nothing done); 4 the warehouse cannot be opened or written.
    """
    from lscp import nightly, run

    results = _executor(executor, workers, scheduler, None)
    progress = _Progress(enabled=not quiet)
    try:
        outcome = nightly.run_nightly(
            sources, dest, db, arguments=_arguments(ctx),
            settings=_fetch_settings(timeout, retries, max_mb, download_timeout, run_timeout, allow_private_redirects),
            workers=workers, prune=prune, wait=wait, log=log, doc_timeout=doc_timeout, max_file_mb=max_file_mb,
            memory_mb=doc_memory_mb or None, exclude=exclude or (), on_wait=lambda message: _err(message),
            on_plan=progress.start, on_result=progress.advance, results=results,
        )
    except run.UsageError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        progress.stop()
    for failure in outcome.failures:
        _err(f"FAILED {failure}")
    if outcome.run_id is None:
        _err(f"error: {outcome.message}")
    elif outcome.exit_code >= EXIT_USAGE:
        _err(f"error: run {outcome.run_id}: {outcome.message}")
    else:
        _err(f"run {outcome.run_id}: {outcome.message}, {outcome.seconds:.1f}s -> {db}")
    raise typer.Exit(outcome.exit_code)


@app.command("runs")
def runs_cmd(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many runs, newest first.")] = 20,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """The latest ingest and nightly runs: start, end, counts, failures and exit code.

    The full list of failures of a run is in the runs table: lscp query "SELECT failures FROM runs WHERE run_id = N".
    Exit code: 0 shown, 1 the warehouse is being written, 2 no warehouse.
    """
    from lscp import load

    warehouse = _open_read_only(db)
    try:
        columns, rows = warehouse.recent_runs(limit)
    finally:
        warehouse.close()
    _print_rows(columns, rows, fmt)


@app.command("audit")
def audit_cmd(
    doc: Annotated[str, typer.Argument(help="The annual report: file name without extension, document id or path.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """Print one annual report's statutory audit: each requirement of Working Together 2018 and 2023 and each
    question of the national Panel's analyses, met / partly / not_found, with the page and sentence that show it.

    Exit code: 0 shown, 1 the warehouse is being written or the document has no audit (not an annual report),
    2 no warehouse or no such document.
    """
    warehouse = _open_read_only(db)
    try:
        document_id, columns, rows = warehouse.document_audit(doc)
    finally:
        warehouse.close()
    if document_id is None:
        _err(f"error: no document named {doc!r} in {db}")
        raise typer.Exit(EXIT_USAGE)
    if not rows:
        _err(f"error: {doc!r} has no audit (only annual reports are audited)")
        raise typer.Exit(EXIT_FAILURES)
    _print_rows(columns, rows, fmt)
# ---------------------------------------------------------------- looking at the facts: show and report


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("show")
def show_cmd(
    doc: Annotated[str, typer.Argument(help="The document: its doc_id (file name without extension), document_id or path.")],
    db: DbOption = DEFAULT_DB,
    kind: Annotated[Optional[list[str]], typer.Option("--kind", help="Only facts of this kind (report, figure, review, partner, person, theme, priority, finance); repeatable.")] = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", help="text (coloured, for the terminal) or json.")] = ShowFormat.text,
) -> None:
    """One document: its status, report fact and facts by kind, each with its page and sentence, the matched
    words highlighted.

    Exit code: 0 shown, 1 the warehouse is being written, 2 no such document, unknown kind or no warehouse.
    """
    from lscp import pipeline, view as site

    unknown = sorted(set(kind or []) - set(site.KINDS))
    if unknown:
        _err(f"error: unknown kind {', '.join(unknown)}; choose from {', '.join(site.KINDS)}")
        raise typer.Exit(EXIT_USAGE)
    warehouse = _open_read_only(db)
    try:
        found = warehouse.find_documents(doc)
        if len(found) != 1:
            if found:
                _err(f"error: {doc!r} names {len(found)} documents; give a document_id or path:")
                for row in found:
                    _err(f"  {row['document_id']}  {row['path']}")
            else:
                _err(f"error: no document {doc!r} in {db} (give a doc_id, a document_id or a path)")
            raise typer.Exit(EXIT_USAGE)
        data = pipeline.report_data(warehouse, [found[0]["document_id"]])
    finally:
        warehouse.close()
    shown = site.document_view(data, kind)
    if fmt is ShowFormat.json:
        typer.echo(json.dumps(shown, default=str, ensure_ascii=False, indent=1))
    else:
        site.print_document(shown)


@app.command("report")
def report_cmd(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the site into (created; its earlier pages are replaced).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """A static HTML site of the warehouse: an overview across partnerships and years, a page per partnership
    and year and per document, and behind every number its sentence and, for a PDF, its page with the words
    boxed. Open OUT/index.html in a browser; it needs no network.

    Exit code: 0 written, 1 the warehouse is being written, 2 no warehouse, 4 the warehouse cannot be read or the
    site cannot be written.
    """
    from lscp import load, pipeline

    try:
        summary = pipeline.build_report(db, out)
    except load.WarehouseBusy as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_FAILURES) from None
    except load.WarehouseMissing as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except load.WarehouseError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_WAREHOUSE) from None
    except OSError as exc:
        _err(f"error: cannot write the site into {out}: {exc}")
        raise typer.Exit(EXIT_WAREHOUSE) from None
    largest, size = summary.largest_page
    _err(
        f"{len(summary.pages)} pages, {summary.images} page images, {summary.facts} facts, {summary.seconds:.1f}s "
        f"(largest page {largest.name}, {size / 1e6:.2f} MB) -> {out / 'index.html'}"
    )
    typer.echo(out / "index.html")


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # while printing the top-level help or a usage message
        _drop_stdout()
        sys.exit(EXIT_PIPE_CLOSED)


if __name__ == "__main__":
    main()

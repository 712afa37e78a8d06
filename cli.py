"""The `lscp` command: thin typer commands over pipeline, load and evaluate."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

DEFAULT_DB = Path("data/warehouse/lscp.duckdb")

app = typer.Typer(
    help="Turn safeguarding children partnership reports into a DuckDB warehouse you can query and trace.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export data from the warehouse.", no_args_is_help=True)
app.add_typer(export_app, name="export")

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file.", envvar="LSCP_DB")]


def _err(message: str) -> None:
    typer.echo(message, err=True)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (searched recursively).")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Worker processes (default: number of cores).")] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Process again files that failed before, even if unchanged.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Forget stored documents whose files no longer exist.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read every report under PATHS into the warehouse; unchanged files are skipped.

    Exit code: 0 when every document processed succeeded, 1 when any failed, 2 on usage errors.
    """
    import pipeline

    _, missing = pipeline.discover(paths)
    if missing:
        _err(f"error: no such file or folder: {', '.join(missing)}")
        raise typer.Exit(2)
    progress = _Progress(enabled=not quiet)
    summary = pipeline.ingest(
        paths, db, workers=workers, retry_failed=retry_failed, prune=prune,
        on_plan=progress.start, on_result=progress.advance,
    )
    progress.stop()
    for path, reason in summary.failures:
        _err(f"FAILED {path}: {reason}")
    _err(
        f"{summary.processed} processed ({summary.ok} ok, {summary.partial} partial, {summary.failed} failed), "
        f"{summary.skipped} unchanged skipped, {summary.pruned} pruned, {summary.facts} facts, "
        f"{summary.seconds:.1f}s -> {db}"
    )
    raise typer.Exit(summary.exit_code)


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
) -> None:
    """Every fact in the contract's JSONL format, with its evidence (page, span, sentence, rule)."""
    import load

    con = _open_read_only(db)
    try:
        lines = [json.dumps(fact, ensure_ascii=False) for fact in load.iter_facts(con)]
    finally:
        con.close()
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
    import evaluate
    import load

    if not gold.is_file():
        _err(f"error: no such gold file: {gold}")
        raise typer.Exit(2)
    try:
        answers = evaluate.load_jsonl(gold)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    con = _open_read_only(db)
    try:
        extracted = list(load.iter_facts(con))
    finally:
        con.close()
    report = evaluate.score(extracted, answers)
    if as_json:
        typer.echo(json.dumps(evaluate.to_dict(report), indent=2))
    else:
        typer.echo(evaluate.format_table(report))
    if detail:
        typer.echo(evaluate.format_detail(report))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="A SQL query (the warehouse is opened read-only).")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """Run a read-only SQL query against the warehouse."""
    import load

    if not db.is_file():
        _err(f"error: no warehouse at {db} (run `lscp ingest` first)")
        raise typer.Exit(2)
    try:
        columns, rows = load.run_query(db, sql)
    except load.WarehouseError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None
    _print_rows(columns, rows, fmt)


def _print_rows(columns: list[str], rows: list[tuple], fmt: Format) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps([dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=1))
    elif fmt is Format.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        cells = [[("" if v is None else str(v)) for v in row] for row in rows]
        widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
        typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
        typer.echo("  ".join("-" * w for w in widths))
        for row in cells:
            typer.echo("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)))
        _err(f"({len(rows)} rows)")


def _open_read_only(db: Path):
    import load

    try:
        return load.connect(db, read_only=True)
    except load.WarehouseError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()

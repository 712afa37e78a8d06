#!/usr/bin/env python3
"""Benchmark the PDF stage: pages per second of the whole pipeline next to pdfplumber and pypdfium2 alone.

    python scripts/bench_pdf.py                 # renders ../shared/corpus in three layouts first
    python scripts/bench_pdf.py PDF_OR_DIR...   # or any born-digital PDFs
    python scripts/bench_pdf.py --rounds 5      # more rounds: steadier medians on a busy machine

On the same PDFs it times, in each of --rounds rounds (default 3):
  * pdfplumber `page.extract_text()` alone;
  * pypdfium2 `textpage.get_text_range()` alone;
  * the whole pipeline on one core (read, tag, normalise, validate, load into DuckDB), prepared as
    `lscp ingest` prepares it, in all and for each layout (the folder a PDF is in) on its own;
  * `pipeline.ingest` with 1 and with 2 worker processes (wall clock, fresh warehouse each), on the PDFs
    plus one report of about 300 pages (--big-pages; the sources rendered one after another into one PDF),
    so that one long document is in the batch;
  * a reference with no lscp code in it: a pure-Python loop twice in one process against once in each of
    two processes, which shows how far this machine's cores scale at that moment (shared virtual
    machines often give less than 2x).
It prints the median of the rounds with their range, each ratio taken within a round, the load average
before the first round and after the last, and the peak resident memory of reading the long report,
measured in a child process.
Targets (issue 16): pipeline >= 100 pages/s and >= 15x pdfplumber; its slowest layout (the most
table-heavy) >= 60 pages/s; 2 workers >= 1.8x one on the batch with the long report; < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from lscp import load  # noqa: E402
from lscp import pipeline  # noqa: E402
from render_pdf import LAYOUTS, render  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def pdfs_in(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out += sorted(path.rglob("*.pdf")) if path.is_dir() else [path]
    return out


def pages_of(files: list[Path]) -> int:
    total = 0
    for path in files:
        pdf = pdfium.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


def time_pdfplumber(files: list[Path]) -> float:
    with pdfplumber.open(files[0]) as pdf:  # warm-up, as for the pipeline
        pdf.pages[0].extract_text()
    began = time.perf_counter()
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
    return time.perf_counter() - began


def time_pdfium(files: list[Path]) -> float:
    began = time.perf_counter()
    for path in files:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    return time.perf_counter() - began


def time_pipeline(files: list[Path], workdir: Path) -> tuple[float, dict[str, float]]:
    """Every stage in this process, loading into a fresh warehouse, with the pipeline prepared as ingest
    prepares it.

    One document goes through every stage into a scratch warehouse first, so that what a process does once
    (building the spaCy pipeline, loading the registers, importing what pyarrow imports on first use) is not
    counted as throughput. Returns the seconds in all and by the folder each PDF is in (its layout)."""
    for name in ("warm-up.duckdb", "one-core.duckdb"):
        (workdir / name).unlink(missing_ok=True)
    version = pipeline.extractor_version()
    with pipeline.settled(files):
        with load.Warehouse(workdir / "warm-up.duckdb", threads=1) as warm:
            warm.write_document(pipeline.process_file(files[0]), extractor_version=version)
        with load.Warehouse(workdir / "one-core.duckdb", threads=1) as warehouse:
            by_folder: dict[str, float] = {}
            began = time.perf_counter()
            for path in files:
                started = time.perf_counter()
                warehouse.write_document(pipeline.process_file(path), extractor_version=version)
                by_folder[path.parent.name] = by_folder.get(path.parent.name, 0.0) + time.perf_counter() - started
            seconds = time.perf_counter() - began
    return seconds, by_folder


def time_ingest(files: list[Path], workdir: Path, workers: int) -> float:
    db = workdir / f"ingest-{workers}.duckdb"
    db.unlink(missing_ok=True)
    began = time.perf_counter()
    summary = pipeline.ingest(files, db, workers=workers)
    seconds = time.perf_counter() - began
    if summary.failed:
        raise SystemExit(f"bench: {summary.failed} documents failed: {summary.failures[:3]}")
    return seconds


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def time_cpu_reference(loops: int = 30_000_000) -> tuple[float, float]:
    """(seconds for two pure-Python loops one after another, seconds for the same two loops in two processes)."""
    began = time.perf_counter()
    _spin(loops)
    _spin(loops)
    serial = time.perf_counter() - began
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_spin, [1, 1])  # the workers are up before the clock starts
        began = time.perf_counter()
        pool.map(_spin, [loops, loops], chunksize=1)
        parallel = time.perf_counter() - began
    return serial, parallel


def big_report(sources: list[Path], workdir: Path, target_pages: int) -> Path:
    """One PDF of about `target_pages` pages: the sources' text one after another, in one column."""
    workdir.mkdir(parents=True, exist_ok=True)
    texts = [s.read_text(encoding="utf-8") for s in sources if s.suffix in {".txt", ".md"}]
    combined = workdir / "combined-report.txt"
    out = workdir / "combined-report.pdf"
    body = "\n\n".join(texts)
    pages = 0
    copies = 1
    while True:
        combined.write_text("\n\n".join([body] * copies), encoding="utf-8")
        render(combined, "one-column", out)
        pages = pages_of([out])
        if pages >= target_pages or copies > 20:
            return out
        copies = max(copies + 1, int(copies * target_pages / max(pages, 1)) + 1)


def peak_memory(pdf: Path) -> tuple[int, float]:
    """(pages, peak RSS in MB) of reading, tagging and validating one PDF in a fresh child process."""
    code = (
        "import sys, json, resource, pathlib; sys.path.insert(0, sys.argv[2]); from lscp import pipeline; "
        "r = pipeline.process_file(pathlib.Path(sys.argv[1])); "
        "print(json.dumps({'pages': r.pages, 'status': r.status.value, "
        "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(pdf), str(ROOT)], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["pages"], result["rss_mb"]


def measure_round(files: list[Path], pages: int, workdir: Path, batch: list[Path], folder_pages: dict[str, int]) -> dict[str, float]:
    t_plumber = time_pdfplumber(files)
    t_pdfium = time_pdfium(files)
    t_pipeline, by_folder = time_pipeline(files, workdir)
    t_one = time_ingest(batch, workdir, 1)
    t_two = time_ingest(batch, workdir, 2)
    cpu_serial, cpu_parallel = time_cpu_reference()
    figures = {
        "pdfplumber_pages_per_s": pages / t_plumber,
        "pypdfium2_pages_per_s": pages / t_pdfium,
        "pipeline_one_core_pages_per_s": pages / t_pipeline,
        "pipeline_vs_pdfplumber": t_plumber / t_pipeline,
    }
    if len(folder_pages) > 1:
        for folder, seconds in sorted(by_folder.items()):
            figures[f"pipeline_{folder}_pages_per_s"] = folder_pages[folder] / seconds
        figures["pipeline_slowest_layout_pages_per_s"] = min(folder_pages[f] / t for f, t in by_folder.items())
    figures.update(
        {
            "ingest_1_worker_s": t_one,
            "ingest_2_workers_s": t_two,
            "ingest_2_vs_1": t_one / t_two,
            "cpu_loop_2_vs_1": cpu_serial / cpu_parallel,
        }
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs or folders (default: the corpus rendered in every layout)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every timing; medians are reported (default 3)")
    parser.add_argument("--big-pages", type=int, default=300, help="pages of the long report in the ingest batch and the memory figure")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    with tempfile.TemporaryDirectory(prefix="lscp-bench-") as tmp:
        workdir = Path(tmp)
        sources = sorted(p for p in CORPUS.glob("*.txt")) if CORPUS.exists() else []
        if args.pdfs:
            files = pdfs_in(args.pdfs)
        else:
            if not sources:
                parser.error(f"no PDFs given and {CORPUS} is absent")
            files = [render(src, layout, workdir / "pdfs" / layout / f"{src.stem}.pdf") for layout in LAYOUTS for src in sources]
        pages = pages_of(files)
        folder_pages: dict[str, int] = {}
        for path in files:
            folder_pages[path.parent.name] = folder_pages.get(path.parent.name, 0) + pages_of([path])
        big = big_report(sources, workdir / "big", args.big_pages) if sources else None
        batch = files + [big] if big else files
        big_pages = pages_of([big]) if big else 0
        print(
            f"{len(files)} PDFs, {pages} pages, {args.rounds} rounds; ingest batch: those"
            + (f" and a {big_pages}-page report" if big else ""),
            flush=True,
        )
        load_before = os.getloadavg()
        rounds = []
        for number in range(1, args.rounds + 1):
            rounds.append(measure_round(files, pages, workdir, batch, folder_pages))
            print(f"round {number}: " + ", ".join(f"{k} {v:.2f}" for k, v in rounds[-1].items()), file=sys.stderr, flush=True)
        load_after = os.getloadavg()
        figures: dict = {"pdfs": len(files), "pages": pages, "rounds": args.rounds, "load_before": load_before, "load_after": load_after}
        for key in rounds[0]:
            values = [r[key] for r in rounds]
            figures[key] = statistics.median(values)
            figures[key + "_range"] = [min(values), max(values)]
        if big:
            big_pages, rss = peak_memory(big)
            figures.update({"big_report_pages": big_pages, "big_report_peak_rss_mb": rss})

    def shown(key: str, form: str) -> str:
        low, high = figures[key + "_range"]
        return f"{format(figures[key], form)}" + (f" ({format(low, form)}-{format(high, form)})" if args.rounds > 1 else "")

    print(f"medians of {args.rounds} rounds, range in brackets")
    print(f"pdfplumber extract_text alone      {shown('pdfplumber_pages_per_s', '.1f')} pages/s")
    print(f"pypdfium2 text alone               {shown('pypdfium2_pages_per_s', '.1f')} pages/s")
    print(f"whole pipeline, one core           {shown('pipeline_one_core_pages_per_s', '.1f')} pages/s")
    print(f"  against pdfplumber alone         {shown('pipeline_vs_pdfplumber', '.2f')} x")
    for key in [k for k in figures if k.startswith("pipeline_") and k.endswith("_pages_per_s") and "_range" not in k]:
        folder = key[len("pipeline_") : -len("_pages_per_s")]
        if folder not in ("one_core", "slowest_layout"):
            print(f"  {folder + ' alone':<32} {shown(key, '.1f')} pages/s")
    if "big_report_pages" in figures:
        print(f"lscp ingest of the PDFs and the {figures['big_report_pages']}-page report:")
    print(f"lscp ingest, 1 worker              {shown('ingest_1_worker_s', '.2f')} s")
    print(f"lscp ingest, 2 workers             {shown('ingest_2_workers_s', '.2f')} s")
    print(f"  2 workers against 1              {shown('ingest_2_vs_1', '.2f')} x")
    print(f"  this machine, pure CPU loop      {shown('cpu_loop_2_vs_1', '.2f')} x on 2 processes against 1")
    print(f"load average (1, 5, 15 min)        before {' '.join(f'{v:.2f}' for v in figures['load_before'])}, after {' '.join(f'{v:.2f}' for v in figures['load_after'])}")
    if "big_report_pages" in figures:
        print(f"peak memory, {figures['big_report_pages']}-page report     {figures['big_report_peak_rss_mb']:.0f} MB")
    checks = [
        ("whole pipeline >= 100 pages/s", figures["pipeline_one_core_pages_per_s"] >= 100),
        ("whole pipeline >= 15x pdfplumber", figures["pipeline_vs_pdfplumber"] >= 15),
    ]
    if "pipeline_slowest_layout_pages_per_s" in figures:
        checks.append(("slowest layout >= 60 pages/s", figures["pipeline_slowest_layout_pages_per_s"] >= 60))
    checks.append(("2 workers >= 1.8x one", figures["ingest_2_vs_1"] >= 1.8))
    if "big_report_peak_rss_mb" in figures:
        checks.append(("peak memory < 1 GB", figures["big_report_peak_rss_mb"] < 1024))
    print("targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in checks))
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Parity of the PDF stage: facts read from a report rendered to PDF against the facts read from its text.

Each source is rendered with scripts/render_pdf.py in every layout; the facts
the pipeline extracts from the text are the answers, and the facts from each
PDF are scored against them with the contract's scoring rules. A PDF reader
that scrambles columns, drops call-outs or splits tables loses facts here.

    python scripts/pdf_parity.py                      # the corpus in ../shared/corpus
    python scripts/pdf_parity.py SRC... [--keep DIR] [--detail]
    python scripts/pdf_parity.py --ocr [--dpi 150,300] [--workers 2]

Prints, for each layout, the F1 of every fact kind and overall, and the
documents below 1.0; exits 1 when a layout is under --floor (default 0.97).

With --ocr every rendered PDF is rasterised, at each --dpi, to pages that are
only images (a scan with no text layer), read by OCR and scored against the
text's facts the same way; it prints pages read per second per core (CPU
time: each worker reads with one thread; rasterising is not counted) and exits 1 when a layout is under 0.90 at
300 dpi or more, 0.85 below.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from lscp import pipeline  # noqa: E402
from lscp.evaluate import format_detail, format_table, score  # noqa: E402
from lscp.schemas import FACT_MODELS  # noqa: E402
from render_pdf import LAYOUTS, rasterise, render  # noqa: E402

DEFAULT_SOURCES = ROOT.parent / "shared" / "corpus"
FLOOR = 0.97
OCR_FLOORS = {300: 0.90, 150: 0.85}  # a resolution takes the floor of the highest one it reaches


def ocr_floor(dpi: int) -> float:
    return next((floor for at, floor in sorted(OCR_FLOORS.items(), reverse=True) if dpi >= at), min(OCR_FLOORS.values()))


@dataclass
class LayoutParity:
    layout: str
    report: object  # evaluate.ScoreReport over all sources
    per_document: dict[str, float]

    @property
    def f1(self) -> float:
        return self.report.overall.f1


def facts_of(path: Path) -> list[dict]:
    """The facts the pipeline gives for one file, each with the file's stem as its document."""
    result = pipeline.process_file(path)
    if result.status.value == "failed":
        raise RuntimeError(f"{path}: {result.stage}: {result.error}")
    return [{"doc": path.stem, **fact} for fact in result.facts]


def sources_in(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in {".txt", ".md", ".html"} and p.name.lower() != "readme.md")
        else:
            files.append(path)
    return files


def parity(sources: list[Path], workdir: Path, layouts: tuple[str, ...] = LAYOUTS) -> list[LayoutParity]:
    # the text's facts are the answers, every kind of them scored
    answers = {src: [{"doc": src.stem, "kind": "covers", "kinds": list(FACT_MODELS)}, *facts_of(src)] for src in sources}
    out = []
    for layout in layouts:
        extracted_all, answers_all, per_document = [], [], {}
        for src in sources:
            pdf = render(src, layout, workdir / layout / f"{src.stem}.pdf")
            extracted = facts_of(pdf)
            per_document[src.name] = score(extracted, answers[src]).overall.f1
            extracted_all += extracted
            answers_all += answers[src]
        out.append(LayoutParity(layout, score(extracted_all, answers_all), per_document))
    return out


@dataclass
class OcrParity:
    layout: str
    dpi: int
    report: object
    per_document: dict[str, float]
    pages: int
    seconds: float  # CPU time spent reading the image-only PDFs, summed over the workers
    wall: float  # their elapsed time, summed: above the CPU time when other work shares the cores

    @property
    def f1(self) -> float:
        return self.report.overall.f1


def _read_scan(job: tuple[Path, Path, int]) -> tuple[list[dict], int, float, float]:
    """Rasterise one rendered PDF at a resolution and read it with OCR at that resolution, in one thread."""
    pdf, scan, dpi = job
    rasterise(pdf, scan, dpi)
    os.environ["LSCP_OCR_DPI"] = str(dpi)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # the tesseract program's threads: one core per worker
    os.environ["LSCP_OCR_TIME_BUDGET"] = "100000"  # what is measured is how well pages are read, not how many fit
    began, cpu = time.perf_counter(), time.process_time()
    result = pipeline.process_file(scan)
    seconds, wall = time.process_time() - cpu, time.perf_counter() - began
    if result.status.value == "failed":
        raise RuntimeError(f"{scan}: {result.stage}: {result.error}")
    if result.needs_ocr:
        raise RuntimeError(f"{scan}: not read by OCR: {'; '.join(result.warnings)}")
    return [{"doc": pdf.stem, **fact} for fact in result.facts], result.pages or 0, seconds, wall


def ocr_parity(
    sources: list[Path], workdir: Path, dpis: tuple[int, ...], layouts: tuple[str, ...] = LAYOUTS, workers: int = 1
) -> list[OcrParity]:
    answers = {src: [{"doc": src.stem, "kind": "covers", "kinds": list(FACT_MODELS)}, *facts_of(src)] for src in sources}
    jobs = {}
    for layout in layouts:
        for src in sources:
            pdf = render(src, layout, workdir / layout / f"{src.stem}.pdf")
            for dpi in dpis:
                jobs[(layout, dpi, src)] = (pdf, workdir / f"{layout}-{dpi}dpi" / f"{src.stem}.pdf", dpi)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = dict(zip(jobs, pool.map(_read_scan, jobs.values())))
    out = []
    for layout in layouts:
        for dpi in dpis:
            extracted_all, answers_all, per_document, pages, seconds, wall = [], [], {}, 0, 0.0, 0.0
            for src in sources:
                extracted, n, took, elapsed = done[(layout, dpi, src)]
                per_document[src.name] = score(extracted, answers[src]).overall.f1
                extracted_all += extracted
                answers_all += answers[src]
                pages += n
                seconds += took
                wall += elapsed
            out.append(OcrParity(layout, dpi, score(extracted_all, answers_all), per_document, pages, seconds, wall))
    return out


def main_ocr(args, sources: list[Path]) -> int:
    dpis = tuple(int(d) for d in args.dpi.split(","))
    with tempfile.TemporaryDirectory(prefix="lscp-ocr-parity-") as tmp:
        results = ocr_parity(sources, args.keep or Path(tmp), dpis, workers=args.workers)
    failed = False
    for result in results:
        floor = ocr_floor(result.dpi)
        print(f"\n## {result.layout}, {result.dpi} dpi: F1 {result.f1:.3f} (floor {floor:.2f}) over {len(sources)} documents\n")
        print(format_table(result.report))
        for name, f1 in sorted(((n, f) for n, f in result.per_document.items() if f < 1.0), key=lambda item: item[1]):
            print(f"  {name}: {f1:.3f}")
        if args.detail:
            print(format_detail(result.report))
        failed |= result.f1 < floor
    print("\n| layout | dpi | OCR parity F1 | pages | pages/s per core |\n|---|---|---|---|---|")
    for result in results:
        print(f"| {result.layout} | {result.dpi} | {result.f1:.3f} | {result.pages} | {result.pages / result.seconds:.2f} |")
    for dpi in dpis:
        pages = sum(r.pages for r in results if r.dpi == dpi)
        seconds = sum(r.seconds for r in results if r.dpi == dpi)
        wall = sum(r.wall for r in results if r.dpi == dpi)
        print(
            f"{dpi} dpi: {pages} pages in {seconds:.0f} CPU seconds, {pages / seconds:.2f} pages/s per core "
            f"({wall:.0f} s elapsed in the workers, {pages / wall:.2f} pages/s each, on cores shared with other work)"
        )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, default=[DEFAULT_SOURCES])
    parser.add_argument("--keep", type=Path, help="keep the rendered PDFs in this folder")
    parser.add_argument("--detail", action="store_true", help="list the facts each layout misses or adds")
    parser.add_argument("--floor", type=float, default=FLOOR)
    parser.add_argument("--ocr", action="store_true", help="score image-only PDFs read by OCR instead")
    parser.add_argument("--dpi", default="150,300", help="with --ocr: the resolutions to rasterise and read at")
    parser.add_argument("--workers", type=int, default=1, help="with --ocr: processes reading at once, one core each")
    args = parser.parse_args(argv)
    sources = sources_in(args.sources)
    if not sources:
        parser.error("no .txt, .md or .html sources found")
    if args.ocr:
        return main_ocr(args, sources)
    with tempfile.TemporaryDirectory(prefix="lscp-parity-") as tmp:
        results = parity(sources, args.keep or Path(tmp))
    worst = 1.0
    for result in results:
        print(f"\n## {result.layout}: F1 {result.f1:.3f} over {len(sources)} documents\n")
        print(format_table(result.report))
        below = {name: f1 for name, f1 in result.per_document.items() if f1 < 1.0}
        for name, f1 in sorted(below.items(), key=lambda item: item[1]):
            print(f"  {name}: {f1:.3f}")
        if args.detail:
            print(format_detail(result.report))
        worst = min(worst, result.f1)
    print(f"\nlowest layout F1 {worst:.3f} (floor {args.floor:.2f})")
    return 0 if worst >= args.floor else 1


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Parity of the PDF stage: facts read from a report rendered to PDF against the facts read from its text.

Each source is rendered with scripts/render_pdf.py in every layout; the facts
the pipeline extracts from the text are the answers, and the facts from each
PDF are scored against them with the contract's scoring rules. A PDF reader
that scrambles columns, drops call-outs or splits tables loses facts here.

    python scripts/pdf_parity.py                      # the corpus in ../shared/corpus
    python scripts/pdf_parity.py SRC... [--keep DIR] [--detail]

Prints, for each layout, the F1 of every fact kind and overall, and the
documents below 1.0; exits 1 when a layout is under --floor (default 0.97).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from lscp import pipeline  # noqa: E402
from lscp.evaluate import format_detail, format_table, score  # noqa: E402
from lscp.schemas import FACT_MODELS  # noqa: E402
from render_pdf import LAYOUTS, render  # noqa: E402

DEFAULT_SOURCES = ROOT.parent / "shared" / "corpus"
FLOOR = 0.97


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, default=[DEFAULT_SOURCES])
    parser.add_argument("--keep", type=Path, help="keep the rendered PDFs in this folder")
    parser.add_argument("--detail", action="store_true", help="list the facts each layout misses or adds")
    parser.add_argument("--floor", type=float, default=FLOOR)
    args = parser.parse_args(argv)
    sources = sources_in(args.sources)
    if not sources:
        parser.error("no .txt, .md or .html sources found")
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

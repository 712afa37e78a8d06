#!/usr/bin/env python3
"""Benchmark ingest at scale: the local process pool against Dask with 1 and 2 workers.

    python scripts/bench_scale.py                      # 2,000 documents, 3 rounds
    python scripts/bench_scale.py --docs 400 --rounds 5
    python scripts/bench_scale.py --configs dask:2,local:2

The batch: copies of the corpus texts (../shared/corpus, when present), the samples in data/raw and PDFs
rendered from those texts by scripts/render_pdf.py (one layout each, in turn), taken in turn until there are
--docs files; every copy ends with a line of its own, so no two files have the same sha256 (a PDF gets it
as a comment after its end-of-file mark, which readers ignore).

Each configuration ingests the whole batch into a fresh warehouse in a fresh process (cluster start-up and
the tagger's build included, as a user would see it), and prints documents and pages per second, the
writer's peak memory (its own maximum resident set) and each worker's (the children of the writer, sampled
by psutil every 0.2 s). Every round also times a pure-Python loop in 1 and in 2 processes, which shows how
far the machine's two cores scale at that moment (it is shared), and notes the load average. Figures are
medians of the rounds, with their range.
Targets: Dask 2 workers >= 1.7x Dask 1 worker; Dask within 15% of the local pool at the same worker count.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "data" / "raw"
DEFAULT_CONFIGS = "local:1,local:2,dask:1,dask:2"


# ---------------------------------------------------------------- the batch


def sources(workdir: Path) -> list[Path]:
    """The distinct documents the batch is made of."""
    from render_pdf import LAYOUTS, render

    texts = sorted(CORPUS.glob("*.txt")) if CORPUS.exists() else []
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))
    renderable = texts + [p for p in samples if p.suffix in {".md", ".txt", ".html", ".htm"}]
    rendered = [
        render(src, LAYOUTS[i % len(LAYOUTS)], workdir / "rendered" / f"{src.stem}-{LAYOUTS[i % len(LAYOUTS)]}.pdf")
        for i, src in enumerate(renderable)
    ]
    return texts + samples + rendered


def unique_tail(suffix: str, number: int) -> bytes:
    if suffix == ".pdf":
        return f"\n%lscp benchmark copy {number}\n".encode()
    if suffix in {".html", ".htm"}:
        return f"\n<!-- lscp benchmark copy {number} -->\n".encode()
    return f"\n\nBenchmark copy {number}.\n".encode()


def make_batch(folder: Path, originals: list[Path], docs: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    contents = {src: src.read_bytes() for src in originals}
    for number in range(docs):
        src = originals[number % len(originals)]
        out = folder / f"copy-{number:05d}-{src.stem}{src.suffix}"
        out.write_bytes(contents[src] + unique_tail(src.suffix, number))
        made.append(out)
    return made


# ---------------------------------------------------------------- one configuration, in its own process


class ChildMemory:
    """Peak resident memory of each child process (recursively), sampled in a thread."""

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self._me = psutil.Process()
        self._psutil = psutil
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.interval = interval

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                children = self._me.children(recursive=True)
            except self._psutil.Error:
                children = []
            for child in children:
                try:
                    rss = child.memory_info().rss
                except self._psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_one(executor: str, workers: int, batch: Path, db: Path) -> dict:
    from lscp import executors, pipeline

    files, _ = pipeline.discover([batch])
    pages = 0

    def counted(result) -> None:
        nonlocal pages
        pages += result.pages or 0

    results = executors.dask_executor(workers=workers) if executor == "dask" else None
    with ChildMemory() as memory:
        began = time.perf_counter()
        summary = pipeline.ingest(files, db, workers=workers, results=results, on_result=counted)
        seconds = time.perf_counter() - began
    worker_peaks = sorted(memory.peaks.values(), reverse=True)[:workers]
    return {
        "seconds": seconds, "docs": summary.processed, "failed": summary.failed, "pages": pages,
        "writer_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": [round(rss / 2**20) for rss in worker_peaks],
    }  # fmt: skip


def measure(executor: str, workers: int, batch: Path, workdir: Path) -> dict:
    db = workdir / f"{executor}-{workers}.duckdb"
    db.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, __file__, "--one", executor, str(workers), str(batch), str(db)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"bench: {executor}:{workers} failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["failed"]:
        raise SystemExit(f"bench: {executor}:{workers}: {figures['failed']} documents failed")
    db.unlink(missing_ok=True)
    return figures


# ---------------------------------------------------------------- rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the batch (default 2,000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; medians are reported (default 3)")
    parser.add_argument("--configs", default=DEFAULT_CONFIGS, help=f"executor:workers, comma-separated (default {DEFAULT_CONFIGS})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--one", nargs=4, metavar=("EXECUTOR", "WORKERS", "BATCH", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        executor, workers, batch, db = args.one
        print(json.dumps(run_one(executor, int(workers), Path(batch), Path(db))))
        return 0
    configs = [(name, int(n)) for name, n in (item.split(":") for item in args.configs.split(","))]
    from bench_pdf import time_cpu_reference

    with tempfile.TemporaryDirectory(prefix="lscp-bench-scale-") as tmp:
        workdir = Path(tmp)
        originals = sources(workdir)
        batch = workdir / "batch"
        files = make_batch(batch, originals, args.docs)
        size_mb = sum(f.stat().st_size for f in files) / 2**20
        print(f"{len(files)} documents ({size_mb:.0f} MB) from {len(originals)} sources, {args.rounds} rounds, "
              f"{os.cpu_count()} cores", flush=True)  # fmt: skip
        rounds: list[dict] = []
        for number in range(1, args.rounds + 1):
            row: dict = {"load_avg_1min": os.getloadavg()[0]}
            for executor, workers in configs:
                row[f"{executor}:{workers}"] = measure(executor, workers, batch, workdir)
            serial, parallel = time_cpu_reference()
            row["cpu_loop_2_vs_1"] = serial / parallel
            rounds.append(row)
            shown = ", ".join(
                f"{name} {fig['seconds']:.1f}s" for name, fig in row.items() if isinstance(fig, dict)
            )
            print(f"round {number}: load {row['load_avg_1min']:.1f}, {shown}, cpu loop 2v1 {row['cpu_loop_2_vs_1']:.2f}x",
                  file=sys.stderr, flush=True)  # fmt: skip
        shutil.rmtree(batch, ignore_errors=True)

    def stat(values: list[float]) -> tuple[float, float, float]:
        return statistics.median(values), min(values), max(values)

    def shown(values: list[float], form: str) -> str:
        mid, low, high = stat(values)
        return f"{format(mid, form)}" + (f" ({format(low, form)}-{format(high, form)})" if len(values) > 1 else "")

    figures: dict = {"docs": args.docs, "rounds": args.rounds, "load_avg_1min": [r["load_avg_1min"] for r in rounds]}
    print(f"\nmedians of {args.rounds} rounds, range in brackets; load average at the start of the rounds: "
          + ", ".join(f"{r['load_avg_1min']:.1f}" for r in rounds))  # fmt: skip
    print(f"{'config':<9} {'seconds':>20} {'docs/s':>18} {'pages/s':>18} {'writer MB':>10}  worker MB (peak, each)")
    for executor, workers in configs:
        name = f"{executor}:{workers}"
        runs = [r[name] for r in rounds]
        seconds = [r["seconds"] for r in runs]
        docs = [r["docs"] / r["seconds"] for r in runs]
        pages = [r["pages"] / r["seconds"] for r in runs]
        writer = max(r["writer_mb"] for r in runs)
        worker = [max(r["worker_mb"][i] if i < len(r["worker_mb"]) else 0 for r in runs) for i in range(workers)]
        figures[name] = {"seconds": stat(seconds), "docs_per_s": stat(docs), "pages_per_s": stat(pages),
                         "pages": runs[0]["pages"], "writer_mb": writer, "worker_mb": worker}  # fmt: skip
        print(f"{name:<9} {shown(seconds, '.1f'):>20} {shown(docs, '.2f'):>18} {shown(pages, '.1f'):>18} {writer:>10.0f}  "
              + ", ".join(str(w) for w in worker))  # fmt: skip

    def ratio(a: str, b: str) -> list[float] | None:
        if a not in rounds[0] or b not in rounds[0]:
            return None
        return [r[b]["seconds"] / r[a]["seconds"] for r in rounds]  # speed of a over b, within a round

    checks = []
    for label, a, b, target in (
        ("dask 2 workers / dask 1 worker", "dask:2", "dask:1", 1.7),
        ("local 2 workers / local 1 worker", "local:2", "local:1", None),
        ("dask 1 worker / local 1 worker", "dask:1", "local:1", 0.85),
        ("dask 2 workers / local 2 workers", "dask:2", "local:2", 0.85),
    ):
        values = ratio(a, b)
        if values is None:
            continue
        figures[label] = stat(values)
        print(f"speed {label:<34} {shown(values, '.2f')} x")
        if target is not None:
            checks.append((f"{label} >= {target}", statistics.median(values) >= target))
    cpu = [r["cpu_loop_2_vs_1"] for r in rounds]
    figures["cpu_loop_2_vs_1"] = stat(cpu)
    print(f"this machine, pure CPU loop 2 processes / 1     {shown(cpu, '.2f')} x")
    if checks:
        print("targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in checks))
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time `lscp report` over the corpus and the shipped samples, and print the size of its largest page.

    .venv/bin/python scripts/bench_report.py [SRC...] [--rounds N]

Ingests SRC (default: ../shared/corpus and data/raw) into a temporary warehouse once, then builds the
site N times (default 3) and prints the median build time with its range, the largest HTML page,
and the whole site's size. Targets: a build under 10 s, no page over 5 MB. The first build on a machine
also bundles the charts' JavaScript (a few seconds, then cached): see round 1.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sources = args.sources or [p for p in (ROOT.parent / "shared" / "corpus", ROOT / "data" / "raw") if p.exists()]
    lscp = str(Path(sys.executable).with_name("lscp"))
    with tempfile.TemporaryDirectory(prefix="lscp-bench-report-") as folder:
        db, out = Path(folder) / "w.duckdb", Path(folder) / "site"
        subprocess.run([lscp, "ingest", "-q", "--db", str(db), *map(str, sources)], check=True, capture_output=True)
        times = []
        for round_ in range(1, args.rounds + 1):
            began = time.perf_counter()
            subprocess.run([lscp, "report", "--out", str(out), "--db", str(db)], check=True, capture_output=True)
            times.append(time.perf_counter() - began)
            print(f"round {round_}: {times[-1]:.2f} s")
        pages = sorted(out.glob("*.html"), key=lambda p: p.stat().st_size)
        largest = pages[-1]
        total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        median = statistics.median(times)
        print(f"sources: {', '.join(map(str, sources))}")
        print(f"build (lscp report, whole command): median {median:.2f} s, range {min(times):.2f}-{max(times):.2f} s over {len(times)} rounds"
              f" -> {'under' if median < 10 else 'OVER'} 10 s")
        print(f"largest page: {largest.name}, {largest.stat().st_size / 1e6:.2f} MB -> {'under' if largest.stat().st_size < 5e6 else 'OVER'} 5 MB")
        print(f"site: {len(pages)} pages, {len(list((out / 'pages').glob('*.png')))} page images, {total / 1e6:.2f} MB in all "
              f"(static/vega.js {(out / 'static' / 'vega.js').stat().st_size / 1e6:.2f} MB, shared by every page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

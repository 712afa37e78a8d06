"""How long `lscp --help` and an `lscp ingest` with nothing to do take, wall clock, Python's start included.

Writes N small reports into a folder, ingests them once, re-runs the ingest once more (it reads every file to
confirm its sha256: the files were written moments before their first check, so their modification times are not
yet trusted), then times R further runs of the same command, each a separate process, which skip every file on its
size and modification time; and R runs of `lscp --help`. Prints each command, the median, best and worst of its
runs, and the load average before and after, since the machine may be busy with other work.

    .venv/bin/python scripts/bench_startup.py                         # 1,000 files, 7 timed runs of each
    .venv/bin/python scripts/bench_startup.py --files 200 --runs 11 --keep /tmp/bench-startup

Exit code 0 when both medians are under their targets (--help under 0.3 s, the no-op ingest under 1 s), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_nightly import report_text  # noqa: E402  (the same generated reports as the nightly benchmark)


def lscp_command() -> list[str]:
    """The installed `lscp` script beside this Python, as a user runs it; `python -m lscp.cli` without one."""
    script = Path(sys.executable).with_name("lscp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lscp.cli"]


def run(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - began, done


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed(label: str, command: list[str], runs: int, expect: str, target: float) -> float:
    """Run ``command`` ``runs`` times; print and return the median wall time. ``expect``: text its stderr or stdout
    must hold every time (the run did what is measured)."""
    before = load_average()
    seconds = []
    for _ in range(runs):
        elapsed, done = run(command)
        if expect not in done.stdout + done.stderr:
            sys.exit(f"{label}: unexpected output (exit {done.returncode}):\n{done.stdout[-1000:]}{done.stderr[-2000:]}")
        seconds.append(elapsed)
    median = statistics.median(seconds)
    print(f"{label}: median {median:.3f} s, best {min(seconds):.3f} s, worst {max(seconds):.3f} s over {runs} runs "
          f"(target < {target:g} s)")  # fmt: skip
    print(f"  command: {shlex.join(command)}")
    print(f"  load average (1, 5, 15 min) before: {before}; after: {load_average()}")
    return median


def slowest_imports(command: list[str], count: int = 6) -> list[str]:
    """The ``count`` top-level imports that took longest in one run of ``command`` under `python -X importtime`."""
    argv = command[1:] if command[0] == sys.executable else ["-m", "lscp.cli", *command[1:]]
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=ROOT, capture_output=True, text=True)
    top = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if not name.startswith("  "):  # imported by the command itself, not by another module
                top.append((int(parts[1]), name.strip()))
    return [f"{name} {micros / 1e6:.3f} s" for micros, name in sorted(top, reverse=True)[:count]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="reports in the folder (default 1000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers for the first, loading run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()
    lscp = lscp_command()

    with tempfile.TemporaryDirectory(prefix="lscp-bench-startup-") as scratch:
        work = args.keep or Path(scratch)
        folder, db = work / "reports", work / "lscp.duckdb"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(args.files):
            path = folder / f"report-{i:04d}.md"
            if not path.exists():
                path.write_text(report_text(i), encoding="utf-8")
        ingest = [*lscp, "ingest", str(folder), "--db", str(db), "-q"]

        seconds, done = run([*ingest, "--workers", str(args.workers)])
        print(f"first ingest: {seconds:.1f} s, exit {done.returncode}: {done.stderr.strip().splitlines()[-1]}")
        seconds, done = run(ingest)
        print(f"second ingest (reads every file once to confirm its sha256): {seconds:.2f} s: "
              f"{done.stderr.strip().splitlines()[-1]}")  # fmt: skip
        print()

        unchanged = f"0 processed (0 ok, 0 partial, 0 failed), {args.files} unchanged skipped"
        noop = timed(f"no-op ingest of {args.files} unchanged files", ingest, args.runs, unchanged, 1.0)
        print(f"  slowest imports of one run: {', '.join(slowest_imports(ingest))}")
        print()
        help_median = timed("lscp --help", [*lscp, "--help"], args.runs, "Usage", 0.3)

    print(f"\non {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"reproduce: cd {ROOT} && {shlex.join([sys.executable, 'scripts/bench_startup.py', *sys.argv[1:]])}")
    return 0 if noop < 1.0 and help_median < 0.3 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Ingest a folder of hostile files beside real reports, and check that every file is accounted for in bounded time
and memory.

    .venv/bin/python scripts/bench_hostile.py [--keep DIR] [--workers 2] [--reruns 5]

Makes 30 hostile files (HTML nested 20,000 and 50,000 deep, a 20 MB text file, a 50 MB page, a PDF whose stream
inflates to 1 GiB, long lines that made the text reader's patterns backtrack, link loops, a pipe, an unreadable
file, truncated and garbage PDFs...) and copies the corpus text files (../shared/corpus/*.txt, when present), then
runs `lscp ingest` with 2 workers and prints: the wall time (target < 2 min), the peak memory of the whole process
tree while it runs (the sum of the processes' proportional set sizes, PSS, which counts a page shared by forked
workers once; the sum of their resident sizes, RSS, beside it; target < 1.5 GB), whether every file has a row and
every failed row a reason, and the median time of second runs over the same folder (target < 2 s).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "tests"))

from handmade_pdf import pdf_bomb  # noqa: E402
REPORT = "# Westshire Safeguarding Children Partnership Annual Report 2022-23\n\nThere were 1,234 referrals in 2022-23.\n"


def make_hostile(folder: Path) -> int:
    """Write the hostile files into ``folder``; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    para = "In 2022-23 there were 1,234 referrals, a rate of 45.6 per 10,000 children. "
    texts = {
        "deep-20k.html": "<html><body>" + "<div>" * 20_000 + "There were 12 referrals." + "</div>" * 20_000 + "</body></html>",
        "deep-50k.html": "<html><body>" + "<div>" * 50_000 + "There were 12 referrals." + "</div>" * 50_000 + "</body></html>",
        "deep-mixed.html": "<html><body>" + "<span><li><blockquote>" * 10_000 + "There were 12 referrals.</body></html>",
        "deep-tables.html": "<html><body>" + "<table><tr><td>" * 5_000 + "There were 12 referrals.</body></html>",
        "emphasis.txt": "_a " * 70_000,
        "tags.txt": "<a " * 70_000,
        "links.md": "[a](" * 60_000,
        "tab-bullet.txt": "•\t" + "a " * 100_000 + "\tb",
        "bold.md": "**x**(" + "**(" * 60_000,
        "heading.md": "# a" + " " * 100_000 + "x",
        "numbers.txt": " ".join(f"{i}%" for i in range(40_000)),
        "one-long-line.txt": para * 20_000,
        "long-word.txt": "x" * 300_000,
        "empty.txt": "",
        "only-spaces.html": " \n" * 1000,
        "scripts-only.html": "<html><body><script>" + "var a=1;" * 50_000 + "</script></body></html>",
        "notes.docx": "not a report",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    with (folder / "huge-20mb.txt").open("w", encoding="utf-8") as handle:
        for _ in range(20 * 1024 * 1024 // len(para)):
            handle.write(para + "\n")
    with (folder / "huge-50mb.html").open("w", encoding="utf-8") as handle:
        handle.write("<html><body>")
        for _ in range(50 * 1024 * 1024 // (len(para) + 7)):
            handle.write(f"<p>{para}</p>")
        handle.write("</body></html>")
    (folder / "latin1.txt").write_bytes("Caf\xe9 report".encode("latin-1"))
    (folder / "garbage.pdf").write_bytes(os.urandom(200_000))
    pdf_bomb(folder / "bomb-1gib.pdf", 1024)
    (folder / "truncated.pdf").write_bytes((folder / "bomb-1gib.pdf").read_bytes()[:5_000])
    for fixture in ("encrypted.pdf", "no_pages.pdf"):
        if (FIXTURES / fixture).exists():
            shutil.copy(FIXTURES / fixture, folder / fixture)
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "ping.md").symlink_to("pong.md")
    (folder / "pong.md").symlink_to("ping.md")
    (folder / "broken.pdf").symlink_to("nowhere.pdf")
    os.mkfifo(folder / "pipe.txt")
    (folder / "unreadable.txt").write_text(REPORT)
    (folder / "unreadable.txt").chmod(0)  # unreadable unless run by root
    return sum(1 for _ in folder.iterdir())


def tree_memory(pid: int) -> tuple[int, int]:
    """(sum of PSS, sum of RSS) in bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    pss = rss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return pss, rss


def ingest_command(folder: Path, db: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "lscp.cli", "ingest", str(folder), "--db", str(db), "--workers", str(workers), "-q"]


def timed_ingest(folder: Path, db: Path, workers: int) -> tuple[float, int, int, int, str]:
    """(seconds, peak PSS, peak RSS, exit code, stderr) of one `lscp ingest`."""
    command = ingest_command(folder, db, workers)
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks = [0, 0]
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            pss, rss = tree_memory(process.pid)
            peaks[0], peaks[1] = max(peaks[0], pss), max(peaks[1], rss)
            stop.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - began
    stop.set()
    watcher.join()
    return seconds, peaks[0], peaks[1], process.returncode, err


def accounted(folder: Path, db: Path) -> tuple[int, list[str]]:
    """(rows, problems): every entry of the folder has a row, and every failed row a reason."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT path, file_name, status, error FROM documents").fetchall()
    finally:
        con.close()
    names = {name for _, name, _, _ in rows} | {Path(path).name for path, _, _, _ in rows}
    problems = [f"no row for {p.name}" for p in folder.iterdir() if p.name not in names and Path(os.path.realpath(p)).name not in names]
    problems += [f"failed without a reason: {name}" for _, name, status, error in rows if status == "failed" and not error]
    return len(rows), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the folder and warehouse here and keep them")
    parser.add_argument("--reruns", type=int, default=5, help="timed second runs; their median is reported (default 5)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="lscp-hostile-"))
    try:
        folder = work / "in"
        shutil.rmtree(folder, ignore_errors=True)
        hostile = make_hostile(folder)
        copies = 0
        for source in sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []:
            shutil.copy(source, folder / f"corpus-{source.name}")
            copies += 1
        db = work / "hostile.duckdb"
        for stale in work.glob("hostile.duckdb*"):
            stale.unlink()
        load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())
        seconds, pss, rss, code, err = timed_ingest(folder, db, args.workers)
        rows, problems = accounted(folder, db)
        reruns = [timed_ingest(folder, db, args.workers) for _ in range(args.reruns)]
        again = statistics.median(run[0] for run in reruns)
        code_again = max(run[3] for run in reruns)
        print(f"files                {hostile} hostile + {copies} corpus copies, {rows} rows")
        print(f"first run            {seconds:.1f} s (target < 120 s), exit code {code}")
        print(f"peak memory (tree)   {pss / 2**20:.0f} MB PSS, {rss / 2**20:.0f} MB RSS summed (target < 1536 MB)")
        print(f"every file a row     {'yes' if not problems else 'NO: ' + '; '.join(problems)}")
        print(
            f"second run           {again:.2f} s median of {args.reruns} (best {min(r[0] for r in reruns):.2f} s, worst "
            f"{max(r[0] for r in reruns):.2f} s; target < 2 s), exit code {code_again}"
        )
        print(f"  command: {shlex.join(ingest_command(folder, db, args.workers))}")
        print(f"  load average (1, 5, 15 min) before the first run: {load_before}; after the last: "
              f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")  # fmt: skip
        for line in err.splitlines():
            if line.startswith("FAILED"):
                print("  " + line[:160])
        met = seconds < 120 and pss < 1.5 * 2**30 and not problems and again < 2
        print("targets              " + ("all met" if met else "NOT all met"))
        return 0 if met else 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""How long a re-run of `lscp nightly` takes when none of its files changed.

Serves N small reports from a local HTTP server on 127.0.0.1 (with ETags, answering conditional
requests with 304 Not Modified, keep-alive like a real web server), runs `lscp nightly` once to
download and load them all, then times further runs of the same command, each a separate process
(interpreter start-up included), and checks that they fetched and processed nothing.

The first re-run reads every file once to confirm its sha256 (the files were written moments
before their first check, so their modification times are not yet trusted); later re-runs skip
unchanged files on size and modification time alone.

    .venv/bin/python scripts/bench_nightly.py            # 1,000 files, 3 timed re-runs
    .venv/bin/python scripts/bench_nightly.py --files 200 --reruns 5 --keep /tmp/bench

Exit code 0 when every timed re-run finished under --limit seconds (default 5), 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIPS = 50


def report_text(i: int) -> str:
    name = f"Area {i % PARTNERSHIPS:02d}"
    start = 2014 + i // PARTNERSHIPS % 10
    year = f"{start}-{(start + 1) % 100:02d}"
    lines = [
        f"# {name} Safeguarding Children Partnership Annual Report {year}",
        "",
        f"There were {1000 + i} referrals to children's social care in {year}.",
        f"The rate of child protection plans was {40 + i % 20}.5 per 10,000 children.",
        f"Neglect remains a priority for {start + 1}-{(start + 2) % 100:02d}.",
    ]
    lines += [f"Paragraph {k} of report {i}: the partnership met its statutory duties." for k in range(20)]
    return "\n".join(lines) + "\n"


def serve(files: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    etags = {path: '"' + hashlib.sha256(body).hexdigest()[:16] + '"' for path, body in files.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            body = files.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == etags[self.path]:
                self.send_response(304)
                self.send_header("ETag", etags[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etags[self.path])
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def nightly(work: Path, workers: int) -> tuple[float, subprocess.CompletedProcess]:
    command = [
        sys.executable, "-m", "lscp.cli", "nightly", "--sources", str(work / "sources.csv"), "--dest", str(work / "raw"),
        "--db", str(work / "lscp.duckdb"), "--workers", str(workers), "-q",
    ]  # fmt: skip
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - began, done


def last_run(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT 1")
        return dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="reports to serve (default 1000)")
    parser.add_argument("--reruns", type=int, default=3, help="timed re-runs (default 3)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers for the first, loading run")
    parser.add_argument("--limit", type=float, default=5.0, help="seconds a re-run may take (default 5)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lscp-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        files = {f"/reports/report-{i:04d}.md": report_text(i).encode() for i in range(args.files)}
        httpd, base = serve(files)
        try:
            rows = ["partnership,url"] + [
                f"Area {i % PARTNERSHIPS:02d} Safeguarding Children Partnership,{base}{path}"
                for i, path in enumerate(files)
            ]
            (work / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

            seconds, done = nightly(work, args.workers)
            run = last_run(work / "lscp.duckdb")
            print(f"first run: {seconds:.1f}s, exit {done.returncode}: {run['message']}")
            if done.returncode != 0 or run["processed"] != args.files:
                print(done.stderr, file=sys.stderr)
                return 1

            timings = []
            for attempt in range(1, args.reruns + 1):
                seconds, done = nightly(work, args.workers)
                run = last_run(work / "lscp.duckdb")
                inside = (run["finished_at"] - run["started_at"]).total_seconds()
                print(
                    f"re-run {attempt}: {seconds:.2f}s wall ({inside:.2f}s inside the run), exit {done.returncode}: "
                    f"{run['message']}"
                )
                unchanged = run["fetched_new"] == 0 and run["processed"] == 0 and run["skipped"] == args.files
                if done.returncode != 0 or not unchanged:
                    print(done.stderr, file=sys.stderr)
                    return 1
                timings.append(seconds)
        finally:
            httpd.shutdown()
            httpd.server_close()

    print(
        f"\nlscp nightly over {args.files} unchanged files: best {min(timings):.2f}s, "
        f"median {statistics.median(timings):.2f}s, worst {max(timings):.2f}s (limit {args.limit:.0f}s)"
    )
    print(f"on {os.cpu_count()} cores, Python {sys.version.split()[0]}, duckdb {duckdb.__version__}")
    print(f"reproduce: cd {ROOT} && {shlex.join([sys.executable, 'scripts/bench_nightly.py', *sys.argv[1:]])}")
    return 0 if max(timings) < args.limit else 1


if __name__ == "__main__":
    sys.exit(main())

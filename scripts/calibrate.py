"""Measure how often each rule is right, and write normalise/data/confidence.tsv.

Ingests the answer sets the rules may be tuned on (the regression set, the samples, the tune half of the
held-out set, and the corpus in ../shared when present; never the holdout half), scores every extracted
fact against its answers, and counts per rule (and per rule qualified by what the fact says, see
normalise/calibration.py) how many facts it produced and how many were right.

    .venv/bin/python scripts/calibrate.py            # writes normalise/data/confidence.tsv
    .venv/bin/python scripts/calibrate.py --check    # prints the table, writes nothing

Run it again after changing rules: the confidences are part of the extractor version.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from lscp import evaluate, load, pipeline
from lscp.normalise import calibration as conf

ROOT = Path(__file__).resolve().parents[1]
SETS = (
    ("regression", ROOT / "data" / "regression" / "docs", ROOT / "data" / "regression" / "answers.jsonl"),
    ("samples", ROOT / "data" / "raw", ROOT / "data" / "gold" / "samples.jsonl"),
    ("tune", ROOT / "data" / "heldout" / "tune" / "docs", ROOT / "data" / "heldout" / "tune" / "answers.jsonl"),
    ("corpus", ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "gold" / "answers.jsonl"),
)
OUT = ROOT / "normalise" / "data" / conf.FILE
MIN_FACTS = 3  # a key measured on fewer facts is left to the broader key above it


def measured() -> dict[str, list[int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with tempfile.TemporaryDirectory(prefix="lscp-calibrate-") as folder:
        for name, docs, answers in SETS:
            if not docs.is_dir() or not answers.is_file():
                print(f"skipped {name}: {docs} is absent", file=sys.stderr)
                continue
            db = Path(folder) / f"{name}.duckdb"
            files, _ = pipeline.discover([docs])
            pipeline.ingest(files, db, workers=1)
            with load.Warehouse(db, read_only=True) as warehouse:
                extracted = list(warehouse.iter_facts())
            judged = evaluate.judged(extracted, evaluate.load_jsonl(answers))
            for fact, right in judged:
                fields = {k: v for k, v in fact.items() if k not in ("doc", "kind")}
                for key in conf.keys(fact["kind"], fact.get("rule"), fields):
                    counts[key][0] += 1
                    counts[key][1] += int(right)
            print(f"{name}: {len(judged)} facts judged, {sum(r for _, r in judged)} right", file=sys.stderr)
    return counts


def table_text(counts: dict[str, list[int]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(conf.COLUMNS)
    for key in sorted(counts):
        facts, right = counts[key]
        if facts >= MIN_FACTS or "." not in key:
            writer.writerow([key, facts, right, f"{conf.smoothed(right, facts):.3f}"])
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the table instead of writing it")
    args = parser.parse_args()
    text = table_text(measured())
    if args.check:
        sys.stdout.write(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"{len(text.splitlines()) - 1} keys -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

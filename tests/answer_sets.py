"""What the tests of the answer sets (data/regression, data/heldout) share: reading an answer file and its
documents folder, checking every answer line against the fact models, and scoring the tool on a set."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from lscp import evaluate, load, pipeline
from lscp.schemas import FactKind, fact_adapter

KINDS = {kind.value for kind in FactKind}


def answer_lines(answers: Path) -> list[dict]:
    return [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines() if line.strip()]


def document_files(docs: Path) -> dict[str, str]:
    """Document id (file stem, as the scorer uses it) -> file name."""
    return {p.stem: p.name for p in docs.iterdir() if p.is_file() and not p.name.startswith(".")}


def answer_problems(lines: list[dict]) -> list[str]:
    """Each answer line that names no document, a 'covers' line that does not cover every kind, and a fact the
    models reject or would write differently from the contract."""
    problems = []
    for number, line in enumerate(lines, start=1):
        if not isinstance(line.get("doc"), str) or not line["doc"]:
            problems.append(f"line {number}: no doc")
        elif line.get("kind") == "covers":
            if set(line.get("kinds", ())) != KINDS:
                problems.append(f"line {number}: covers must name every kind")
        else:
            fact = {k: v for k, v in line.items() if k != "doc"}
            try:
                model = fact_adapter.validate_python(fact)
            except ValueError as exc:
                problems.append(f"line {number}: {exc}")
                continue
            if model.contract() != fact:
                problems.append(f"line {number}: fields differ from the contract's: {line}")
    return problems


def step_problems(files: dict[str, str], lines: list[dict]) -> list[str]:
    """Where documents and answers are out of step: answers without a file and files without answers, a document
    without its one 'covers' and one 'report' line, an answer fact given twice."""
    problems = []
    answered = {line["doc"] for line in lines}
    if answered != set(files):
        problems.append(f"answers without a file: {sorted(answered - set(files))}; files without answers: {sorted(set(files) - answered)}")
    per_doc = Counter((line["doc"], line["kind"]) for line in lines)
    problems += [f"{doc}: needs one covers and one report line" for doc in files if not per_doc[(doc, "covers")] == per_doc[(doc, "report")] == 1]
    keys = [json.dumps(line, sort_keys=True) for line in lines]
    if len(keys) != len(set(keys)):
        problems.append("an answer fact is repeated")
    return problems


def score_set(docs: Path, answers: Path, db: Path) -> evaluate.ScoreReport:
    """Ingest every document of a set into ``db`` (one worker) and score the facts against its answers; every
    document must load, under the id its answers use."""
    files = document_files(docs)
    summary = pipeline.ingest(pipeline.discover([docs])[0], db, workers=1)
    assert summary.failed == 0 and summary.processed == len(files)
    with load.Warehouse(db, read_only=True) as warehouse:
        extracted = list(warehouse.iter_facts())
    assert {fact["doc"] for fact in extracted} <= set(files), "document ids must match the answers"
    return evaluate.score(extracted, evaluate.load_jsonl(answers))

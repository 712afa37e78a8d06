"""The held-out regression set in data/regression: valid answers, documents and answers in step, an F1 floor."""

from __future__ import annotations

import json
from collections import Counter

from lscp import evaluate
from lscp import load
from lscp import pipeline
from lscp.schemas import FactKind, fact_adapter
from test_pipeline import ROOT, counts

FLOOR = 0.95  # measured overall F1 rounded down to 2 decimals, minus 0.02; raise it as rules improve

REGRESSION = ROOT / "data" / "regression"
DOCS = REGRESSION / "docs"
ANSWERS = REGRESSION / "answers.jsonl"
KINDS = {kind.value for kind in FactKind}


def answer_lines() -> list[dict]:
    return [json.loads(line) for line in ANSWERS.read_text(encoding="utf-8").splitlines() if line.strip()]


def document_files() -> dict[str, str]:
    """Document id (file stem, as the scorer uses it) -> file name."""
    return {p.stem: p.name for p in DOCS.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_every_answer_line_is_a_valid_fact():
    problems = []
    for number, line in enumerate(answer_lines(), start=1):
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
    assert not problems, "\n".join(problems)


def test_documents_and_answers_are_in_step():
    files = document_files()
    assert 12 <= len(files) <= 16
    assert len(files) == len({name.lower() for name in files.values()}), "two files share a document id"
    assert {p.suffix for p in DOCS.iterdir()} == {".md", ".txt", ".html"}
    lines = answer_lines()
    answered = {line["doc"] for line in lines}
    assert answered == set(files), f"answers without a file: {answered - set(files)}; files without answers: {set(files) - answered}"
    per_doc = Counter((line["doc"], line["kind"]) for line in lines)
    for doc in files:
        assert per_doc[(doc, "covers")] == 1 and per_doc[(doc, "report")] == 1, doc
    keys = [json.dumps(line, sort_keys=True) for line in lines]
    assert len(keys) == len(set(keys)), "an answer fact is repeated"


def test_regression_f1_floor(tmp_path):
    db = tmp_path / "r.duckdb"
    summary = pipeline.ingest(pipeline.discover([DOCS])[0], db, workers=1)
    assert summary.failed == 0 and summary.processed == len(document_files())
    assert counts(db)["documents"] == len(document_files())
    with load.Warehouse(db, read_only=True) as warehouse:
        extracted = list(warehouse.iter_facts())
    assert {fact["doc"] for fact in extracted} == set(document_files()), "document ids must match the answers"
    report = evaluate.score(extracted, evaluate.load_jsonl(ANSWERS))
    assert report.overall.f1 >= FLOOR, evaluate.format_table(report)

"""The held-out set in data/heldout: valid answers, documents and answers in step, an F1 floor for each half.

The tune half may guide rules; the holdout half is only scored. Floors are the measured overall F1 rounded
down to two decimals, minus 0.02; raise them as the rules improve."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from lscp import evaluate, load, pipeline
from lscp.schemas import FactKind, fact_adapter
from test_pipeline import ROOT

HELDOUT = ROOT / "data" / "heldout"
FLOORS = {"tune": 0.96, "holdout": 0.87}
KINDS = {kind.value for kind in FactKind}


def answer_lines(half: str) -> list[dict]:
    text = (HELDOUT / half / "answers.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def document_files(half: str) -> dict[str, str]:
    folder = HELDOUT / half / "docs"
    return {p.stem: p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_every_answer_line_is_a_valid_fact(half):
    problems = []
    for number, line in enumerate(answer_lines(half), start=1):
        if line.get("kind") == "covers":
            if set(line.get("kinds", ())) != KINDS:
                problems.append(f"line {number}: covers must name every kind")
            continue
        fact = {k: v for k, v in line.items() if k != "doc"}
        try:
            model = fact_adapter.validate_python(fact)
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        if model.contract() != fact:
            problems.append(f"line {number}: fields differ from the contract's: {line}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_documents_and_answers_are_in_step(half):
    files = document_files(half)
    assert len(files) >= 20
    lines = answer_lines(half)
    assert {line["doc"] for line in lines} == set(files)
    per_doc = Counter((line["doc"], line["kind"]) for line in lines)
    for doc in files:
        assert per_doc[(doc, "covers")] == 1 and per_doc[(doc, "report")] == 1, doc
    keys = [json.dumps(line, sort_keys=True) for line in lines]
    assert len(keys) == len(set(keys)), "an answer fact is repeated"


def test_the_halves_share_no_partnership():
    def partnerships(half: str) -> set[str]:
        return {line["partnership"] for line in answer_lines(half) if line["kind"] == "report"}

    assert not partnerships("tune") & partnerships("holdout")


@pytest.mark.slow
@pytest.mark.parametrize("half", sorted(FLOORS))
def test_heldout_f1_floor(tmp_path, half):
    db = tmp_path / f"{half}.duckdb"
    files, _ = pipeline.discover([HELDOUT / half / "docs"])
    summary = pipeline.ingest(files, db, workers=1)
    assert summary.failed == 0 and summary.processed == len(document_files(half))
    with load.Warehouse(db, read_only=True) as warehouse:
        extracted = list(warehouse.iter_facts())
    report = evaluate.score(extracted, evaluate.load_jsonl(HELDOUT / half / "answers.jsonl"))
    assert report.overall.f1 >= FLOORS[half], evaluate.format_table(report)

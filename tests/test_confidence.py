"""Confidence per fact: measured per rule, exported with every fact, filtered on, and scored at thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lscp import cli, evaluate
from lscp.normalise import calibration

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("confidence") / "samples.duckdb"
    result = CliRunner().invoke(cli.app, ["ingest", "-q", str(ROOT / "data" / "raw"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def test_the_most_specific_measured_key_wins(monkeypatch):
    monkeypatch.setattr(calibration, "table", lambda: {"figure": 0.6, "figure.sentence": 0.8, "figure.sentence|national": 0.95})
    assert calibration.confidence("figure", "figure.sentence", {"comparator": "national"}) == 0.95
    assert calibration.confidence("figure", "figure.sentence", {"comparator": None}) == 0.8
    assert calibration.confidence("figure", "figure.sentence.callout", {"comparator": None}) == 0.8  # a prefix
    assert calibration.confidence("figure", "figure.table", {"comparator": None}) == 0.6  # the kind
    assert calibration.confidence("theme", "theme.phrase", {}) == calibration.DEFAULT
    assert calibration.confidence("figure", "figure.sentence", {"comparator": None}, ocr=True) < 0.8


def test_a_rule_measured_on_few_facts_is_trusted_less():
    assert calibration.smoothed(0, 0) == 0.5
    assert calibration.smoothed(1, 1) < 0.5  # right once is no evidence
    assert calibration.smoothed(5, 5) < calibration.smoothed(50, 50) < calibration.smoothed(500, 500) < 1.0
    assert calibration.smoothed(90, 100) < 0.9 < calibration.smoothed(99, 100)


def test_the_shipped_table_is_valid_and_not_a_constant():
    table = calibration.table()
    assert {"report", "figure", "review", "partner", "person", "theme", "priority", "finance"} <= set(table)
    assert all(0.0 <= value <= 1.0 for value in table.values())
    assert len(set(table.values())) > 10


def test_judged_marks_each_covered_fact_right_or_wrong():
    gold = [
        {"doc": "d", "kind": "covers", "kinds": ["theme"]},
        {"doc": "d", "kind": "theme", "theme": "neglect"},
    ]
    extracted = [
        {"doc": "d", "kind": "theme", "theme": "neglect", "rule": "theme.phrase"},
        {"doc": "d", "kind": "theme", "theme": "online_safety", "rule": "theme.phrase"},
        {"doc": "d", "kind": "figure", "metric": "referrals", "value": 1, "unit": "count"},  # not covered
    ]
    assert [(fact["theme"], right) for fact, right in evaluate.judged(extracted, gold)] == [("neglect", True), ("online_safety", False)]


def test_thresholds_keep_only_confident_facts():
    gold = [{"doc": "d", "kind": "covers", "kinds": ["theme"]}, {"doc": "d", "kind": "theme", "theme": "neglect"}]
    extracted = [
        {"doc": "d", "kind": "theme", "theme": "neglect", "confidence": 0.9},
        {"doc": "d", "kind": "theme", "theme": "online_safety", "confidence": 0.6},
    ]
    counts = evaluate.at_thresholds(extracted, gold)
    assert (counts[0.5].extracted, counts[0.5].matched) == (2, 1)
    assert (counts[0.8].extracted, counts[0.8].matched, counts[0.8].precision) == (1, 1, 1.0)


def test_export_carries_confidence_and_filters_on_it(sample_db, tmp_path):
    runner = CliRunner()
    everything = tmp_path / "all.jsonl"
    confident = tmp_path / "confident.jsonl"
    assert runner.invoke(cli.app, ["export", "facts", "--out", str(everything), "--db", str(sample_db)]).exit_code == 0
    result = runner.invoke(cli.app, ["export", "facts", "--out", str(confident), "--db", str(sample_db), "--min-confidence", "0.95"])
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in everything.read_text(encoding="utf-8").splitlines()]
    kept = [json.loads(line) for line in confident.read_text(encoding="utf-8").splitlines()]
    assert all(0.0 <= fact["confidence"] <= 1.0 for fact in facts)
    assert len({fact["confidence"] for fact in facts}) > 3, "confidence must differ by rule"
    assert kept and len(kept) < len(facts) and all(fact["confidence"] >= 0.95 for fact in kept)


def test_eval_prints_precision_and_recall_at_thresholds(sample_db):
    gold = ROOT / "data" / "gold" / "samples.jsonl"
    table = CliRunner().invoke(cli.app, ["eval", "--gold", str(gold), "--db", str(sample_db)])
    assert table.exit_code == 0 and ">= 0.50" in table.output and ">= 0.80" in table.output
    as_json = CliRunner().invoke(cli.app, ["eval", "--gold", str(gold), "--db", str(sample_db), "--json"])
    scores = json.loads(as_json.output)
    assert set(scores["confidence"]) == {"0.5", "0.8"}
    assert scores["confidence"]["0.8"]["precision"] >= scores["overall"]["precision"] - 0.02

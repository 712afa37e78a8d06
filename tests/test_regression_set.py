"""The held-out regression set in data/regression: valid answers, documents and answers in step, an F1 floor."""

from __future__ import annotations

from answer_sets import answer_lines, answer_problems, document_files, score_set, step_problems
from lscp import evaluate
from test_pipeline import ROOT, counts

FLOOR = 0.95  # measured overall F1 rounded down to 2 decimals, minus 0.02; raise it as rules improve

REGRESSION = ROOT / "data" / "regression"
DOCS = REGRESSION / "docs"
ANSWERS = REGRESSION / "answers.jsonl"


def test_every_answer_line_is_a_valid_fact():
    problems = answer_problems(answer_lines(ANSWERS))
    assert not problems, "\n".join(problems)


def test_documents_and_answers_are_in_step():
    files = document_files(DOCS)
    assert 12 <= len(files) <= 16
    assert len(files) == len({name.lower() for name in files.values()}), "two files share a document id"
    assert {p.suffix for p in DOCS.iterdir()} == {".md", ".txt", ".html"}
    problems = step_problems(files, answer_lines(ANSWERS))
    assert not problems, "\n".join(problems)


def test_regression_f1_floor(tmp_path):
    db = tmp_path / "r.duckdb"
    report = score_set(DOCS, ANSWERS, db)
    assert counts(db)["documents"] == len(document_files(DOCS))
    assert report.overall.f1 >= FLOOR, evaluate.format_table(report)

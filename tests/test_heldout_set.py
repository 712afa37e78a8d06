"""The held-out set in data/heldout: valid answers, documents and answers in step, an F1 floor for each half.

The tune half may guide rules; the holdout half is only scored. Floors are the measured overall F1 rounded
down to two decimals, minus 0.02; raise them as the rules improve."""

from __future__ import annotations

import pytest

from answer_sets import answer_lines as answer_set_lines
from answer_sets import answer_problems, score_set, step_problems
from answer_sets import document_files as answer_set_files
from lscp import evaluate
from test_pipeline import ROOT

HELDOUT = ROOT / "data" / "heldout"
FLOORS = {"tune": 0.96, "holdout": 0.87}


def answer_lines(half: str) -> list[dict]:
    return answer_set_lines(HELDOUT / half / "answers.jsonl")


def document_files(half: str) -> dict[str, str]:
    return answer_set_files(HELDOUT / half / "docs")


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_every_answer_line_is_a_valid_fact(half):
    problems = answer_problems(answer_lines(half))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_documents_and_answers_are_in_step(half):
    files = document_files(half)
    assert len(files) >= 20
    problems = step_problems(files, answer_lines(half))
    assert not problems, "\n".join(problems)


def test_the_halves_share_no_partnership():
    def partnerships(half: str) -> set[str]:
        return {line["partnership"] for line in answer_lines(half) if line["kind"] == "report"}

    assert not partnerships("tune") & partnerships("holdout")


@pytest.mark.slow
@pytest.mark.parametrize("half", sorted(FLOORS))
def test_heldout_f1_floor(tmp_path, half):
    report = score_set(HELDOUT / half / "docs", HELDOUT / half / "answers.jsonl", tmp_path / f"{half}.duckdb")
    assert report.overall.f1 >= FLOORS[half], evaluate.format_table(report)

"""Tests for scoring extracted facts against an answer file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lscp.evaluate import format_detail, format_table, load_jsonl, score, to_dict
from lscp.evaluate.scoring import RULES, match, shorten

SHARED = Path(__file__).resolve().parents[2] / "shared"
ALL_KINDS = ["report", "figure", "review", "partner", "person", "theme", "priority", "finance"]


def covers(doc: str = "d", kinds: list[str] | None = None) -> dict:
    return {"doc": doc, "kind": "covers", "kinds": kinds or ALL_KINDS}


def figure(value: float, metric: str = "referrals", doc: str = "d", **fields) -> dict:
    base = {"metric": metric, "value": value, "unit": "count", "area": None, "breakdown": None, "comparator": None}
    return {"doc": doc, "kind": "figure", **base, **fields}


def fact(kind: str, doc: str = "d", **fields) -> dict:
    return {"doc": doc, "kind": kind, **fields}


def counts(report, kind: str) -> tuple[int, int, int]:
    c = report.kinds[kind]
    return c.gold, c.extracted, c.matched


def matched(kind: str, extracted: dict, answer: dict) -> bool:
    return score([extracted], [covers(kinds=[kind]), answer]).kinds[kind].matched == 1


# ---------------------------------------------------------------- reading


def test_load_jsonl_skips_blank_lines(tmp_path):
    path = tmp_path / "facts.jsonl"
    path.write_text('{"doc": "a", "kind": "theme", "theme": "neglect"}\n\n{"doc": "b"}\n', encoding="utf-8")
    assert load_jsonl(path) == [{"doc": "a", "kind": "theme", "theme": "neglect"}, {"doc": "b"}]


def test_load_jsonl_names_file_and_line_on_bad_json(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"doc": "a"}\n{"doc": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl, line 2: not valid JSON"):
        load_jsonl(path)


def test_load_jsonl_refuses_non_objects(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: expected a JSON object"):
        load_jsonl(path)


# ---------------------------------------------------------------- match rules


REPORT = fact(
    "report",
    partnership="Camden Safeguarding Children Partnership",
    document_kind="annual_report",
    reporting_year="2022-23",
    areas=["Camden"],
)


def test_report_partnership_alike_kind_and_year_equal():
    assert matched("report", {**REPORT, "partnership": "camden safeguarding children partnership (CSCP)"}, REPORT)
    assert matched("report", {**REPORT, "areas": []}, REPORT)  # areas are not scored
    assert not matched("report", {**REPORT, "partnership": "Islington Council"}, REPORT)
    assert not matched("report", {**REPORT, "reporting_year": "2021-22"}, REPORT)
    assert not matched("report", {**REPORT, "document_kind": "other"}, REPORT)


def test_ampersand_reads_as_and():
    answer = {**REPORT, "partnership": "Brighton and Hove Safeguarding Children Partnership"}
    assert matched("report", {**REPORT, "partnership": "Brighton & Hove Safeguarding Children Partnership"}, answer)


def test_figure_value_tolerance():
    assert matched("figure", figure(1000.0), figure(1004.9))  # within 0.5 %
    assert not matched("figure", figure(1000.0), figure(1005.1))
    assert matched("figure", figure(3.04), figure(3.0))  # within 0.05 absolute
    assert not matched("figure", figure(3.06), figure(3.0))
    assert not matched("figure", figure("many"), figure(3.0))


def test_figure_area_only_when_the_answer_gives_one():
    assert matched("figure", figure(5, area="Peterborough"), figure(5))
    assert matched("figure", figure(5, area="PETERBOROUGH"), figure(5, area="Peterborough"))
    assert not matched("figure", figure(5), figure(5, area="Peterborough"))
    assert not matched("figure", figure(5, area="Cambridgeshire"), figure(5, area="Peterborough"))


def test_figure_metric_breakdown_and_comparator_equal():
    assert not matched("figure", figure(5, metric="contacts"), figure(5))
    assert not matched("figure", figure(5, breakdown="neglect"), figure(5))
    assert not matched("figure", figure(5), figure(5, comparator="national"))
    assert matched("figure", figure(5, comparator="national"), figure(5, comparator="national"))


def test_figure_prefers_exact_value_then_closest():
    answers = [figure(100.0), figure(100.4)]
    extracted = [figure(100.4), figure(100.0)]
    assert match(extracted, answers, RULES["figure"]) == {0: 1, 1: 0}


def test_review_name_alike_type_equal_and_status_apart():
    answer = fact("review", case_name="Child Q", review_type="lcspr", status="published", conducted_by=None)
    right = {**answer, "case_name": "child q"}
    wrong_status = {**answer, "doc": "e", "status": "completed"}
    gold = [covers(kinds=["review"]), answer, covers("e", ["review"]), {**answer, "doc": "e"}]
    report = score([right, wrong_status], gold)
    assert counts(report, "review") == (2, 2, 2)
    assert (report.attributes["review.status"].right, report.attributes["review.status"].total) == (1, 2)
    assert report.mismatches[0]["field"] == "status"
    assert not matched("review", {**answer, "review_type": "scr"}, answer)
    assert not matched("review", {**answer, "case_name": "Child R"}, answer)


def test_partner_name_alike_with_type_and_role_apart():
    answer = fact("partner", name="Metropolitan Police Service", org_type="police", role="statutory_partner")
    extracted = {**answer, "name": "The Metropolitan Police Service", "role": "relevant_agency"}
    report = score([extracted], [covers(kinds=["partner"]), answer])
    assert counts(report, "partner") == (1, 1, 1)
    assert report.attributes["partner.org_type"].value == 1.0
    assert report.attributes["partner.role"].value == 0.0
    assert not matched("partner", {**answer, "name": "Met Police"}, answer)


def test_person_name_alike_and_role_equal():
    answer = fact("person", name="Dominic Clout", role="independent_scrutineer")
    assert matched("person", {**answer, "name": "dominic  clout"}, answer)
    assert not matched("person", {**answer, "role": "independent_chair"}, answer)
    assert not matched("person", {**answer, "name": "Dominic Smith"}, answer)


def test_theme_and_priority_theme_equal():
    assert matched("theme", fact("theme", theme="neglect"), fact("theme", theme="neglect"))
    assert not matched("theme", fact("theme", theme="neglect"), fact("theme", theme="domestic_abuse"))
    priority = fact("priority", theme="neglect", period="2023-24")
    assert matched("priority", {**priority, "period": None}, priority)  # period is not scored
    assert not matched("priority", {**priority, "theme": "domestic_abuse"}, priority)


def test_finance_direction_counterparty_and_amount():
    answer = fact("finance", direction="income", counterparty="Camden Council", amount_gbp=5000, is_total=False)
    assert matched("finance", {**answer, "amount_gbp": 5000.99}, answer)
    assert not matched("finance", {**answer, "amount_gbp": 5001.5}, answer)
    assert not matched("finance", {**answer, "direction": "expenditure"}, answer)
    assert matched("finance", {**answer, "counterparty": "London Borough of Camden Council"}, answer)
    staffing = {**answer, "direction": "expenditure", "counterparty": "Staffing and Travel"}
    assert matched("finance", {**staffing, "counterparty": "Staffing & Travel costs"}, staffing)  # >= 85
    assert not matched("finance", {**staffing, "counterparty": "Training"}, staffing)


# ---------------------------------------------------------------- counting


def test_duplicates_count_against_precision():
    answer = fact("theme", theme="neglect")
    report = score([answer, dict(answer)], [covers(kinds=["theme"]), answer])
    assert counts(report, "theme") == (1, 2, 1)
    assert report.kinds["theme"].precision == 0.5 and report.kinds["theme"].recall == 1.0
    assert report.spurious == [answer]


def test_uncovered_kinds_and_documents_are_ignored():
    gold = [covers(kinds=["theme"]), fact("theme", theme="neglect"), figure(5)]
    extracted = [
        fact("theme", theme="neglect"),
        figure(7),  # kind not covered for d
        fact("theme", doc="elsewhere", theme="neglect"),  # document not in the answers
    ]
    report = score(extracted, gold)
    assert list(report.kinds) == ["theme"]
    assert counts(report, "theme") == (1, 1, 1)
    assert report.spurious == [] and report.misses == []


def test_exact_pairs_are_taken_before_alike_ones():
    # "Child" is alike "Child A" too (a token subset scores 100); the exact pairs must win.
    child_a, child = (fact("review", case_name=name, review_type="lcspr") for name in ("Child A", "Child"))
    report = score([child, child_a], [covers(kinds=["review"]), child_a, child])
    assert counts(report, "review") == (2, 2, 2)


def test_augmenting_moves_an_earlier_pair():
    def fits(extracted: dict, answer: int) -> tuple[float, ...] | None:
        return (1.0,) if answer in extracted["fits"] else None

    # greedy pairs extracted 0 with answer 0; extracted 1 fits only answer 0, so 0 moves to answer 1
    assert match([{"fits": [0, 1]}, {"fits": [0]}], [0, 1], fits) == {0: 1, 1: 0}


def test_micro_average_and_empty_extraction():
    gold = [covers("a", ["theme"]), fact("theme", "a", theme="neglect")]
    gold += [covers("b", ["theme"]), fact("theme", "b", theme="neglect")]
    report = score([fact("theme", "a", theme="neglect")], gold)
    assert counts(report, "theme") == (2, 1, 1)
    assert report.overall.precision == 1.0 and report.overall.recall == 0.5
    assert report.overall.f1 == pytest.approx(2 / 3)
    empty = score([], gold)
    assert (empty.overall.precision, empty.overall.recall, empty.overall.f1) == (0.0, 0.0, 0.0)
    assert [miss["doc"] for miss in empty.misses] == ["a", "b"]


# ---------------------------------------------------------------- output


def test_format_table_and_to_dict():
    gold = [covers(kinds=["theme", "partner"]), fact("theme", theme="neglect")]
    report = score([fact("theme", theme="neglect")], gold)
    table = format_table(report).splitlines()
    assert table[0].split() == ["kind", "gold", "extracted", "matched", "P", "R", "F1"]
    assert table[1].split() == ["partner", "0", "0", "0", "0.000", "0.000", "0.000"]
    assert table[2].split() == ["theme", "1", "1", "1", "1.000", "1.000", "1.000"]
    assert table[3].split()[0] == "overall"
    assert "partner.role" in format_table(report) and "-" in table[-1].split()
    data = json.loads(json.dumps(to_dict(report)))
    assert data["kinds"]["theme"]["f1"] == 1.0 and data["overall"]["matched"] == 1
    assert data["attributes"]["partner.role"] == {"right": 0, "total": 0, "accuracy": None}


def test_format_detail_shows_misses_spurious_and_evidence():
    long_sentence = "Referrals rose sharply. " * 20
    extracted = [figure(12, page=4, rule="figure.count.v1", sentence=long_sentence, char_start=1, char_end=3)]
    report = score(extracted, [covers(kinds=["figure"]), figure(99)])
    detail = format_detail(report)
    lines = detail.splitlines()
    assert lines[0] == "d / figure"
    assert lines[1].split()[0] == "missed" and "value=99" in lines[1]
    assert lines[2].split()[0] == "spurious" and "p. 4" in lines[2] and "rule figure.count.v1" in lines[2]
    assert "char_start" not in detail and "…" in lines[2]
    assert format_detail(score([], [covers()])) == ""


def test_shorten():
    assert shorten("a  b\n c") == "a b c"
    assert len(shorten("x" * 500)) == 160


# ---------------------------------------------------------------- the answer file


@pytest.mark.shared
def test_answer_file_scores_perfectly_against_itself():
    answers = SHARED / "gold" / "answers.jsonl"
    if not answers.exists():
        pytest.skip(f"{answers} is absent")
    gold = load_jsonl(answers)
    report = score(gold, gold)
    assert report.kinds, "the answer file covers no kinds"
    assert {kind: counts.f1 for kind, counts in report.kinds.items()} == {kind: 1.0 for kind in report.kinds}
    assert all(accuracy.value == 1.0 for accuracy in report.attributes.values())
    assert report.misses == [] and report.spurious == []

"""The statutory audit: the requirements file validates, every requirement is tested on invented passages
(met, partly, not_found), the audit reaches its accuracy floor on the hand answers, and every `met` row's
sentence holds one of its requirement's cues."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from lscp import audit, evaluate, pipeline
from lscp.audit import RequirementsError, load_requirements, parse_requirements, requirements_text
from lscp.schemas import Block, BlockKind, Document, Page

ROOT = Path(__file__).resolve().parents[1]
REGRESSION = ROOT / "data" / "regression" / "docs"
ANSWERS = ROOT / "data" / "audit" / "answers.jsonl"
CORPUS_ANSWERS = ROOT / "data" / "audit" / "corpus_answers.jsonl"
FLOOR = 0.85


# ---------------------------------------------------------------- the requirements file


def test_the_requirements_file_validates():
    requirements = load_requirements()
    assert requirements.version
    editions = {r.edition for r in requirements.requirements}
    assert editions == {"WT2018", "WT2023", "Panel"}
    assert all(r.paragraph for r in requirements.requirements)
    panel = {r.id for r in requirements.requirements if r.edition == "Panel"}
    assert {"panel.priorities", "panel.impact", "panel.training_evaluation", "panel.local_reviews", "panel.national_reviews",
            "panel.voice", "panel.scrutiny", "panel.education", "panel.funding", "panel.published_in_period"} <= panel  # fmt: skip


def _with(change) -> str:
    lines = [json.loads(line) for line in requirements_text().splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line["kind"] == "requirement")
    change(lines[first])
    return "\n".join(json.dumps(line) for line in lines)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(colour="red"), "colour: Extra inputs are not permitted"),
        (lambda r: r.pop("paragraph"), "paragraph: Field required"),
        (lambda r: r.update(paragraph=""), "paragraph: String should have at least 3 characters"),
        (lambda r: r.update(edition="WT2015"), "edition 'WT2015' is not one of WT2018, WT2023, Panel"),
        (lambda r: r.update(cues="nothing"), "names unknown cue set 'nothing'"),
    ],
    ids=["unknown field", "missing paragraph", "empty paragraph", "bad edition", "unknown cue set"],
)
def test_a_malformed_requirement_is_a_clear_error(change, message):
    with pytest.raises(RequirementsError, match="line \\d+|requirement") as caught:
        parse_requirements(_with(change))
    assert message in str(caught.value)


def test_a_file_without_a_header_is_refused():
    text = "\n".join(line for line in requirements_text().splitlines() if '"kind": "header"' not in line)
    with pytest.raises(RequirementsError, match="no header line with a version"):
        parse_requirements(text)


# ---------------------------------------------------------------- invented passages

REPORT = {"kind": "report", "partnership": "Invented Safeguarding Children Partnership", "document_kind": "annual_report",
          "reporting_year": "2022-23", "evidence": {"sentence": "Invented Safeguarding Children Partnership Annual Report 2022-23", "page": 1}}  # fmt: skip


def document(*parts: tuple[str, str]) -> Document:
    """A one-page document of (kind, text) blocks."""
    text, blocks = "", []
    for kind, part in parts:
        start = len(text)
        text += part + "\n\n"
        blocks.append(Block(kind=BlockKind(kind), start=start, end=start + len(part), page=1, level=2 if kind == "heading" else None))
    return Document(doc_id="invented", path="invented.txt", sha256="0", media_type="text/plain", text=text,
                    pages=[Page(number=1, start=0, end=len(text))], blocks=blocks)  # fmt: skip


def status(requirement: str, *parts: tuple[str, str], facts: list[dict] | None = None) -> str:
    rows = audit.audit_document(document(*parts), [REPORT] if facts is None else facts)
    return next(row.status for row in rows if row.requirement == requirement)


P = "paragraph"
NEUTRAL = (P, "The partnership met six times during the year and agreed its terms of reference.")

CASES: dict[str, tuple[list, list, list]] = {
    # requirement: (met passage, partly passage, not_found passage)
    "wt2018.publish": ([(P, "This is the annual report of the partnership for 2022-23.")], [(P, "The reporting period ran from April to March.")], [NEUTRAL]),
    "wt2018.activity": ([(P, "We held four rapid reviews in the year.")], [(P, "The partnership has met its new chair.")], [NEUTRAL]),
    "wt2018.effectiveness": ([(P, "Our review of the effectiveness of the safeguarding arrangements found them sound.")], [(P, "The partners gave assurance on their audits.")], [NEUTRAL]),
    "wt2018.impact": ([(P, "Fewer babies were injured and the new pathway made a difference to children in temporary housing.")], [(P, "As a result, the referral form was shortened.")], [(P, "The impact of the pandemic was felt by every service.")]),
    "wt2018.progress_gaps": ([(P, "We made little progress on our neglect priority because the audit tool was late.")], [(P, "There is more to do on exploitation.")], [NEUTRAL]),
    "wt2018.review_actions": ([("heading", "Learning from reviews"), (P, "The escalation policy has been rewritten and relaunched for all agencies in the area.")], [(P, "The review found that agencies did not share information.")], [NEUTRAL]),
    "wt2018.feedback": ([(P, "Young people told us the front door letters were hard to read, so we rewrote them with them.")], [(P, "Hearing the voice of the child is one of our aims.")], [NEUTRAL]),
    "wt2018.sent_to_panel": ([(P, "The report was sent to the What Works Centre and the national Panel in the week it came out.")], [(P, "This report will be published on the partnership website.")], [NEUTRAL]),
    "wt2023.education": ([(P, "Designated safeguarding leads from every school sit on the education subgroup.")], [(P, "Three schools took part in the campaign.")], [NEUTRAL]),
    "wt2023.scrutiny": ([("heading", "Independent scrutiny"), (P, "I remain concerned that the partners have not agreed how data is shared, and I recommend they do so.")], [(P, "Our independent chair attended every meeting.")], [NEUTRAL]),
    "wt2023.contributions": ([(P, "Partner contributions were unchanged from last year.")], [(P, "The budget was spent on staffing.")], [NEUTRAL]),
    "wt2023.learning": ([(P, "We ran four learning events about the review of Baby T.")], [(P, "Learning is at the heart of what we do.")], [NEUTRAL]),
    "panel.priorities": ([(P, "Our priorities are neglect, exploitation and domestic abuse.")], [(P, "Neglect remains a priority for the police.")], [NEUTRAL]),
    "panel.impact": ([(P, "Fewer babies were injured and the new pathway made a difference to children in temporary housing.")], [(P, "As a result, the referral form was shortened.")], [NEUTRAL]),
    "panel.training_evaluation": ([(P, "A follow-up survey three months after each course asked how staff had changed their practice.")], [(P, "95% of attendees rated the course good or excellent.")], [NEUTRAL]),
    "panel.local_reviews": ([(P, "Since the review, health visitors have been trained to ask about fathers.")], [(P, "The review found that health visitors never met the father.")], [NEUTRAL]),
    "panel.national_reviews": ([(P, "In response to the national review of child sexual abuse in the family, we tested our procedures against its recommendations.")], [(P, "The national review of disabled children in residential settings was published in October.")], [NEUTRAL]),
    "panel.voice": ([("heading", "Voice of the child"), (P, "Our youth board of twelve young people reviewed the new leaflets and changed the wording of two of them.")], [(P, "We want to listen to children and young people more.")], [NEUTRAL]),
    "panel.scrutiny": ([(P, "Our independent scrutineer reviewed three audits this year.")], [(P, "The independent chair wrote the foreword.")], [NEUTRAL]),
    "panel.education": ([(P, "Schools and colleges are relevant agencies and have a seat on the executive.")], [(P, "Education was closed for some weeks.")], [NEUTRAL]),
    "panel.funding": ([(P, "The partnership is funded by the council, the police and the integrated care board.")], [(P, "Funding is tight for all partners.")], [NEUTRAL]),
    "panel.published_in_period": ([(P, "Published October 2023.")], [(P, "This report will be published in the autumn.")], [NEUTRAL]),
}


def test_every_requirement_has_invented_passages():
    assert set(CASES) == {r.id for r in load_requirements().requirements}


@pytest.mark.parametrize("requirement", sorted(CASES))
def test_met_partly_and_not_found_on_invented_passages(requirement):
    met, partly, none = CASES[requirement]
    facts = [] if requirement == "wt2018.publish" else None  # the report fact alone would answer the publishing requirement
    assert status(requirement, *met, facts=facts) == "met"
    assert status(requirement, *partly, facts=facts) == "partly"
    assert status(requirement, *none, facts=facts) == "not_found"


def test_a_fact_answers_a_requirement_when_its_sentence_names_it():
    priority = {"kind": "priority", "theme": "neglect", "period": None, "evidence": {"sentence": "Our priorities: neglect.", "page": 2}}
    rows = audit.audit_document(document(NEUTRAL), [REPORT, priority])
    row = next(r for r in rows if r.requirement == "panel.priorities")
    assert (row.status, row.rule, row.page) == ("met", "fact:priority", 2)


def test_a_heading_without_content_is_no_evidence():
    assert status("panel.voice", ("heading", "Voice of the child"), ("heading", "Budget")) == "partly"


def test_only_annual_reports_are_audited(tmp_path):
    minutes = ROOT / "data" / "regression" / "docs" / "marshby-scrutiny-minutes-2021-10-19.txt"
    assert pipeline.process_file(minutes).audit == []


# ---------------------------------------------------------------- the hand answers


def _answers(path: Path) -> list[dict]:
    return evaluate.audit_answers(evaluate.load_jsonl(path))


@cache
def _audited(path: Path) -> tuple:
    result = pipeline.process_file(path)
    return tuple(result.audit)


def _rows(answers: list[dict], folder: Path, suffixes=(".txt", ".md", ".html", ".pdf")) -> dict[str, tuple]:
    rows = {}
    for doc in sorted({a["doc"] for a in answers}):
        path = next(folder / f"{doc}{s}" for s in suffixes if (folder / f"{doc}{s}").exists())
        rows[doc] = _audited(path)
    return rows


def _score(answers: list[dict], rows: dict[str, tuple]) -> evaluate.AuditScore:
    audited = [(doc, row.requirement, row.status) for doc, doc_rows in rows.items() for row in doc_rows]
    return evaluate.score_audit(audited, answers)


def _check_met_evidence(rows: dict[str, tuple]) -> None:
    requirements = load_requirements()
    by_id = {r.id: r for r in requirements.requirements}
    for doc, doc_rows in rows.items():
        for row in doc_rows:
            if row.status != "met":
                continue
            cues = requirements.cues_for(by_id[row.requirement])
            assert row.sentence and row.cue, (doc, row.requirement)
            assert row.cue.lower() in row.sentence.lower(), (doc, row.requirement, row.cue, row.sentence)
            known = cues.phrases() | {p.id for p in cues.patterns}
            assert row.cue.lower() in known or row.rule == "strong" and cues.patterns, (doc, row.requirement, row.cue)


def test_the_answers_cover_every_annual_report_of_the_regression_set():
    answers = _answers(ANSWERS)
    annual = {line["doc"] for line in evaluate.load_jsonl(ROOT / "data" / "regression" / "answers.jsonl")
              if line.get("kind") == "report" and line.get("document_kind") == "annual_report"}  # fmt: skip
    assert {a["doc"] for a in answers} == annual
    ids = {r.id for r in load_requirements().requirements}
    for doc in annual:
        assert {a["requirement"] for a in answers if a["doc"] == doc} == ids, doc


def test_the_audit_reaches_its_floor_on_the_regression_answers():
    answers = _answers(ANSWERS)
    score = _score(answers, _rows(answers, REGRESSION))
    assert score.accuracy >= FLOOR, evaluate.format_audit(score, detail=True)


def test_every_met_row_of_the_regression_reports_shows_a_cue():
    answers = _answers(ANSWERS)
    _check_met_evidence(_rows(answers, REGRESSION))


@pytest.mark.shared
def test_the_audit_reaches_its_floor_on_the_corpus_answers(shared):
    folder = shared("corpus")
    answers = _answers(CORPUS_ANSWERS)
    score = _score(answers, _rows(answers, folder))
    assert score.accuracy >= FLOOR, evaluate.format_audit(score, detail=True)


@pytest.mark.shared
def test_every_met_row_of_the_corpus_reports_shows_a_cue(shared):
    folder = shared("corpus")
    _check_met_evidence(_rows(_answers(CORPUS_ANSWERS), folder))


def test_audit_scoring_counts_precision_and_recall_per_value():
    answers = [{"doc": "d", "kind": "audit", "requirement": r, "status": s} for r, s in (("a", "met"), ("b", "partly"), ("c", "not_found"))]
    score = evaluate.score_audit([("d", "a", "met"), ("d", "b", "met"), ("d", "c", "not_found")], answers)
    values = score.per_value()
    assert score.accuracy == pytest.approx(2 / 3)
    assert values["met"]["precision"] == 0.5 and values["met"]["recall"] == 1.0
    assert values["partly"]["recall"] == 0.0 and values["partly"]["precision"] is None


def test_a_document_written_again_replaces_its_audit_rows(tmp_path):
    from lscp import load

    result = pipeline.process_file(REGRESSION / "colmbury-scp-annual-report-2021-2022.md")
    assert result.audit
    db = tmp_path / "w.duckdb"
    with load.Warehouse(db) as warehouse:
        warehouse.write_document(result, extractor_version="t")
        warehouse.write_document(result, extractor_version="t")
        count = warehouse.row("SELECT count(*) FROM audit")[0]
        document_id, columns, rows = warehouse.document_audit("colmbury-scp-annual-report-2021-2022")
    assert count == len(result.audit) == len(rows)
    assert columns[:3] == ["requirement", "edition", "status"]


def test_the_audit_reads_the_blocks_the_tagger_tokenised_as_it_would_read_them_itself(monkeypatch):
    """The pipeline hands the audit the tagger's docs rather than tokenising every block twice: same rows."""
    from lscp import extract
    from lscp.audit import rules

    tagger = pipeline.tagger()
    own = rules._nlp()

    class NoTokenising:  # the audit's pipeline, which must not be asked to tokenise when given the docs
        vocab = own.vocab

        def pipe(self, texts):
            raise AssertionError("tokenised again")

    reports = sorted(REGRESSION.iterdir())[:6]
    assert reports
    for path in reports:
        document = extract.read_document(path)
        result = pipeline.process_file(path)
        tagged = tagger.read(document)
        alone = audit.audit_document(document, result.facts)
        with monkeypatch.context() as patched:
            patched.setattr(rules, "_nlp", NoTokenising)
            shared_docs = audit.audit_document(document, result.facts, docs=tagged.docs)
        assert [r.model_dump() for r in shared_docs] == [r.model_dump() for r in alone], path.name
        assert tagger.tag(document, tagged=tagged) == tagger.tag(document), path.name
    with pytest.raises(ValueError, match="docs given for"):
        audit.audit_document(document, result.facts, docs=tagged.docs[:-1])
    with pytest.raises(ValueError, match="another document"):
        tagger.tag(extract.read_document(reports[0]), tagged=tagged)

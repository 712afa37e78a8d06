"""The PDF stage: one small PDF for each layout problem of published reports, parity with the text, time limits."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from lscp import pipeline
from lscp.extract import read_document
from lscp.extract.pdf.blocks import Item as BlockItem
from lscp.extract.pdf.blocks import finish_blocks
from lscp.extract.pdf.layout import AlignedTable, join_split_rows
from lscp.extract.pdf.page import Segment, _attach_marks
from lscp.schemas import BlockKind, EmptyDocument

from conftest import FIXTURES, import_script, shared_path

PDFS = FIXTURES / "pdf"
PARITY_FLOOR = {"two-column": 0.97, "landscape-callouts": 0.97, "one-column": 0.97}  # measured 0.996, 0.994, 0.999


def blocks(name: str) -> list[tuple[int, str, str]]:
    document = read_document(PDFS / name)
    return [(b.page, b.kind.value, document.block_text(b)) for b in document.blocks]


def test_two_columns_are_read_one_after_the_other_without_running_lines():
    found = blocks("two_columns_running_header.pdf")
    texts = [text for _, _, text in found]
    page_one = [text for page, _, text in found if page == 1]
    assert page_one[0] == "Section 1: the year in brief"
    assert page_one[1].startswith("The partnership received 4,210 contacts in the year, an increase on the year before.")
    assert page_one[3] == (
        "At the end of March 212 children were subject to a child protection plan, a rate of 41.3 per 10,000 "
        "children. Neglect was the main category of abuse."
    )
    assert not any("Westmarch Safeguarding" in t or "Page " in t or "Annual Report 2023-24" in t for t in texts)
    assert [kind for page, kind, _ in found if page == 2][0] == "heading"


def test_callout_numbers_stay_with_their_labels_box_by_box():
    texts = [text for _, _, text in blocks("callout_row.pdf")]
    joined = " | ".join(texts)
    assert joined.index("4,210") < joined.index("contacts to children's social care") < joined.index("1,130")
    assert joined.index("1,130") < joined.index("early help assessments") < joined.index("212")
    assert joined.index("212") < joined.index("children on a child protection plan") < joined.index("Figures are")


def test_ruled_table_continued_on_the_next_page_is_joined():
    document = read_document(PDFS / "table_across_pages.pdf")
    tables = [b for b in document.blocks if b.kind is BlockKind.table]
    assert [t.page for t in tables] == [1]
    assert tables[0].rows == [
        ["Contributor", "2023-24 (£)"],
        ["Westmarch Council", "120,000"],
        ["Westmarch Integrated Care Board", "80,000"],
        ["Westmarch Police", "40,000"],
        ["Total income", "240,000"],
    ]
    assert document.block_text(document.blocks[-1]) == "Spending was within budget."
    assert document.blocks[-1].page == 2
    assert not document.warnings


def test_columns_aligned_without_rules_are_a_table_between_paragraphs():
    found = blocks("aligned_table.pdf")
    assert [kind for _, kind, _ in found] == ["paragraph", "table", "paragraph"]
    rows = [b.rows for b in read_document(PDFS / "aligned_table.pdf").blocks if b.rows][0]
    assert rows[0] == ["Measure", "2023-24", "2022-23"]
    assert rows[-1] == ["Child protection plans", "212", "198"]


def test_table_rows_cut_off_by_page_breaks_join_their_tables():
    document = read_document(PDFS / "table_rows_cut_by_page_breaks.pdf")
    tables = [b for b in document.blocks if b.kind is BlockKind.table]
    assert [t.page for t in tables] == [1, 2]
    assert tables[0].rows == [
        ["Westmarch Council", "120,000 (not including overheads)"],
        ["Westmarch Integrated Care Board", "80,000"],
        ["Westmarch Police", "40,000"],
        ["Training income", "2,000"],
    ]
    assert tables[1].rows[-1] == ["Total expenditure", "180,000"]
    assert document.block_text(document.blocks[-1]) == "Spending was within budget, with 2,000 left over."
    finance = {(f["direction"], f["counterparty"], f["amount_gbp"], f["is_total"])
               for f in pipeline.process_file(PDFS / "table_rows_cut_by_page_breaks.pdf").facts if f["kind"] == "finance"}
    assert ("income", "Westmarch Council", 120000, False) in finance
    assert ("expenditure", "Total expenditure", 180000, True) in finance


def _segment(text: str, x0: float, top: float) -> Segment:
    return Segment(text, x0, x0 + 6 * len(text), top, top + 10, 10.0)


def _next_page_table() -> AlignedTable:
    return AlignedTable([["Westmarch Police", "40,000"], ["Training income", "2,000"]], 60, 370, 80, 110, (60, 330))


@pytest.mark.parametrize(
    "last_lines",
    [
        # the two cells do not start in the table's columns
        [_segment("Westmarch Council", 200, 760), _segment("120,000", 420, 760)],
        # not the page's last line: a paragraph follows below it
        [_segment("Westmarch Council", 60, 700), _segment("120,000", 330, 700), _segment("Figures are unaudited.", 60, 760)],
        # a sentence, not a row label
        [_segment("The council gave most of the money.", 60, 760), _segment("120,000", 330, 760)],
    ],
)
def test_a_last_line_that_is_not_a_row_of_the_next_pages_table_stays_text(last_lines):
    pages = [list(last_lines), [_next_page_table()]]
    join_split_rows(pages, gutter=8.0)
    assert pages[0] == last_lines and len(pages[1]) == 1


def test_a_last_line_in_the_next_pages_columns_becomes_its_first_row():
    pages = [[_segment("Income", 60, 730), _segment("Westmarch Council", 60, 760), _segment("120,000", 332, 760)], [_next_page_table()]]
    join_split_rows(pages, gutter=8.0)
    assert isinstance(pages[0][-1], AlignedTable) and pages[0][-1].rows == [["Westmarch Council", "120,000"]]
    assert pages[0][0].text == "Income"


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("357 care leavers were supported as at 30th", "September 2022, fewer than a year before.", True),
        ("Training was offered to staff in schools and", "GP practices across the borough.", True),
        ("which had been delayed by the", "Covid-19 pandemic.", True),
        ("The year in numbers", "Contacts rose by a tenth.", False),
        ("Learning from the review of Child A", "The review found that ...", False),
        ("Referrals were lower.", "the next year they rose.", False),
    ],
)
def test_a_paragraph_cut_by_a_page_break_mid_sentence_is_joined(first, second, joined):
    items = finish_blocks([[BlockItem(BlockKind.paragraph, 1, first)], [BlockItem(BlockKind.paragraph, 2, second)]])
    assert [item.text for item in items] == ([f"{first} {second}"] if joined else [first, second])


def test_hyphenated_words_rejoin_and_bullets_become_list_items():
    found = blocks("hyphens_and_bullets.pdf")
    assert found[0][2].startswith("The partnership ran a multi-agency audit of neglect and strengthened its safeguarding training")
    assert [(kind, text) for _, kind, text in found[1:]] == [
        ("list_item", "Tackling neglect earlier"),
        ("list_item", "Protecting adolescents from exploitation"),
        ("list_item", "Keeping children safe online"),
    ]


def test_bullets_drawn_as_dots_and_squares_make_list_items():
    found = blocks("drawn_bullets.pdf")
    assert [kind for _, kind, _ in found] == ["paragraph", "list_item", "list_item", "paragraph", "list_item", "list_item", "paragraph"]
    assert found[1][2] == "Westmarch Council – represented by Rachel Okafor, Director of Children's Services"
    assert found[5][2] == "Protecting adolescents from exploitation"
    people = {(f["name"], f["role"]) for f in pipeline.process_file(PDFS / "drawn_bullets.pdf").facts if f["kind"] == "person"}
    assert people == {("Rachel Okafor", "statutory_partner_lead"), ("Joanne Whitfield", "statutory_partner_lead")}


def test_a_dot_between_the_words_of_a_line_is_no_bullet():
    line = [Segment("Contacts", 60, 108, 100, 111, 10.0, words=[("Contacts", 60, 108)]),
            Segment("4,210", 121, 150, 100, 111, 10.0, words=[("4,210", 121, 150)])]
    _attach_marks(line, [(112.5, 104, 115.5, 107)])
    assert [s.text for s in line] == ["Contacts", "4,210"]
    _attach_marks(line, [(47, 104, 50, 107)])
    assert [s.text for s in line] == ["• Contacts", "4,210"] and line[0].x0 == 47


def test_pages_that_are_only_images_are_flagged_for_ocr(monkeypatch):
    monkeypatch.setenv("LSCP_OCR", "0")  # as where OCR is not installed (tests/test_ocr.py reads them)
    document = read_document(PDFS / "scanned_pages.pdf")
    assert document.needs_ocr
    assert "2 of 2 pages are images with no text layer" in document.warnings[0]
    result = pipeline.process_file(PDFS / "scanned_pages.pdf")
    assert result.status.value == "partial" and result.needs_ocr


def test_a_pdf_with_only_blank_pages_is_an_empty_document():
    with pytest.raises(EmptyDocument, match="no pages with content"):
        read_document(PDFS / "blank_page.pdf")


def test_the_fixtures_script_makes_the_same_kind_of_files(tmp_path):
    """The committed PDFs come from make_fixtures.py; it still runs and writes every one of them."""
    spec = importlib.util.spec_from_file_location("make_fixtures", PDFS / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, make in module.FIXTURES.items():
        make(tmp_path / name)
        assert (tmp_path / name).stat().st_size > 300
        assert (PDFS / name).exists()


def _stuck(path: Path, limits=None):
    """Stands in for a reader that never returns."""
    time.sleep(30)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_the_time_limit_is_recorded_as_failed(monkeypatch, workers):
    monkeypatch.setattr(pipeline, "process_file", _stuck)
    files = [PDFS / "aligned_table.pdf", PDFS / "callout_row.pdf"]
    began = time.perf_counter()
    results = list(pipeline._results(files, workers, pipeline.Limits(timeout=0.5)))
    assert time.perf_counter() - began < 15
    assert [r.status.value for r in results] == ["failed", "failed"]
    assert all(r.stage == "timeout" and "time limit of 0.5 s" in r.error for r in results)
    assert sorted(Path(r.path).name for r in results) == sorted(f.name for f in files)


@pytest.mark.shared
@pytest.mark.slow
def test_facts_from_rendered_pdfs_match_the_facts_from_their_text(tmp_path):
    corpus = shared_path("corpus")
    pdf_parity = import_script("pdf_parity")
    results = pdf_parity.parity(pdf_parity.sources_in([corpus]), tmp_path)
    scores = {r.layout: round(r.f1, 3) for r in results}
    assert set(scores) == set(PARITY_FLOOR)
    for layout, floor in PARITY_FLOOR.items():
        assert scores[layout] >= floor, scores


# ---------------------------------------------------------------- a long PDF's pages read in parts


def test_page_ranges_cut_a_long_document_into_runs_in_order():
    from lscp.extract.pdf.parts import page_ranges

    assert page_ranges(40, 4) == [(1, 40)]  # too short to be worth a process
    assert page_ranges(300, 2) == [(1, 150), (151, 300)]
    assert page_ranges(101, 4) == [(1, 34), (35, 68), (69, 101)]  # no part under about 40 pages
    assert page_ranges(450, 1) == [(1, 450)]


def _part(tag: str, parent: int):
    import os

    if tag == "dies" and os.getpid() != parent:
        os._exit(3)  # a child killed before it answers
    if tag == "bad":
        raise EmptyDocument("no pages here")
    return (tag, os.getpid() == parent)


def test_fork_map_answers_in_order_and_raises_what_a_part_raises():
    import os

    from lscp.extract.pdf.parts import ForkMap

    parent = os.getpid()
    assert ForkMap(3)(_part, [("a", parent), ("b", parent), ("c", parent)]) == [("a", True), ("b", False), ("c", False)]
    # a child that dies without an answer has its part done in this process
    assert ForkMap(2)(_part, [("a", parent), ("dies", parent)]) == [("a", True), ("dies", True)]
    with pytest.raises(EmptyDocument, match="no pages here"):
        ForkMap(2)(_part, [("a", parent), ("bad", parent)])


@pytest.mark.parametrize("name", ["two_columns_running_header.pdf", "table_across_pages.pdf"])
def test_pages_read_in_parts_make_the_same_document(monkeypatch, name):
    from lscp.extract.pdf import ForkMap, parts, read_pdf

    path = PDFS / name
    whole = read_pdf(path, path.read_bytes(), "application/pdf")
    monkeypatch.setattr(parts, "MIN_PAGES", 1)
    split = read_pdf(path, path.read_bytes(), "application/pdf", page_map=ForkMap(2), parts=2)
    assert len(whole.pages) > 1
    assert split.model_dump() == whole.model_dump()


def test_a_long_pdf_is_read_in_parts_only_when_it_would_run_alone_at_the_end():
    from lscp.pipeline import page_parts

    assert page_parts(900, 0, 2) == 2  # alone in its batch
    assert page_parts(900, 100, 4) == 4  # far more than the other workers' share of the rest
    assert page_parts(900, 1_000, 2) == 1  # the other worker has as much to read meanwhile
    assert page_parts(900, 3_000, 4) == 1
    assert page_parts(900, 0, 1) == 1  # one worker: no process to spare

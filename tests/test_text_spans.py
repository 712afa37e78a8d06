"""The text behind the evidence spans: pages and word boxes are stored with the facts and resolve their offsets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lscp import load, pipeline
from lscp.extract import read_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PDF = ROOT / "data" / "raw" / "northmoor-annual-report-2023-24.pdf"


def test_every_word_of_a_pdf_text_has_a_box_on_a_page():
    document = read_document(SAMPLE_PDF)
    covered = set()
    for page, start, end, x0, top, x1, bottom in document.words:
        assert document.text[start:end].strip(), (start, end)
        assert 0 <= x0 <= x1 <= document.pages[page - 1].width and 0 <= top < bottom <= document.pages[page - 1].height
        covered.update(range(start, end))
    tokens = list(re.finditer(r"\S+", document.text))
    missing = [m.group() for m in tokens if not covered & set(range(*m.span()))]
    assert not missing, missing[:20]


def test_the_word_boxes_draw_the_word_where_pdfium_finds_it():
    import pypdfium2 as pdfium

    document = read_document(SAMPLE_PDF)
    pdf = pdfium.PdfDocument(SAMPLE_PDF)
    try:
        checked = 0
        for page, start, end, x0, top, x1, bottom in document.words[::25]:
            word = document.text[start:end]
            if not word.isalnum():
                continue
            p = pdf[page - 1]
            textpage = p.get_textpage()
            height = p.get_size()[1]
            inside = textpage.get_text_bounded(left=x0 - 0.5, bottom=height - bottom - 0.5, right=x1 + 0.5, top=height - top + 0.5)
            assert word in inside.replace("\r\n", " ").replace("\ufffe", ""), (word, inside)
            checked += 1
        assert checked > 20
    finally:
        pdf.close()


def test_pages_and_words_are_stored_and_replaced_with_the_document(tmp_path):
    source = tmp_path / "report.pdf"
    shutil.copy(SAMPLE_PDF, source)
    db = tmp_path / "w.duckdb"
    result = pipeline.process_file(source)
    assert result.page_texts and result.words
    with load.Warehouse(db) as warehouse:
        for _ in range(2):  # a re-ingest replaces the rows, no duplicates
            warehouse.write_document(result, extractor_version="test")
            counts = warehouse.table_counts()
            assert counts["pages"] == len(result.page_texts) and counts["words"] == len(result.words)
        (doc,) = warehouse.find_documents("report")
        pages = warehouse.page_texts([doc["document_id"]])
        text = "".join(p["text"] for p in pages)
        assert [p["char_start"] for p in pages[1:]] == [p["char_end"] for p in pages[:-1]]
        for fact in result.facts:
            evidence = fact["evidence"]
            assert text[evidence["char_start"] : evidence["char_end"]] in evidence["sentence"], fact
        boxes = warehouse.word_boxes([doc["document_id"]])
        assert sorted(box[1:] for box in boxes) == sorted(result.words)  # every value, exactly
        assert {box[0] for box in boxes} == {doc["document_id"]}
        warehouse.forget_missing(set())
        assert warehouse.table_counts()["pages"] == 0 and warehouse.table_counts()["words"] == 0


def test_a_text_document_is_one_page_without_boxes(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("The Northmoor Safeguarding Children Partnership annual report 2023-24.\n\n412 children were on plans.", encoding="utf-8")
    result = pipeline.process_file(source)
    assert [(p.page, p.char_start) for p in result.page_texts] == [(1, 0)] and result.words == []
    assert result.page_texts[0].width is None

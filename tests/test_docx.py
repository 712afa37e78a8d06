"""The DOCX reader: Word's structure into the Document model, paragraph numbers as evidence, bad files refused.

Every .docx here is written by the tests with python-docx; none is a copied document.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from lscp import pipeline
from lscp.extract import read_document
from lscp.schemas import BlockKind, MalformedDocument

from conftest import import_script, shared_path


def _report(path: Path) -> Path:
    word = docx.Document()
    section = word.sections[0]
    section.header.paragraphs[0].text = "Northmoor Safeguarding Children Partnership - running header"
    section.footer.paragraphs[0].text = "Page 3 of 40 - running footer"
    word.add_heading("Northmoor Safeguarding Children Partnership Annual Report 2022-23", level=0)  # 1: Title
    word.add_heading("Our data", level=1)  # 2
    word.add_paragraph("At the end of March 2023, 212 children were subject to a child protection plan.")  # 3
    word.add_paragraph("")  # 4: empty, counted but not a block
    word.add_heading("Priorities for 2023-24", level=2)  # 5
    word.add_paragraph("Neglect and its impact on children", style="List Bullet")  # 6
    word.add_paragraph("Exploitation outside the home", style="List Number")  # 7
    table = word.add_table(rows=3, cols=3)  # 8
    for row, values in zip(table.rows, [["Measure", "2021-22", "2022-23"], ["Contacts", "3,950", "4,210"], ["Merged note", "", ""]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.rows[2].cells[0].merge(table.rows[2].cells[2])
    word.add_paragraph("Two rapid reviews were held in the year.")  # 9
    word.save(str(path))
    return path


def test_headings_lists_tables_and_paragraphs_are_read_in_body_order_without_header_and_footer(tmp_path):
    document = read_document(_report(tmp_path / "report.docx"))
    blocks = [(b.kind, b.level, b.paragraph, document.block_text(b)) for b in document.blocks]
    assert blocks[:6] == [
        (BlockKind.heading, 1, 1, "Northmoor Safeguarding Children Partnership Annual Report 2022-23"),
        (BlockKind.heading, 1, 2, "Our data"),
        (BlockKind.paragraph, None, 3, "At the end of March 2023, 212 children were subject to a child protection plan."),
        (BlockKind.heading, 2, 5, "Priorities for 2023-24"),
        (BlockKind.list_item, None, 6, "Neglect and its impact on children"),
        (BlockKind.list_item, None, 7, "Exploitation outside the home"),
    ]
    table = document.blocks[6]
    assert table.kind is BlockKind.table and table.paragraph == 8
    assert table.rows == [["Measure", "2021-22", "2022-23"], ["Contacts", "3,950", "4,210"], ["Merged note", "", ""]]
    assert (document.blocks[7].paragraph, document.block_text(document.blocks[7])) == (9, "Two rapid reviews were held in the year.")
    assert "running header" not in document.text and "running footer" not in document.text
    assert [p.number for p in document.pages] == [1] and document.media_type.endswith("wordprocessingml.document")


def test_facts_from_a_docx_give_their_paragraph_and_exact_offsets(tmp_path):
    path = _report(tmp_path / "report.docx")
    result = pipeline.process_file(path)
    assert result.status.value == "ok" and result.facts
    document = read_document(path)
    figure = next(f for f in result.facts if f["kind"] == "figure" and f["value"] == 212)
    assert figure["evidence"]["page"] == 1 and figure["evidence"]["paragraph"] == 3 and figure["evidence"]["ocr"] is False
    blocks = {b.paragraph: b for b in document.blocks}
    for fact in result.facts:
        evidence = fact["evidence"]
        if evidence["char_start"] == evidence["char_end"]:  # what the whole document says (the report fact)
            continue
        block = blocks[evidence["paragraph"]]  # the numbered paragraph holds the span
        assert block.start <= evidence["char_start"] < evidence["char_end"] <= block.end


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _bad_files(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    good = _report(tmp_path / "good.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    return {
        "truncated.docx": (good[: len(good) // 2], "malformed DOCX"),
        "not_a_zip.docx": (b"This is plain text saved with the wrong extension.", "not a DOCX: the file is not a ZIP package"),
        "photos.docx": (_zip({"holiday/photo1.txt": b"not a photo", "readme.txt": b"hello"}), "not a DOCX: a ZIP with no Word document in it"),
        "broken_xml.docx": (_zip({**parts, "word/document.xml": b"<w:document><w:body><w:p>"}), "malformed DOCX"),
        "bomb.docx": (_zip({**parts, "word/media/image1.png": b"\0" * (20 * 2**20)}), "a ZIP bomb"),
    }


@pytest.mark.parametrize("name", ["truncated.docx", "not_a_zip.docx", "photos.docx", "broken_xml.docx", "bomb.docx"])
def test_a_bad_docx_is_a_failed_document_with_its_reason(tmp_path, name):
    data, reason = _bad_files(tmp_path)[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(MalformedDocument, match=reason):
        read_document(path)
    result = pipeline.process_file(path)
    assert result.status.value == "failed" and result.stage == "extract" and reason in result.error


def test_a_docx_with_an_empty_body_is_an_empty_document(tmp_path):
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    result = pipeline.process_file(path)
    assert result.status.value == "failed" and "no text" in result.error


@pytest.mark.shared
@pytest.mark.slow
def test_a_docx_made_from_each_corpus_document_gives_the_facts_of_its_text(tmp_path):
    corpus = shared_path("corpus")
    docx_parity = import_script("docx_parity")
    report, per_document = docx_parity.parity(docx_parity.sources_in([corpus]), tmp_path)
    assert len(per_document) == 5
    assert report.overall.f1 >= 0.97, per_document


def test_show_and_the_evidence_view_name_the_paragraph_of_a_docx_fact(tmp_path):
    from typer.testing import CliRunner

    from lscp import cli, load, view

    path = _report(tmp_path / "report.docx")
    db = tmp_path / "w.duckdb"
    runner = CliRunner()
    assert runner.invoke(cli.app, ["ingest", "-q", str(path), "--db", str(db), "--workers", "1"]).exit_code == 0
    shown = runner.invoke(cli.app, ["show", "report", "--kind", "figure", "--db", str(db)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "¶3" in shown.stdout, shown.stdout
    with load.Warehouse(db, read_only=True) as warehouse:
        data = pipeline.report_data(warehouse)
    figure = next(r for r in data.facts["figure"] if r["value"] == 212)
    evidence = view.evidence.resolve(figure, None).as_dict()
    assert evidence["paragraph"] == 3 and evidence["ocr"] is False
    assert {"paragraph", "ocr"} <= set(view.site.EVIDENCE_COLUMNS)  # in the evidence panel, not among the fact's columns

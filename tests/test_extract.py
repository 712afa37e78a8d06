"""Readers: text/markdown, HTML and PDF into one Document model, and clear failures for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from lscp.extract import read_document
from lscp.schemas import BlockKind, EmptyDocument, EncryptedDocument, ExtractError, MalformedDocument, UnsupportedFormat

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]

CORPUS_STYLE = """<b>REPORT TITLE:</b> Example Safeguarding Children Partnership – Annual Report 2022-23\t
<p><b>SUMMARY</b></p> <p>First paragraph.</p> <p>Second &amp; last.</p>

## 1. Introduction

Example is home to 54,100 children and young people aged 0-17, who make up 19% of the
population of the borough.

- **Objective 1:** Keep children safe.
· Objective 2: Listen to them.

INCOME\t£
Example Council\t£12,000
Total\t£12,000
"""


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_markdown_blocks_offsets_and_tables(tmp_path):
    doc = read_document(_write(tmp_path, "example.md", CORPUS_STYLE))
    kinds = [b.kind for b in doc.blocks]
    assert BlockKind.heading in kinds and BlockKind.list_item in kinds and BlockKind.table in kinds
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == doc.block_text(block)
    texts = [doc.block_text(b) for b in doc.blocks]
    assert "First paragraph." in texts and "Second & last." in texts
    intro = next(t for t in texts if t.startswith("Example is home"))
    assert "aged 0-17, who make up 19% of the population" in intro  # a wrapped line joined back
    assert "Keep children safe." in " ".join(texts) and "**" not in doc.text
    table = next(b for b in doc.blocks if b.kind is BlockKind.table and b.rows and b.rows[0][0] == "INCOME")
    assert table.rows[1] == ["Example Council", "£12,000"]


def test_html_drops_site_chrome_keeps_content(tmp_path):
    page = """<html><head><title>x</title><style>p{color:red}</style><script>var tracking = 1;</script></head>
    <body><nav><a href="/">Home</a><a href="/about">About us</a></nav>
    <div class="cookie-banner">We use cookies</div>
    <div class="breadcrumb">Home &gt; Meetings</div>
    <main><h1>Minutes</h1><p>The Committee considered the annual report.</p>
    <ul><li>A Member asked about neglect.</li><li>Officers replied.</li></ul>
    <table><tr><th>Measure</th><th>2023-24</th></tr><tr><td>Referrals</td><td>1,234</td></tr></table></main>
    <footer>Copyright Council</footer></body></html>"""
    doc = read_document(_write(tmp_path, "minutes.html", page))
    assert "tracking" not in doc.text and "About us" not in doc.text and "cookies" not in doc.text
    assert "Copyright" not in doc.text and "Meetings" not in doc.text
    kinds = {b.kind for b in doc.blocks}
    assert kinds == {BlockKind.heading, BlockKind.paragraph, BlockKind.list_item, BlockKind.table}
    table = next(b for b in doc.blocks if b.kind is BlockKind.table)
    assert table.rows == [["Measure", "2023-24"], ["Referrals", "1,234"]]


def test_sample_pdf_has_pages_and_text():
    doc = read_document(ROOT / "data" / "raw" / "northmoor-annual-report-2023-24.pdf")
    assert len(doc.pages) >= 2 and not doc.needs_ocr
    assert "Safeguarding Children Partnership" in doc.text
    assert {b.page for b in doc.blocks} == {p.number for p in doc.pages}
    assert any(b.kind is BlockKind.table and b.rows for b in doc.blocks)


@pytest.mark.parametrize(
    "name, data, error, words",
    [
        ("empty.pdf", b"", EmptyDocument, "empty"),
        ("empty.txt", b"", EmptyDocument, "empty"),
        ("blank.md", b"   \n\n", EmptyDocument, "empty"),
        ("slides.pptx", b"PK\x03\x04", UnsupportedFormat, "unsupported file type '.pptx'"),
        ("notes.docx", b"PK\x03\x04", MalformedDocument, "malformed DOCX"),
        ("noext", b"hello", UnsupportedFormat, "no extension"),
        ("latin1.txt", "Café report".encode("latin-1"), ExtractError, "not valid UTF-8"),
        ("fake.pdf", b"<html>not a pdf</html>", MalformedDocument, "not a PDF"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<<", MalformedDocument, "malformed"),
    ],
)
def test_bad_inputs_raise_clear_errors(tmp_path, name, data, error, words):
    with pytest.raises(error) as info:
        read_document(_write(tmp_path, name, data))
    assert words.lower() in str(info.value).lower()


def test_encrypted_and_pageless_pdfs():
    with pytest.raises(EncryptedDocument, match="encrypted"):
        read_document(FIXTURES / "encrypted.pdf")
    with pytest.raises(EmptyDocument, match="no pages"):
        read_document(FIXTURES / "no_pages.pdf")


def test_tab_after_a_bullet_is_a_list_item_not_a_table(tmp_path):
    text = "Our priorities are:\n•\tneglect;\n•\tonline safety; and\n•\tyoung carers.\n\nMeasure\t2021/22\nReferrals\t1,200\n"
    doc = read_document(_write(tmp_path, "report.txt", text))
    items = [doc.block_text(b) for b in doc.blocks if b.kind is BlockKind.list_item]
    assert items == ["neglect;", "online safety; and", "young carers."]
    assert [b.kind for b in doc.blocks].count(BlockKind.table) == 1


def test_a_markdown_table_is_a_table_block(tmp_path):
    text = (
        "## Reviews\n\n"
        "| Case | Type | Stage reached |\n"
        "|---|:---:|---|\n"
        "| **Child T** | Local child safeguarding practice review | Published May 2024 |\n"
        "| Baby R | Rapid review | [Completed](https://example.org/r) |\n\n"
        "| a lone | row |\n\n"
        "After the table.\n"
    )
    doc = read_document(_write(tmp_path, "tables.md", text))
    tables = [b for b in doc.blocks if b.kind is BlockKind.table]
    assert len(tables) == 1
    assert tables[0].rows == [
        ["Case", "Type", "Stage reached"],
        ["Child T", "Local child safeguarding practice review", "Published May 2024"],
        ["Baby R", "Rapid review", "Completed"],
    ]
    assert doc.block_text(tables[0]).splitlines()[1].split("\t")[0] == "Child T"
    paragraphs = [doc.block_text(b) for b in doc.blocks if b.kind is BlockKind.paragraph]
    assert paragraphs == ["| a lone | row |", "After the table."]


def test_long_entries_of_a_list_laid_out_alike_are_not_wrapped_lines(tmp_path):
    """A text wrapped at a fixed width joins a long line to the next; entries of one list ('ROLE - ORGANISATION',
    'ORGANISATION [External Link] ROLE') stay apart even when one of them is long."""
    path = tmp_path / "page.txt"
    path.write_text(
        "The statutory safeguarding partners are:\n\n"
        "Director of Children's Services - Harrowdale Borough Council\n"
        "Director of Nursing and Quality - Harrowdale and Linwick Integrated Care Board, Linwick Valley\n"
        "Detective Chief Superintendent - Harrowdale Constabulary\n\n"
        "Harrowdale Clinical Commissioning Group [External Link] Director of Nursing and Quality\n"
        "Harrowdale and Linwick NHS Foundation Trust [External Link] Associate Director of Nursing\n\n"
        "The partnership's annual report is written for families and for practitioners across Harrowdale and\n"
        "Linwick, and is published each autumn on the partnership website for everyone to read.\n",
        encoding="utf-8",
    )
    document = read_document(path, path.read_bytes())
    texts = [document.block_text(b) for b in document.blocks]
    assert "Detective Chief Superintendent - Harrowdale Constabulary" in texts
    assert "Harrowdale and Linwick NHS Foundation Trust [External Link] Associate Director of Nursing" in texts
    assert any(t.startswith("The partnership's annual report") and t.endswith("for everyone to read.") for t in texts)

"""OCR of PDF pages drawn as images: what is read, how it is marked, and how a page that cannot be read is left.

The files are made here: a small report set with ReportLab, then rasterised with pypdfium2 and Pillow into
pages that are only images. Tests that need Tesseract skip, saying why, where it is not installed; the others
stand a fake engine in for it.
"""

from __future__ import annotations

import io
import shutil
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from lscp import pipeline
from lscp.extract import read_document
from lscp.extract.pdf import DEFAULT_SETTINGS, OcrSettings, ocr, read_pdf
from lscp.extract.pdf.ocr import OcrLine, OcrWord

from conftest import FIXTURES, import_script, shared_path
from handmade_pdf import assemble

W, H = A4
REPORT = [
    ("Helvetica-Bold", 18, "Safeguarding Children Partnership Annual Report 2022-23"),
    ("Helvetica", 11, "At the end of March 2023, 212 children were subject to a child protection plan."),
    ("Helvetica", 11, "The partnership received 4,210 contacts in the year, an increase on the year before."),
    ("Helvetica", 11, "Two rapid reviews were held and one local child safeguarding practice review was commissioned."),
    ("Helvetica", 11, "Neglect remained the most common category of abuse for children on a plan."),
]


def _report(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = H - 80
    for font, size, text in REPORT:
        c.setFont(font, size)
        c.drawString(60, y, text)
        y -= 2.2 * size
    c.showPage()
    c.save()
    return path


def _scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    document = pdfium.PdfDocument(pdf)
    images = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    document.close()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def _contract(facts: list[dict]) -> list[tuple]:
    return sorted(str(sorted((k, v) for k, v in fact.items() if k != "evidence")) for fact in facts)


@pytest.fixture
def tesseract():
    try:
        return ocr.engine("eng")
    except ocr.OcrUnavailable as exc:
        pytest.skip(f"Tesseract is not installed here: {exc}")


@pytest.fixture
def no_engine(monkeypatch):
    """A machine without tesserocr and without the tesseract program."""
    ocr.engine.cache_clear()
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    yield
    ocr.engine.cache_clear()


class FakeEngine:
    """Reads every rendered area as the same line of words, and counts its calls."""

    name = "fake"
    version = "0"

    def __init__(self, text: str = "The partnership received 4,210 contacts in the year.") -> None:
        self.text = text
        self.calls = 0

    def lines(self, image, dpi, min_confidence):
        self.calls += 1
        scale = dpi / 72
        words, x = [], 60 * scale
        for word in self.text.split():
            width = 6 * len(word) * scale
            words.append(OcrWord(word, x, 100 * scale, x + width, 112 * scale))
            x += width + 3 * scale
        return [OcrLine(words, 11 * scale)]


@pytest.fixture
def fake_engine(monkeypatch):
    engine = FakeEngine()
    monkeypatch.setattr(ocr, "engine", lambda language="eng": engine)
    return engine


# ---------------------------------------------------------------- with Tesseract


def test_a_scanned_report_gives_the_facts_of_its_text_marked_as_read_by_ocr(tesseract, tmp_path):
    text_pdf = _report(tmp_path / "report.pdf")
    scan = _scan(text_pdf, tmp_path / "scan.pdf")
    born_digital = pipeline.process_file(text_pdf)
    scanned = pipeline.process_file(scan)
    assert scanned.status.value == "ok" and not scanned.needs_ocr
    assert any("read by OCR" in w for w in scanned.warnings)
    assert born_digital.facts and _contract(scanned.facts) == _contract(born_digital.facts)
    assert all(f["evidence"]["ocr"] is False for f in born_digital.facts)
    assert all(f["evidence"]["ocr"] is True and f["evidence"]["page"] == 1 for f in scanned.facts)
    trusted = {f["evidence"]["rule"]: f["evidence"]["confidence"] for f in born_digital.facts}
    assert all(f["evidence"]["confidence"] < trusted[f["evidence"]["rule"]] for f in scanned.facts)
    document = read_document(scan)
    assert document.pages[0].ocr and "212 children" in document.text
    for fact in scanned.facts:  # the evidence points at the words it was read from
        start, end = fact["evidence"]["char_start"], fact["evidence"]["char_end"]
        assert document.text[start:end] and document.text[start:end] in fact["evidence"]["sentence"]


def test_a_large_image_of_text_on_a_page_with_text_is_read_too(tesseract, tmp_path):
    picture = pdfium.PdfDocument(_report(tmp_path / "inner.pdf"))[0].render(scale=200 / 72, grayscale=True).to_pil()
    buffer = io.BytesIO()
    picture.crop((0, 0, picture.width, picture.height // 3)).save(buffer, format="PNG")
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(60, H - 60, "This page has a line of text above a picture of a page.")
    c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, H - 100 - H / 3, W, H / 3)
    c.showPage()
    c.save()
    document = read_document(path)
    assert "This page has a line of text" in document.text
    assert "212 children" in document.text and document.pages[0].ocr


def test_the_tesseract_program_reads_a_scan_where_the_binding_is_missing(tmp_path, monkeypatch):
    if not shutil.which("tesseract") or not ocr.tessdata("eng"):
        pytest.skip("the tesseract program and its English data are not installed here")
    ocr.engine.cache_clear()
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    try:
        scan = _scan(_report(tmp_path / "report.pdf"), tmp_path / "scan.pdf")
        document = read_document(scan)
        assert ocr.engine().name == "tesseract"
    finally:
        ocr.engine.cache_clear()
    assert not document.needs_ocr and "212 children" in document.text and document.pages[0].ocr


# ---------------------------------------------------------------- without it


def test_without_an_engine_a_scan_stays_partial_and_says_how_to_turn_ocr_on(no_engine):
    result = pipeline.process_file(FIXTURES / "pdf" / "scanned_pages.pdf")
    assert result.status.value == "partial" and result.needs_ocr and not result.facts
    assert any("pip install 'lscp[ocr]'" in w and "tesseract-ocr-eng" in w for w in result.warnings), result.warnings


def test_ocr_turned_off_leaves_a_scan_partial(monkeypatch, fake_engine):
    monkeypatch.setenv("LSCP_OCR", "0")
    result = pipeline.process_file(FIXTURES / "pdf" / "scanned_pages.pdf")
    assert result.status.value == "partial" and result.needs_ocr
    assert any("LSCP_OCR=0" in w for w in result.warnings) and fake_engine.calls == 0


def test_ocr_words_go_through_the_page_layout_and_mark_their_page(fake_engine):
    document = read_document(FIXTURES / "pdf" / "scanned_pages.pdf")
    assert not document.needs_ocr and all(page.ocr for page in document.pages)
    assert document.block_text(document.blocks[0]) == fake_engine.text
    assert document.ocr_at(document.blocks[0].start)
    result = pipeline.process_file(FIXTURES / "pdf" / "scanned_pages.pdf")
    assert result.facts and all(f["evidence"]["ocr"] for f in result.facts)


def _huge_image_pdf(text: str | None = None) -> bytes:
    """A one-page PDF drawing an image whose dictionary says 50,000 x 50,000 pixels (2.5 billion: 2.5 GB in grey
    once decoded); the stream holds a few bytes, so only a reader that decodes it would notice."""
    content = b"q 500 0 0 700 40 60 cm /Im0 Do Q"
    if text:
        content += b" BT /F1 11 Tf 60 780 Td (" + text.encode() + b") Tj ET"
    data = zlib.compress(b"\x00" * 1000)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 50000 /Height 50000 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return assemble(objects)


@pytest.mark.parametrize("text", [None, "The partnership received 4,210 contacts in the year."])
def test_an_image_of_50000_by_50000_pixels_is_refused_before_it_is_decoded(tmp_path, fake_engine, text):
    path = tmp_path / "huge.pdf"
    path.write_bytes(_huge_image_pdf(text))
    began = time.perf_counter()
    result = pipeline.process_file(path)
    assert time.perf_counter() - began < 10
    assert fake_engine.calls == 0
    assert any("50,000 x 50,000 pixels" in w and "over the limit" in w for w in result.warnings), result.warnings
    if text is None:  # a page that is only the image: nothing read, and the record says why
        assert result.status.value == "partial" and result.needs_ocr
    else:  # the page's own text is still read
        assert result.status.value == "ok" and any(f["kind"] == "figure" for f in result.facts)


def test_a_scan_of_500_pages_is_over_the_ocr_page_cap(tmp_path, fake_engine):
    path = tmp_path / "long_scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    image = ImageReader(io.BytesIO(_tiny_png()))
    for _ in range(500):
        c.drawImage(image, 40, 40, W - 80, H - 80)
        c.showPage()
    c.save()
    began = time.perf_counter()
    result = pipeline.process_file(path)
    assert time.perf_counter() - began < 20
    assert result.status.value == "partial" and result.needs_ocr and result.pages == 500
    assert any("500 of them is over the cap of 300 pages" in w for w in result.warnings), result.warnings
    assert fake_engine.calls == 0


def test_ocr_stops_at_its_time_budget_and_says_which_pages_it_left(fake_engine):
    path = FIXTURES / "pdf" / "scanned_pages.pdf"
    settings = replace(DEFAULT_SETTINGS, ocr=OcrSettings(time_budget=0.0))
    document = read_pdf(path, path.read_bytes(), "application/pdf", settings)
    assert document.needs_ocr and fake_engine.calls == 0
    assert any("time budget of 0 s: pages 1-2 not read" in w for w in document.warnings), document.warnings


def test_ocr_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("LSCP_OCR_DPI", "150")
    monkeypatch.setenv("LSCP_OCR", "off")
    monkeypatch.setenv("LSCP_OCR_TIME_BUDGET", "60")
    settings = OcrSettings.from_env()
    assert settings.dpi == 150 and not settings.enabled and settings.time_budget == 60


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (8, 8), 200).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.shared
@pytest.mark.slow
def test_a_scan_of_a_corpus_document_gives_the_facts_of_its_text_in_every_layout(tesseract, tmp_path):
    """The short corpus document (three pages a layout) at 150 dpi; scripts/pdf_parity.py --ocr measures all."""
    source = shared_path("corpus", "001_e6f87c9fb8f3a54e.txt")
    pdf_parity = import_script("pdf_parity")
    results = pdf_parity.ocr_parity([source], tmp_path, (150,))
    assert {r.layout: round(r.f1, 3) >= pdf_parity.ocr_floor(150) for r in results} == dict.fromkeys(pdf_parity.LAYOUTS, True)


# ---------------------------------------------------------------- turning OCR lines into a page's segments


def _segment(text: str, size: float, stroke: float = 0.1) -> "ocr.Segment":
    seg = ocr.Segment(text, 0, 100, 0, size, size)
    seg.stroke = stroke
    return seg


def test_sizes_snap_to_the_body_and_to_the_heading_sizes_and_bold_is_told_by_stroke_width():
    body = [_segment("body text line " * 4, size) for size in (9.6, 9.6, 9.6, 10.1, 11.3, 9.1)]
    bold_label = _segment("Safeguarding children with disabilities", 9.6, stroke=0.23)
    heading = [_segment("9. Looked after children (AR:", 14.6, 0.24), _segment("Page 19-22)", 15.4, 0.24)]
    segments = body + [bold_label] + heading
    ocr.bold_lines(segments)
    ocr.snap_sizes(segments)
    assert {s.size for s in body} == {9.5} and not any(s.bold for s in body)
    assert bold_label.bold and bold_label.size == 9.5
    assert heading[0].size == heading[1].size and heading[0].size >= 1.2 * 9.5 and heading[0].bold


def test_lines_tesseract_cut_at_a_guessed_column_are_joined_but_columns_are_not():
    def line(words, x, baseline):
        out, at = [], x
        for word in words.split():
            out.append(OcrWord(word, at, baseline - 20, at + 10 * len(word), baseline))
            at += 10 * len(word) + 6
        return OcrLine(out, 20.0, baseline)

    heading = [line("9. Looked after", 100, 500), line("Page 19-22)", 100 + 10 * 13 + 12 + 8, 500)]
    columns = [line("left column text", 100, 600), line("right column text", 400, 600)]
    segments = ocr.segments_of(heading + columns, 0.5, 0, 0, 1.2)
    assert [s.text for s in segments] == ["9. Looked after Page 19-22)", "left column text", "right column text"]
    assert len({(s.top, s.bottom) for s in segments[1:]}) == 1  # one baseline, one height


def test_ruling_lines_are_found_in_a_page_image():
    from PIL import Image, ImageDraw

    picture = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(picture)
    for y in (200, 260, 320):  # a table of two rows and three columns
        draw.line([(100, y), (1100, y)], fill=0, width=2)
    for x in (100, 500, 800, 1100):
        draw.line([(x, 200), (x, 320)], fill=0, width=2)
    draw.text((120, 220), "Contacts 4,210", fill=0)
    draw.rectangle([(100, 600), (1100, 700)], fill=0)  # a filled band is no rule
    rules = ocr.rules_in(picture, 72 / 150)
    across = [r for r in rules if r[3] - r[1] < 3]
    down = [r for r in rules if r[2] - r[0] < 3]
    assert len(across) == 3 and len(down) == 4 and len(rules) == 7
    assert all(abs((r[2] - r[0]) - 1000 * 72 / 150) < 3 for r in across)

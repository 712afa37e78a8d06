"""Optical character recognition for PDF pages drawn as images, with Tesseract.

Tesseract is reached through tesserocr (the ``ocr`` extra: ``pip install 'lscp[ocr]'``), which calls the
library in the same process, or else through the ``tesseract`` program on the PATH (Debian's
``tesseract-ocr``). Either way the English language data must be installed (Debian's ``tesseract-ocr-eng``,
or a folder named by TESSDATA_PREFIX); nothing is downloaded.

OCR gives words with their boxes. They are turned into the same segments that pdfium's text gives
(page.Segment, in points from the page's top-left), so reading order, running lines, tables without rules
and blocks are found by the same code as for a born-digital page. A line's type size is taken from
Tesseract's row height, which follows the font size within a few tenths of a point.

Settings come from the environment, so that a batch and its forked workers agree:
LSCP_OCR=0 turns OCR off; LSCP_OCR_DPI sets the resolution pages are rendered at (default 300);
LSCP_OCR_TIME_BUDGET the seconds of OCR one document may take (default 150, half the per-document limit).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .page import Segment

INSTALL_HINT = "install the OCR extra and Tesseract's English data (pip install 'lscp[ocr]'; apt-get install tesseract-ocr tesseract-ocr-eng)"
_TESSDATA_FOLDERS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


@dataclass(frozen=True)
class OcrSettings:
    enabled: bool = True
    dpi: int = 300
    language: str = "eng"
    max_pages: int = 300  # a document with more image pages than this is not read by OCR at all
    time_budget: float = 150.0  # seconds of OCR per document; the pages left after it stay unread
    max_image_pixels: int = 150_000_000  # an embedded image larger than this is never decoded
    max_render_pixels: int = 40_000_000  # a page is rendered at a lower resolution rather than larger than this
    min_image_share: float = 0.04  # an image covering this share of a page that has text is read as well
    min_confidence: float = 30.0  # words Tesseract is less sure of (0-100) are dropped
    word_gap: float = 1.2  # a gap above this many line heights between words starts a new segment

    @classmethod
    def from_env(cls) -> "OcrSettings":
        enabled = os.environ.get("LSCP_OCR", "1").strip().lower() not in {"0", "off", "no", "false"}
        try:
            dpi = int(os.environ.get("LSCP_OCR_DPI", "") or cls.dpi)
        except ValueError:
            dpi = cls.dpi
        try:
            budget = float(os.environ.get("LSCP_OCR_TIME_BUDGET", "") or cls.time_budget)
        except ValueError:
            budget = cls.time_budget
        return cls(enabled=enabled, dpi=max(72, min(dpi, 600)), time_budget=max(budget, 0.0))


class OcrUnavailable(Exception):
    """No OCR engine can run here; the message says what is missing and how to install it."""


@dataclass
class OcrWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class OcrLine:
    words: list[OcrWord]
    size: float  # the row's height in pixels: about the font size
    bold: bool = False


def tessdata(language: str) -> str | None:
    """The folder holding ``<language>.traineddata``, or None."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA_FOLDERS]
    for folder in candidates:
        if not folder:
            continue
        for path in (Path(folder), Path(folder) / "tessdata"):
            if (path / f"{language}.traineddata").is_file():
                return str(path)
    return None


class TesserocrEngine:
    """Tesseract as a library, one instance per process (it keeps the language model loaded)."""

    name = "tesserocr"

    def __init__(self, language: str, folder: str) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=folder, lang=language, psm=tesserocr.PSM.AUTO)
        self.version = tesserocr.tesseract_version().split()[1]

    def lines(self, image, dpi: int, min_confidence: float) -> list[OcrLine]:
        from tesserocr import RIL, iterate_level

        api = self._api
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        api.Recognize()
        out: list[OcrLine] = []
        current: list[OcrWord] = []
        size = 0.0
        iterator = api.GetIterator()
        for word in iterate_level(iterator, RIL.WORD):
            if word.IsAtBeginningOf(RIL.TEXTLINE):
                if current:
                    out.append(OcrLine(current, size))
                current = []
                size = word.RowAttributes()["row_height"]
            text = (word.GetUTF8Text(RIL.WORD) or "").strip()
            box = word.BoundingBox(RIL.WORD)
            if not text or box is None or word.Confidence(RIL.WORD) < min_confidence:
                continue
            current.append(OcrWord(text, *box))
        if current:
            out.append(OcrLine(current, size))
        api.Clear()
        return out


class TesseractProgramEngine:
    """The ``tesseract`` program, one call per page, read back as TSV."""

    name = "tesseract"

    def __init__(self, language: str, program: str, folder: str | None) -> None:
        self._command = [program, "stdin", "stdout", "-l", language, "--psm", "3"]
        if folder:
            self._command[1:1] = ["--tessdata-dir", folder]
        done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
        self.version = (done.stdout or done.stderr).split()[1] if (done.stdout or done.stderr).split()[1:] else "?"

    def lines(self, image, dpi: int, min_confidence: float) -> list[OcrLine]:
        png = io.BytesIO()
        image.save(png, format="PNG")
        done = subprocess.run(
            [*self._command, "--dpi", str(dpi), "tsv"], input=png.getvalue(), capture_output=True, timeout=600
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[:300] or f"tesseract exited {done.returncode}")
        lines: dict[tuple[str, str, str], OcrLine] = {}
        for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["block_num"], row["par_num"], row["line_num"])
            left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
            if row["level"] == "4":
                lines[key] = OcrLine([], 0.8 * height)  # the line box spans ascenders to descenders
                continue
            text = (row.get("text") or "").strip()
            if row["level"] != "5" or not text or float(row["conf"]) < min_confidence or key not in lines:
                continue
            lines[key].words.append(OcrWord(text, left, top, left + width, top + height))
        return [line for line in lines.values() if line.words]


@cache
def engine(language: str = "eng"):
    """The engine to use here; raises OcrUnavailable with what to install when there is none."""
    folder = tessdata(language)
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        tesserocr = None
    if tesserocr is not None and folder:
        return TesserocrEngine(language, folder)
    program = shutil.which("tesseract")
    if program:
        try:
            return TesseractProgramEngine(language, program, folder)
        except (OSError, subprocess.SubprocessError, IndexError) as exc:
            raise OcrUnavailable(f"the tesseract program does not run ({exc}); {INSTALL_HINT}") from None
    if tesserocr is not None:
        raise OcrUnavailable(f"Tesseract's {language!r} language data is not installed; {INSTALL_HINT}")
    raise OcrUnavailable(f"OCR is not installed; {INSTALL_HINT}")


def segments_of(lines: list[OcrLine], scale: float, x_offset: float, y_offset: float, gap_ratio: float) -> list[Segment]:
    """OCR lines as page segments in points: pixel boxes times ``scale`` plus the offset of the rendered area;
    a line is cut where the gap between two words is wider than ``gap_ratio`` line heights (a column gutter,
    a table cell boundary), as pdfium's lines are."""
    out: list[Segment] = []
    for line in lines:
        words = sorted(line.words, key=lambda w: w.x0)
        size = line.size * scale
        height = max(max(w.bottom for w in words) - min(w.top for w in words), 1.0)
        runs: list[list[OcrWord]] = [[words[0]]]
        for word in words[1:]:
            if word.x0 - runs[-1][-1].x1 > gap_ratio * max(height, line.size):
                runs.append([])
            runs[-1].append(word)
        for run in runs:
            out.append(
                Segment(
                    " ".join(w.text for w in run),
                    x_offset + min(w.x0 for w in run) * scale,
                    x_offset + max(w.x1 for w in run) * scale,
                    y_offset + min(w.top for w in run) * scale,
                    y_offset + max(w.bottom for w in run) * scale,
                    size,
                    line.bold,
                    [(w.text, x_offset + w.x0 * scale, x_offset + w.x1 * scale) for w in run],
                )
            )
    return out


def snap_sizes(segments: list[Segment]) -> None:
    """Make OCR type sizes as steady as a font's: the most common size is the body, sizes within a tenth of it
    become it, and every other size is rounded to half a point (blocks break a paragraph at a change of size)."""
    if not segments:
        return
    counts: dict[float, int] = {}
    for seg in segments:
        key = round(seg.size * 2) / 2
        counts[key] = counts.get(key, 0) + len(seg.text)
    # the body: the half-point with the most text, with its neighbours' text counted in
    body = max(counts, key=lambda s: sum(counts.get(s + d, 0) for d in (-0.5, 0.0, 0.5)))
    for seg in segments:
        seg.size = body if abs(seg.size - body) <= 0.1 * body else round(seg.size * 2) / 2


__all__ = ["INSTALL_HINT", "OcrSettings", "OcrUnavailable", "engine", "segments_of", "snap_sizes", "tessdata"]

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
    ink: int = 0  # dark pixels in its box (set by stroke_weights)
    strokes: int = 0  # dark runs met crossing its box row by row


@dataclass
class OcrLine:
    words: list[OcrWord]
    size: float  # the row's height in pixels: about the font size
    baseline: float | None = None  # where the letters stand, in pixels from the top (None: not known)


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
        line = OcrLine([], 0.0)
        iterator = api.GetIterator()
        for word in iterate_level(iterator, RIL.WORD):
            if word.IsAtBeginningOf(RIL.TEXTLINE):
                if line.words:
                    out.append(line)
                baseline = word.Baseline(RIL.TEXTLINE)
                line = OcrLine([], word.RowAttributes()["row_height"], (baseline[0][1] + baseline[1][1]) / 2 if baseline else None)
            text = (word.GetUTF8Text(RIL.WORD) or "").strip()
            box = word.BoundingBox(RIL.WORD)
            if not text or box is None or word.Confidence(RIL.WORD) < min_confidence:
                continue
            line.words.append(OcrWord(text, *box))
        if line.words:
            out.append(line)
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
    a table cell boundary), as pdfium's lines are. Where the baseline is known a segment spans the font's
    ascent to its descent, as pdfium's character boxes do, so that every line of a size is as tall whatever
    its letters; the segment keeps its line's stroke weight in ``stroke`` for bold_lines."""
    out: list[Segment] = []
    for line in _join_level_lines(lines, gap_ratio):
        words = sorted(line.words, key=lambda w: w.x0)
        size = line.size * scale
        height = max(max(w.bottom for w in words) - min(w.top for w in words), 1.0)
        runs: list[list[OcrWord]] = [[words[0]]]
        for word in words[1:]:
            if word.x0 - runs[-1][-1].x1 > gap_ratio * max(height, line.size):
                runs.append([])
            runs[-1].append(word)
        for run in runs:
            top, bottom = min(w.top for w in run), max(w.bottom for w in run)
            if line.baseline is not None and line.size:
                # Tesseract may make one line of two columns whose lines are not level: each part keeps its own
                stands = sorted(w.bottom for w in run)[len(run) // 2]
                baseline = line.baseline if abs(stands - line.baseline) <= 0.35 * line.size else stands
                top, bottom = baseline - 0.93 * line.size, baseline + 0.24 * line.size
            strokes = sum(w.strokes for w in run)
            segment = Segment(
                " ".join(w.text for w in run),
                x_offset + min(w.x0 for w in run) * scale,
                x_offset + max(w.x1 for w in run) * scale,
                y_offset + top * scale,
                y_offset + bottom * scale,
                size,
                False,
                [(w.text, x_offset + w.x0 * scale, x_offset + w.x1 * scale) for w in run],
            )
            segment.stroke = sum(w.ink for w in run) / strokes / line.size if strokes and line.size else 0.0  # type: ignore[attr-defined]
            out.append(segment)
    return out


def _join_level_lines(lines: list[OcrLine], gap_ratio: float) -> list[OcrLine]:
    """Tesseract may cut one line of type into two where it guesses a column: lines that stand on one baseline
    in one size, a word space apart (under 0.6 of the size; a gutter is wider), are one line again."""
    level = sorted((line for line in lines if line.baseline is not None and line.size), key=lambda l: (l.baseline, min(w.x0 for w in l.words)))
    out = [line for line in lines if line.baseline is None or not line.size]
    for line in level:
        for prev in out[-4:]:
            if prev.baseline is None or not prev.size or abs(prev.baseline - line.baseline) > 0.25 * prev.size:
                continue
            if abs(prev.size - line.size) > 0.15 * prev.size:
                continue
            gap = min(w.x0 for w in line.words) - max(w.x1 for w in prev.words)
            if 0 <= gap <= 0.6 * prev.size:  # a space between words, not a gutter
                prev.words = prev.words + line.words
                break
        else:
            out.append(OcrLine(list(line.words), line.size, line.baseline))
    return out


def stroke_weights(lines: list[OcrLine], picture) -> None:
    """Count each word's dark pixels and the dark runs met crossing it row by row: their ratio is the width of
    its vertical strokes, which over the type size tells bold (about half as thick again) from regular."""
    import numpy as np

    dark = np.asarray(picture.convert("L")) < 128
    for line in lines:
        for w in line.words:
            box = dark[max(int(w.top), 0) : int(w.bottom) + 1, max(int(w.x0), 0) : int(w.x1) + 1]
            if box.size:
                w.ink = int(box.sum())
                w.strokes = int(np.count_nonzero(box[:, 1:] & ~box[:, :-1]) + np.count_nonzero(box[:, 0]))


def bold_lines(segments: list[Segment], ratio: float = 1.35) -> None:
    """Mark as bold the segments whose strokes are ``ratio`` times as thick as the document's usual line."""
    strokes = sorted(getattr(s, "stroke", 0.0) for s in segments if getattr(s, "stroke", 0.0) > 0)
    if len(strokes) < 3:
        return
    usual = strokes[len(strokes) // 2]
    for seg in segments:
        seg.bold = getattr(seg, "stroke", 0.0) > ratio * usual


def rules_in(picture, scale: float, min_length: float = 30.0) -> list[tuple[float, float, float, float]]:
    """Ruling lines drawn in a page image: runs of dark pixels at least ``min_length`` points long, across
    or down, merged with their neighbours into one box each (x0, top, x1, bottom in points)."""
    import numpy as np

    dark = np.asarray(picture.convert("L")) < 160
    shortest = max(int(min_length / scale), 8)
    out: list[tuple[float, float, float, float]] = []
    for grid, across in ((dark, True), (dark.T, False)):
        padded = np.pad(grid, ((0, 0), (1, 1))).astype(np.int8)
        step = np.diff(padded, axis=1)
        rows, starts = np.nonzero(step == 1)
        _, ends = np.nonzero(step == -1)
        keep = ends - starts >= shortest
        merged: list[list[int]] = []  # [first row, last row, start, end]
        for row, start, end in sorted(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()), key=lambda r: (r[1], r[0])):
            for box in merged[-8:]:
                if row <= box[1] + 1 and abs(start - box[2]) <= 2 and abs(end - box[3]) <= 2:
                    box[1] = row
                    break
            else:
                merged.append([row, row, start, end])
        for first, last, start, end in merged:
            if last - first > 6 / scale:  # thicker than 6 points: a filled band, not a rule
                continue
            if across:
                out.append((start * scale, first * scale, end * scale, (last + 1) * scale))
            else:
                out.append((first * scale, start * scale, (last + 1) * scale, end * scale))
    return out


def snap_sizes(segments: list[Segment], tolerance: float = 0.17, regular: float = 0.35, spread: float = 0.08) -> None:
    """Make OCR type sizes as steady as a font's (blocks break a paragraph at a change of size): the size with
    the most text is the body, and sizes within ``tolerance`` of it become it (a heading is at least 1.2 times
    the body, so none is lost); a line that is not bold is taken as larger than the body only past ``regular``
    (a row height is now and then well off: a heading set a little larger is bold). The other sizes, taken
    from the most text down, each gather the sizes within ``spread`` of them, so the lines of one heading
    share a size. Run bold_lines first."""
    if not segments:
        return
    counts: dict[float, int] = {}
    for seg in segments:
        key = round(seg.size * 2) / 2
        counts[key] = counts.get(key, 0) + len(seg.text)
    # the body: the half-point with the most text, with its neighbours' text counted in
    body = max(counts, key=lambda s: sum(counts.get(s + d, 0) for d in (-0.5, 0.0, 0.5)))
    centres = [body]
    for size in sorted(counts, key=lambda s: -counts[s]):
        if abs(size - body) > tolerance * body and all(abs(size - c) > spread * c for c in centres[1:]):
            centres.append(size)

    def centre(size: float, bold: bool) -> float:
        if abs(size - body) <= tolerance * body or (not bold and body < size <= (1 + regular) * body):
            return body
        near = [c for c in centres[1:] if abs(size - c) <= spread * c]
        return min(near, key=lambda c: abs(c - size)) if near else round(size * 2) / 2

    for seg in segments:
        seg.size = centre(seg.size, seg.bold)


__all__ = [
    "INSTALL_HINT", "OcrSettings", "OcrUnavailable", "bold_lines", "engine", "rules_in", "segments_of", "snap_sizes",
    "stroke_weights", "tessdata",
]

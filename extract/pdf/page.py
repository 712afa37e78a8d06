"""What one PDF page holds, read with pdfium: text segments with their boxes, and whether it has ruling lines.

pdfium gives the page text in content order, with generated line breaks and
spaces. A word's box comes from its first and last characters, so the cost is a
few calls per word rather than per character. Words on one visual line that
are close together form a *segment*; a wide gap (a column gutter, a table
cell boundary) starts a new one.
"""

from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

HYPHEN_JOIN = "\ufffe"  # pdfium's mark for a word it joined across an end-of-line hyphen
_WORD = re.compile(r"\S+")
# a bullet glyph or list number set apart from its text by a tab stop still belongs to it
_MARKER = re.compile(r"^(?:[•·▪‣◦●○■□➢➤►✓✔❖➔→\uf0a7\uf0b7\uf0d8\uf076\uf0fc\-–—*]|\d{1,2}(?:\.\d{1,2})+\.?|\(?\d{1,2}[.)]|\(?[a-z][.)])$")
_RULE_THICKNESS = 2.0  # a path thinner than this (points) is a rule
_RULE_LENGTH = 8.0  # and at least this long
_MARK_SIZE = (1.5, 8.0)  # a drawn list bullet (a dot or square) is a path about this wide and high
BULLET = "\u2022"


@dataclass
class Segment:
    """A run of words on one line of a page, in page coordinates measured from the top-left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    words: list[tuple[str, float, float]] = field(default_factory=list)  # (text, x0, x1) of each word

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    segments: list[Segment]
    chars: int
    has_rules: bool
    objects: int  # page objects drawn (text, paths, images, forms); 0 is a blank page
    has_images: bool
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # thin lines and boxes: x0, top, x1, bottom
    tables: list = field(default_factory=list)  # ruled tables found on the page (layout.TableBox)
    images: list["Image"] = field(default_factory=list)  # the images it draws, with their size in pixels
    ocr: bool = False  # some of its segments were read by OCR


@dataclass
class Image:
    """An image drawn on a page: where (points from the top-left) and how many pixels it holds, read from its
    dictionary without decoding it."""

    x0: float
    top: float
    x1: float
    bottom: float
    width_px: int
    height_px: int

    @property
    def pixels(self) -> int:
        return self.width_px * self.height_px

    @property
    def area(self) -> float:
        return max(self.x1 - self.x0, 0.0) * max(self.bottom - self.top, 0.0)


def read_page(page, number: int, *, gap_ratio: float) -> PageContent:
    """Segments and ruling lines of one pdfium page."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars = textpage.count_chars()
        segments = _segments(textpage, chars, height, gap_ratio) if chars else []
    finally:
        textpage.close()
    rules, marks, objects, images = _drawing(page.raw, height)
    if marks and segments:
        _attach_marks(segments, marks)
    return PageContent(number, width, height, segments, chars, _ruled(rules), objects, bool(images), rules, images=images)


def pack(pages: list[PageContent]) -> list[tuple]:
    """Pages just read (no tables, no OCR yet) as plain tuples: pickled and rebuilt in half the time the
    dataclasses take, for pages read in another process."""
    return [
        (
            c.number, c.width, c.height, [(s.text, s.x0, s.x1, s.top, s.bottom, s.size, s.bold, s.words) for s in c.segments],
            c.chars, c.has_rules, c.objects, c.has_images, c.rules,
            [(i.x0, i.top, i.x1, i.bottom, i.width_px, i.height_px) for i in c.images],
        )
        for c in pages
    ]


def unpack(packed: list[tuple]) -> list[PageContent]:
    """The pages ``pack`` made plain."""
    out = []
    for number, width, height, segments, chars, has_rules, objects, has_images, rules, images in packed:
        out.append(
            PageContent(
                number, width, height, [Segment(*s) for s in segments], chars, has_rules, objects, has_images, rules,
                images=[Image(*i) for i in images],
            )
        )
    return out


# a word while a page is read, as a plain tuple (this runs for every word of every page):
# (text, x0, x1, top, bottom, position of its first character in the page text)
_Word = tuple[str, float, float, float, float, int]


class _CharBoxes:
    """pdfium's loose character box through a ctypes prototype taking plain addresses, read back through a
    memoryview: a page reads one or two boxes per word, and ctypes' pointer checks and structure fields cost
    more than pdfium's own work."""

    _PROTOTYPE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    _function = None

    def __init__(self, textpage_handle):
        if _CharBoxes._function is None:
            # the loose box spans the font's ascent to descent, so every character of a line has the same height
            _CharBoxes._function = self._PROTOTYPE(ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)
        self._buffer = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
        self._address = ctypes.addressof(self._buffer)
        self._handle = ctypes.cast(textpage_handle, ctypes.c_void_p).value
        self.box = memoryview(self._buffer).cast("B").cast("f")

    def read(self, index: int) -> None:
        _CharBoxes._function(self._handle, index, self._address)


def _segments(textpage, chars: int, page_height: float, gap_ratio: float) -> list[Segment]:
    text = textpage.get_text_range(0, chars)
    handle = textpage.raw
    if len(text) != chars:  # characters outside the basic plane: map text positions to character indices
        index = [pdfium_c.FPDFText_GetCharIndexFromTextIndex(handle, i) for i in range(len(text))]
    else:
        index = None
    boxes = _CharBoxes(handle)
    read, box = boxes.read, boxes.box
    finditer = _WORD.finditer

    segments: list[Segment] = []
    for line_start, line_end in _lines(text):
        words: list[_Word] = []
        for match in finditer(text, line_start, line_end):
            start, end = match.span()
            word = match.group()
            read(index[start] if index else start)
            x0, top0, x1, bottom0 = box
            top0 = page_height - top0
            bottom0 = page_height - bottom0
            cut = word.find(HYPHEN_JOIN)
            # a word joined across a line break by pdfium keeps the box of its first line
            last = start + cut - 1 if cut > 0 else end - 1
            if last == start:  # one character: its box is already read
                top1, bottom1 = top0, bottom0
            else:
                read(index[last] if index else last)
                _, top1, x1, bottom1 = box
                top1 = page_height - top1
                bottom1 = page_height - bottom1
            if x1 < x0 or top1 >= bottom0:  # the last character sits on another line
                x1, top1, bottom1 = x0, top0, bottom0
                if cut < 0 and "-" in word[1:-1]:  # a hyphen pdfium kept where the word broke
                    at = word.index("-", 1)
                    word = word[:at] + HYPHEN_JOIN + word[at + 1 :]
                    before_hyphen = start + at - 1
                    read(index[before_hyphen] if index else before_hyphen)
                    x1 = box[2]
            words.append((word, x0, x1, top0 if top0 <= top1 else top1, bottom0 if bottom0 >= bottom1 else bottom1, start))
        if words:
            segments += _group(words, handle, index, gap_ratio)
    return [s for s in segments if s.text.strip()]


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\r\n|\n|\r", text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _group(words: list[_Word], handle, index, gap_ratio: float) -> list[Segment]:
    """Split one pdfium line into segments at wide gaps and where the words jump to another line."""
    runs: list[list[_Word]] = []
    current: list[_Word] = [words[0]]
    _, prev_x0, prev_x1, prev_top, prev_bottom, _ = words[0]
    for word in words[1:]:
        _, x0, x1, top, bottom, _ = word
        height = max(prev_bottom - prev_top, bottom - top, 1.0)
        same_line = top < prev_bottom - 0.3 * height and bottom > prev_top + 0.3 * height
        if not same_line or x0 < prev_x0 or (
            x0 - prev_x1 > gap_ratio * height
            # a bullet or list number set apart by a tab stop stays with its text
            and not (len(current) == 1 and _MARKER.match(current[0][0]) and word[0][:1].isalpha())
        ):
            runs.append(current)
            current = []
        current.append(word)
        prev_x0, prev_x1, prev_top, prev_bottom = x0, x1, top, bottom
    runs.append(current)
    out: list[Segment] = []
    for run in runs:
        first = run[0][5] if index is None else index[run[0][5]]
        font_size = pdfium_c.FPDFText_GetFontSize(handle, first)
        weight = pdfium_c.FPDFText_GetFontWeight(handle, first)
        texts, x0s, x1s, tops, bottoms, _ = zip(*run)
        out.append(
            Segment(
                " ".join(texts), min(x0s), max(x1s), min(tops), max(bottoms),
                round(font_size, 1), weight >= 600, list(zip(texts, x0s, x1s)),
            )
        )
    return out


Rect = tuple[float, float, float, float]  # x0, top, x1, bottom


def _drawing(page_handle, page_height: float) -> tuple[list[Rect], list[Rect], int, list[Image]]:
    """The page's rules (thin lines) and boxes, and its small dots and squares (list bullets drawn as shapes, as
    browsers print them), in top-left coordinates; how many objects it draws; its images.

    A designed page draws thousands of objects, most of them text: each costs two calls (the object, its
    type), made through prototypes taking plain addresses; only paths and images are asked for more."""
    call = _object_calls()
    floats = (ctypes.c_float * 4)()  # left, bottom, right, top
    at = ctypes.addressof(floats)
    corners = (at, at + 4, at + 8, at + 12)
    left_bottom_right_top = memoryview(floats).cast("B").cast("f")
    pixels = (ctypes.c_uint * 2)()
    sizes = (ctypes.addressof(pixels), ctypes.addressof(pixels) + 4)
    rules: list[Rect] = []
    marks: list[Rect] = []
    images: list[Image] = []
    objects = 0
    path_kind, image_kind, form_kind = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    get_type, get_bounds = call.get_type, call.get_bounds
    stack = [(ctypes.cast(page_handle, ctypes.c_void_p).value, True)]
    while stack:
        parent, is_page = stack.pop()
        count = call.count_page(parent) if is_page else call.count_form(parent)
        get = call.get_page_object if is_page else call.get_form_object
        for i in range(count):
            obj = get(parent, i)
            kind = get_type(obj)
            objects += 1
            if kind == path_kind:
                if not get_bounds(obj, *corners):
                    continue
                left, bottom, right, top = left_bottom_right_top
                w, h = right - left, top - bottom
                box = (left, page_height - top, right, page_height - bottom)
                if (w >= _RULE_LENGTH and h <= _RULE_THICKNESS) or (h >= _RULE_LENGTH and w <= _RULE_THICKNESS) or (w >= _RULE_LENGTH and h >= _RULE_LENGTH):
                    rules.append(box)
                elif _MARK_SIZE[0] <= w <= _MARK_SIZE[1] and _MARK_SIZE[0] <= h <= _MARK_SIZE[1] and 0.6 <= w / h <= 1.6:
                    marks.append(box)
            elif kind == image_kind:
                left = bottom = right = top = 0.0
                if get_bounds(obj, *corners):
                    left, bottom, right, top = left_bottom_right_top
                width_px = height_px = 0
                if call.pixel_size(obj, *sizes):
                    width_px, height_px = pixels
                images.append(Image(left, page_height - top, right, page_height - bottom, width_px, height_px))
            elif kind == form_kind:
                stack.append((obj, False))
    return rules, marks, objects, images


class _ObjectCalls:
    """pdfium's page-object functions as ctypes prototypes over plain addresses (ints), without the pointer
    type checks of the bindings."""

    def __init__(self):
        void, c_int, c_ulong = ctypes.c_void_p, ctypes.c_int, ctypes.c_ulong

        def plain(function, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)

        self.count_page = plain(pdfium_c.FPDFPage_CountObjects, c_int, void)
        self.get_page_object = plain(pdfium_c.FPDFPage_GetObject, void, void, c_int)
        self.count_form = plain(pdfium_c.FPDFFormObj_CountObjects, c_int, void)
        self.get_form_object = plain(pdfium_c.FPDFFormObj_GetObject, void, void, c_ulong)
        self.get_type = plain(pdfium_c.FPDFPageObj_GetType, c_int, void)
        self.get_bounds = plain(pdfium_c.FPDFPageObj_GetBounds, c_int, void, void, void, void, void)
        self.pixel_size = plain(pdfium_c.FPDFImageObj_GetImagePixelSize, c_int, void, void, void)


_OBJECT_CALLS: list[_ObjectCalls] = []


def _object_calls() -> _ObjectCalls:
    if not _OBJECT_CALLS:
        _OBJECT_CALLS.append(_ObjectCalls())
    return _OBJECT_CALLS[0]


def _attach_marks(segments: list[Segment], marks: list[Rect]) -> None:
    """A dot or square drawn just left of a line, level with it and no larger than its letters, is that line's list
    bullet: it becomes a bullet glyph at the head of the segment, as if the bullet had been set as text."""
    by_top = sorted(segments, key=lambda s: s.top)
    tops = [s.top for s in by_top]
    tallest = max(s.height for s in segments)
    for x0, top, x1, bottom in marks:  # a chart's markers can be thousands: look only at the lines level with each
        middle = (top + bottom) / 2
        level = [s for s in by_top[bisect.bisect_left(tops, middle - tallest) : bisect.bisect_right(tops, middle)] if s.bottom >= middle]
        beside = [s for s in level if s.x0 >= x1 and bottom - top <= 0.8 * s.height and s.x0 - x1 <= 3 * s.height]
        if not beside or any(0 <= x0 - s.x1 <= s.height for s in level):
            continue  # no line beside it, or a dot set between the words of a line ('Contacts \u2022 4,210')
        line = min(beside, key=lambda s: s.x0)
        if line.words and line.words[0][0] == BULLET:
            continue
        line.text = f"{BULLET} {line.text}"
        line.words.insert(0, (BULLET, x0, x1))
        line.x0 = x0


def _ruled(rules: list[tuple[float, float, float, float]]) -> bool:
    """At least two horizontal and two vertical rules (a box counts as both): a ruled table may be there."""
    horizontal = vertical = 0
    for x0, top, x1, bottom in rules:
        if bottom - top <= _RULE_THICKNESS:
            horizontal += 1
        elif x1 - x0 <= _RULE_THICKNESS:
            vertical += 1
        else:
            horizontal += 2
            vertical += 2
    return horizontal >= 2 and vertical >= 2

"""Where each drawn word of a PDF landed in the document's text, so that a span of the text can be drawn on its page.

The text is built from the segments in reading order (tables cell by cell, row by row), with spaces
collapsed, bullets dropped and line-end hyphens rejoined. Each word is looked for in the text a little
after the previous one; a word not found there (a bullet glyph, a running header left out, a table
cell read in another order) is looked for once more on its page, and left out when it is not there.
"""

from __future__ import annotations

from operator import itemgetter

from lscp.schemas import Page, WordBox

from .layout import AlignedTable, TableBox
from .page import HYPHEN_JOIN, Segment

_WINDOW = 160  # how far past the previous word the next one may start


def page_words(ordered: list, segments: list[Segment]) -> list[tuple[str, float, float, float, float]]:
    """A page's words in the order its text was written: (text, x0, top, x1, bottom), the box rounded to
    hundredths of a point as it is stored (a line's top and bottom once for all its words).

    ``ordered`` is the page in reading order (segments and tables); ``segments`` are all its segments
    before tables took theirs, whose words fill the tables, row by row."""
    out: list[tuple[str, float, float, float, float]] = []
    for item in ordered:
        if isinstance(item, Segment):
            top, bottom = round(item.top, 2), round(item.bottom, 2)
            out += [(text, round(x0, 2), top, round(x1, 2), bottom) for text, x0, x1 in item.words]
        elif isinstance(item, (TableBox, AlignedTable)):
            inside = [
                (text, x0, seg.top, x1, seg.bottom)
                for seg in segments
                if item.top - 1 <= (seg.top + seg.bottom) / 2 <= item.bottom + 1
                for text, x0, x1 in seg.words
                if item.x0 - 1 <= (x0 + x1) / 2 <= item.x1 + 1
            ]
            inside.sort(key=lambda w: (round(w[2] / 3), w[1]))
            out += [(text, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)) for text, x0, top, x1, bottom in inside]
    return out


def _needle(word: str) -> str:
    """The part of a drawn word that is in the text: the first line's part of a word broken by a hyphen."""
    head = word.split(HYPHEN_JOIN, 1)[0]
    if head != word or (head.endswith("-") and len(head) > 1):
        head = head.rstrip("-")
    return head


def locate(text: str, pages: list[Page], words_by_page: dict[int, list[tuple[str, float, float, float, float]]]) -> list[WordBox]:
    """The word boxes (as ``page_words`` gives them) whose word was found in ``text``, in text order."""
    found: list[WordBox] = []
    cursor = 0
    for page in pages:
        # no jump to the page's start: a paragraph cut by the page break goes on in the last page's text
        for word, x0, top, x1, bottom in words_by_page.get(page.number, ()):
            needle = _needle(word) if HYPHEN_JOIN in word or word.endswith("-") else word
            if not needle:
                continue
            at = text.find(needle, cursor, cursor + _WINDOW + len(needle))
            if at < 0:
                if len(needle) < 3:
                    continue
                at = text.find(needle, page.start, page.end)
                if at < 0:
                    continue
                if at > cursor:
                    cursor = at + len(needle)
            else:
                cursor = at + len(needle)
            found.append((page.number, at, at + len(needle), x0, top, x1, bottom))
    found.sort(key=itemgetter(1, 2))
    return found

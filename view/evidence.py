"""From a fact's evidence offsets to what a reader sees: the matched words inside their sentence, and their boxes.

The matched words are the stored page text cut at char_start/char_end; they are found inside the
sentence where the sentence stands in the page text around them (else at their first place in the
sentence, as for a table row, whose sentence is its cells joined with ' | ').
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Evidence:
    """What the evidence view shows for one fact."""

    fact_id: str
    document_id: str
    page: int | None
    sentence: str
    before: str  # the sentence up to the matched words
    match: str  # the matched words: the page text at char_start:char_end
    after: str
    rule: str | None = None
    paragraph: int | None = None  # a DOCX paragraph, which stands for the page there
    ocr: bool = False  # the words were read from an image of the page
    in_sentence: bool = True  # False when the matched words are not in the sentence (then before = sentence)
    boxes: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)  # page -> word boxes

    def as_dict(self) -> dict[str, Any]:
        return {
            "fact_id": self.fact_id, "document_id": self.document_id, "page": self.page, "sentence": self.sentence,
            "before": self.before, "match": self.match, "after": self.after, "rule": self.rule,
            "paragraph": self.paragraph, "ocr": self.ocr, "in_sentence": self.in_sentence,
        }


class DocumentText:
    """One document's stored pages and word boxes, to resolve evidence offsets against."""

    def __init__(self, pages: list[dict[str, Any]], words: list[tuple] = ()) -> None:
        self.pages = sorted(pages, key=lambda p: p["char_start"])
        self._starts = [p["char_start"] for p in self.pages]
        self.words = sorted(words, key=lambda w: w[2])  # (document_id, page, char_start, char_end, x0, y0, x1, y1)
        self._word_starts = [w[2] for w in self.words]
        self.sizes = {p["page"]: (p.get("width"), p.get("height")) for p in self.pages}

    def page_of(self, offset: int) -> dict[str, Any] | None:
        at = bisect.bisect_right(self._starts, offset) - 1
        if at < 0:
            return None
        page = self.pages[at]
        return page if offset < page["char_end"] or at == len(self.pages) - 1 else None

    def span(self, start: int, end: int) -> tuple[str, dict[str, Any] | None]:
        """The text at [start, end) and the page it starts on."""
        page = self.page_of(start)
        if page is None:
            return "", None
        base = page["char_start"]
        text = page["text"][start - base : end - base]
        if end > page["char_end"]:  # a span running into the next page
            for other in self.pages:
                if other["char_start"] >= page["char_end"] and other["char_start"] < end:
                    text += other["text"][: end - other["char_start"]]
        return text, page

    def boxes(self, start: int, end: int) -> dict[int, list[tuple[float, float, float, float]]]:
        """The boxes of the words overlapping [start, end), by the page they are drawn on."""
        out: dict[int, list[tuple[float, float, float, float]]] = {}
        lo = bisect.bisect_left(self._word_starts, start - 200)
        for word in self.words[lo:]:
            if word[2] >= end:
                break
            if word[3] > start:
                out.setdefault(word[1], []).append(tuple(round(v, 2) for v in word[4:8]))
        return out


def resolve(fact: dict[str, Any], text: DocumentText | None) -> Evidence:
    """The evidence of one fact row (fact_id, document_id, page, char_start, char_end, sentence, rule)."""
    sentence = fact.get("sentence") or ""
    start, end = fact.get("char_start"), fact.get("char_end")
    match, page = ("", None) if text is None or start is None or end is None else text.span(start, end)
    evidence = Evidence(
        fact_id=fact["fact_id"], document_id=fact["document_id"], page=fact.get("page"), sentence=sentence,
        before=sentence, match="", after="", rule=fact.get("rule"), paragraph=fact.get("paragraph"),
        ocr=bool(fact.get("ocr")), in_sentence=False,
    )
    if not match:
        return evidence
    at = _place_in_sentence(sentence, match, page, start)
    if at is None:
        evidence.match = match
        return evidence
    evidence.before, evidence.match, evidence.after = sentence[:at], match, sentence[at + len(match) :]
    evidence.in_sentence = True
    if text is not None and text.words:
        evidence.boxes = text.boxes(start, end)
    return evidence


def _place_in_sentence(sentence: str, match: str, page: dict[str, Any] | None, start: int) -> int | None:
    """Where the matched words start in the sentence: where the sentence, found in the page text around the
    span, puts them; else their first place in the sentence; None when they are not in it."""
    if match not in sentence:
        return None
    if page is not None and sentence:
        local = start - page["char_start"]
        text = page["text"]
        at = text.find(sentence, max(0, local - len(sentence)))
        while 0 <= at <= local:
            offset = local - at
            if sentence[offset : offset + len(match)] == match:
                return offset
            at = text.find(sentence, at + 1)
    return sentence.find(match)

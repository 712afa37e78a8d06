"""Where reviews are read from beyond prose sentences: each row of a table of reviews (one that names a review
type, or stands under a title on reviews), and the review type a heading above a name gives."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind

from .segments import Segment, TaggedDocument, section_title

REVIEWS_SECTION = re.compile(r"\breview|\bLCSPR|\bCSPR|\bSCR\b|\bSPR|\bcase reviews?\b", re.I)


def heading_type(seg: Segment) -> str | None:
    heading_types = [h for h in seg.headings[-2:] if re.search(r"review|LCSPR|SCR|SPR", h)]
    if not heading_types:
        return None
    low = heading_types[-1].lower()
    if "national" in low:
        return "national_review"
    if "serious case" in low or "scr" in low:
        return "scr"
    if "rapid" in low:
        return "rapid_review"
    if "learning review" in low or "thematic" in low:
        return "learning_review"
    return "lcspr"


def readable(tagged: TaggedDocument):
    """The sentences to read reviews from: every prose sentence, and each row of a table that names a review
    type ('Child K | Local child safeguarding practice review | Published March 2024'), read as a sentence."""
    for seg in tagged.segments:
        if seg.kind is not BlockKind.table:
            yield seg
            continue
        heading = _table_title(tagged, seg.block_index)
        headings = seg.headings
        if not any(s.label_ == "REVIEW_TYPE" for s in seg.spans("cue")):
            if not REVIEWS_SECTION.search(heading) or re.search(r"\bnational\b", heading, re.I):
                continue
            headings = [*seg.headings, heading]  # a table that names no review type under a title on reviews
        rows = tagged.document.blocks[seg.block_index].rows or []
        for row in rows:
            text = " | ".join(cell.strip() for cell in row if cell.strip())
            if not text:
                continue
            doc = tagged.nlp(text)
            yield Segment(text, seg.start, seg.end, seg.page, seg.block_index, BlockKind.paragraph, headings, doc, doc[:], synthetic=True)


def _table_title(tagged: TaggedDocument, block_index: int) -> str:
    """The title a table stands under: its heading, or the short line just above it ("Serious case reviews")."""
    if block_index > 0:
        above = tagged.document.blocks[block_index - 1]
        text = tagged.document.block_text(above).strip()
        if above.kind is BlockKind.heading or (above.kind is BlockKind.paragraph and len(text.split()) <= 10 and not text.endswith(".")):
            return text
    return section_title(tagged, block_index)

"""Where reviews are read from beyond prose sentences: each row of a table of reviews (one that names a review
type, or stands under a title on reviews), and the review type a heading above a name gives."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, ReviewMention

from .review_names import CASE_CODE, NOT_NAMES
from .review_stage import stage, status_ids
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


def section_review(seg: Segment, tagged: TaggedDocument, proper: set[str]) -> ReviewMention | None:
    """A line that is only a name ('Stephen', 'Child D', 'Baby Eva') in a section titled for practice reviews: a
    review listed in a table flattened into lines, or a review page's heading over its summary, its date and a
    'Published' line."""
    text = seg.text.strip()
    blocks = tagged.document.blocks
    if seg.kind not in (BlockKind.paragraph, BlockKind.heading) or tagged.document.block_text(blocks[seg.block_index]).strip() != text:
        return None
    coded = CASE_CODE.fullmatch(text)
    words = text.split()
    named = re.fullmatch(r"(?:Baby\s+)?[A-Z][^\W\d_]{2,}", text) and all(w in proper and w not in NOT_NAMES for w in words if w != "Baby")
    if not coded and not named:
        return None
    if seg.spans("theme") or seg.spans("org") or seg.spans("area") or seg.spans("metric"):
        return None
    title = section_title(tagged, seg.block_index) if seg.kind is BlockKind.paragraph else _reviews_heading(tagged, seg.block_index)
    if not re.search(r"\breview|\bLCSPR|\bCSPR|\bSCR\b|\bSPR", title, re.I) or re.search(r"\bnational\b", title, re.I):
        return None
    low = title.lower()
    review_type = "scr" if "serious case" in low else "rapid_review" if "rapid" in low else "learning_review" if "thematic" in low or "learning review" in low else "lcspr"
    status = "unknown"
    if seg.kind is BlockKind.heading:
        found: set[str] = set()
        under = ""
        for index in range(seg.block_index + 1, min(seg.block_index + 6, len(blocks))):
            if blocks[index].kind is BlockKind.heading:
                break  # the next review's heading
            line = tagged.document.block_text(blocks[index]).strip()
            under += " " + line
            if len(line.split()) <= 4:  # "24 April 2024", "Published": the card's date and stage lines
                found |= {i for s in tagged.segments if s.block_index == index for i in status_ids(s)}
        if not re.search(r"\breview\b", under, re.I) or not (coded or re.search(rf"\b{re.escape(text)}\b", under)):
            return None  # a heading on money or appendices: its paragraph is about no review of that child
        status = stage(found)
    return seg.mention(ReviewMention, seg.sent.start_char if seg.sent is not None else 0, len(text), "review.section_list",
                       case_name=text, review_type=review_type, status=status, conducted_by=None)


def _reviews_heading(tagged: TaggedDocument, block_index: int) -> str:
    """The heading a review's own heading stands under: the nearest one above that is not another review's name."""
    blocks = tagged.document.blocks
    for index in range(block_index - 1, max(-1, block_index - 40), -1):
        if blocks[index].kind is not BlockKind.heading:
            continue
        text = tagged.document.block_text(blocks[index]).strip()
        if REVIEWS_SECTION.search(text) or len(text.split()) > 3:
            return text
    return ""


# a case on a list item under a lead-in ending in a colon: "The reviews looked into the cases of:" then "• 'Baby Rowan', who ..."
_LEAD_IN = re.compile(r"\b(?:cases|reviews?|children|babies)\b[^:]{0,40}:\s*$", re.I)
_LEAD_ITEM = re.compile(
    r"^\W{0,3}?['‘\"“](?P<quoted>(?:Baby\s+|Child\s+)?[A-Z][^\W\d_]{2,}(?:-[A-Z][^\W\d_]+)?)['’\"”]\s*[,–—:;-]"
    r"|^\W{0,3}?(?P<coded>(?:Baby|Child)\s+[A-Z][^\W\d_]{2,}|(?:Baby|Child)\s+[A-Z]{1,2}(?![\w'’]))\s*[,–—:;-]"
)


def lead_in_review(seg: Segment, tagged: TaggedDocument, by_block: dict[int, list[Segment]], last_type: tuple[str, int] | None) -> ReviewMention | None:
    """A child named first on a list item after a lead-in on the reviews ('looked into the cases of:'), the review type
    the paragraph before gave ('three serious case reviews published today'), and the stage that paragraph gives."""
    if seg.kind is not BlockKind.list_item or last_type is None or seg.block_index - last_type[1] > 6:
        return None
    if by_block.get(seg.block_index, [seg])[0] is not seg:
        return None
    blocks = tagged.document.blocks
    lead = seg.block_index - 1
    while lead > last_type[1] and blocks[lead].kind is BlockKind.list_item:
        lead -= 1
    if not _LEAD_IN.search(tagged.document.block_text(blocks[lead])):
        return None
    match = _LEAD_ITEM.match(seg.text)
    if not match:
        return None
    group = "quoted" if match.group("quoted") else "coded"
    name = match.group(group)
    if name.split()[-1] in NOT_NAMES:
        return None
    statuses = set().union(*(status_ids(s) for i in range(last_type[1], lead + 1) for s in by_block.get(i, [])))
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(ReviewMention, base + match.start(group), base + match.end(group), "review.lead_in",
                       case_name=name, review_type=last_type[0], status=stage(statuses), conducted_by=None)


# the lines of a review's title page above the case's name: "Serious Case Review" / "Overview Report" / "Milo"
_TITLE_PAGE_LINE = re.compile(r"^(?:(?:independent\s+)?overview\s+report|executive\s+summary|final\s+report)\.?$", re.I)
_TITLE_PAGE_NAME = re.compile(r"^(?:(?:relating|in\s+relation)\s+to|in\s+respect\s+of|concerning)\s+", re.I)


def title_page_review(seg: Segment, tagged: TaggedDocument, by_block: dict[int, list[Segment]], proper: set[str], ctx) -> ReviewMention | None:
    """A case named on a line of its own on a review's title page, under a line that is only the review type and
    perhaps an 'Overview Report' line ('Serious Case Review' / 'Overview Report' / 'Milo', 'SERIOUS CASE REVIEW' /
    'Relating to Baby W'); the stage from the short lines under it ('Publication Date: 17th June 2020')."""
    from .review_names import plain_name

    blocks = tagged.document.blocks
    text = seg.text.strip()
    if seg.kind not in (BlockKind.paragraph, BlockKind.heading) or tagged.document.block_text(blocks[seg.block_index]).strip() != text:
        return None
    caps = _CAPS_TITLE.match(text)
    if caps:  # "SERIOUS CASE REVIEW - BABY F", "SERIOUS CASE REVIEW 'CHILD Y'": the title in capitals on one line
        review_type = "scr" if caps.group("type").startswith("S") else "lcspr"
        name = f"{caps.group('kind').title()} {caps.group('code')}"
        return seg.mention(ReviewMention, seg.sent.start_char if seg.sent is not None else 0, len(seg.text), "review.title_page",
                           case_name=name, review_type=review_type, status=_stage_below(seg, tagged, by_block), conducted_by=None)
    name = _TITLE_PAGE_NAME.sub("", text).strip().strip("'‘’\"“”")
    if not (CASE_CODE.fullmatch(name) or (re.fullmatch(r"(?:Baby\s+)?[A-Z][^\W\d_]{2,}", name) and plain_name(name, proper, ctx, learning=False))):
        return None
    review_type = None
    for index in range(seg.block_index - 1, max(-1, seg.block_index - 4), -1):
        line = tagged.document.block_text(blocks[index]).strip()
        types = [s for o in by_block.get(index, []) for s in o.spans("cue") if s.label_ == "REVIEW_TYPE"]
        if types and len(line) - len(types[0].text) <= 2 and types[0].id_ in ("lcspr", "scr", "learning_review"):
            review_type = types[0].id_
            break
        if not _TITLE_PAGE_LINE.match(line):
            return None
    if review_type is None:
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(ReviewMention, base, base + len(seg.text), "review.title_page", case_name=name, review_type=review_type,
                       status=_stage_below(seg, tagged, by_block), conducted_by=None)


_CAPS_TITLE = re.compile(
    r"^(?P<type>SERIOUS CASE REVIEW|(?:LOCAL )?CHILD SAFEGUARDING PRACTICE REVIEW)\s*[-–—:]?\s*['‘\"“]?(?P<kind>CHILD|BABY|YOUNG PERSON)\s+['‘\"“]?(?P<code>[A-Z]{1,2})['’\"”]?\s*$"
)


def _stage_below(seg: Segment, tagged: TaggedDocument, by_block: dict[int, list[Segment]]) -> str:
    """The stage the short lines under a title give ('Publication Date: 17th June 2020')."""
    found: set[str] = set()
    for index in range(seg.block_index + 1, min(seg.block_index + 6, len(tagged.document.blocks))):
        if len(tagged.document.block_text(tagged.document.blocks[index]).split()) > 8:
            break
        found |= {i for s in by_block.get(index, []) for i in status_ids(s)}
    return stage(found)


# a review's documents listed under a heading naming its type: "Ellis – SSCP Report – March 2022",
# "Child V – SSCB Learning Summary – October 2021"
_PUBLICATION_LINE = re.compile(
    r"^\s*(?P<name>(?:Child|Baby|Young Person)\s+[A-Z]{1,2}|(?:Baby\s+)?[A-Z][^\W\d_]{2,}(?:-[A-Z][^\W\d_]+)?)\s*[–—-]\s*(?:[A-Z]{2,8}\s+)?"
    r"(?:Overview\s+|Full\s+|Final\s+)?(?:Report|Learning\s+Summary|Learning\s+Brief(?:ing)?|Executive\s+Summary|Press\s+Statement|(?:7|Seven)[ -]Minute\s+Briefing)"
    r"\s*[–—-]\s*(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?:19|20)\d\d\s*$"
)


def publication_line_review(seg: Segment, tagged: TaggedDocument, proper: set[str], ctx) -> ReviewMention | None:
    """One line of a publication list: the case, a document of its review and the month it was published, under a
    heading that names the review type."""
    from .review_names import plain_name

    match = _PUBLICATION_LINE.match(seg.text)
    if not match or seg.kind not in (BlockKind.list_item, BlockKind.paragraph):
        return None
    name = match.group("name")
    blocks = tagged.document.blocks
    lead = seg.block_index - 1
    while lead > 0 and blocks[lead].kind is BlockKind.list_item:
        lead -= 1
    above = tagged.document.block_text(blocks[lead]).strip() if lead >= 0 else ""
    # the list's heading, or the short line above the list where the text has no headings
    title = (above if len(above.split()) <= 10 and not above.endswith(".") else (seg.headings[-1:] or [""])[0]).lower()
    review_type = ("scr" if "serious case" in title else "learning_review" if re.search(r"learning review|thematic", title)
                   else "lcspr" if re.search(r"practice review|\bl?cspr", title) else None)
    if re.search(r"national|rapid|adult", title) or review_type is None or not (CASE_CODE.fullmatch(name) or plain_name(name, proper, ctx, learning=False)):
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(ReviewMention, base + match.start("name"), base + match.end("name"), "review.publication_line",
                       case_name=name, review_type=review_type, status="published", conducted_by=None)


# a review said to be into the death of a child it does not name: "A serious case review into the death of a
# four-week-old baby ... was published"; the next sentence names the child: "Baby Rosa died in April 2017 ..."
_UNNAMED_CHILD = re.compile(
    r"\b(?:death|deaths|injur(?:y|ies)|serious\s+harm)\s+(?:of|to)\s+an?\s+(?:[\w-]+\s+){0,3}(?:baby|child|boy|girl|toddler|teenager|infant)\b", re.I
)
_NAMED_NEXT = re.compile(r"^\W{0,3}(?P<name>Baby\s+[A-Z][^\W\d_]{2,}|[A-Z][^\W\d_]{2,})\s+(?:died|was\s+(?:found|born|taken|admitted|killed)|had\s+been)\b")


def named_next_review(seg: Segment, passage: list[Segment], proper: set[str], ctx) -> ReviewMention | None:
    """The child a review sentence describes without a name, named by the sentence after it (or after the news
    story's dateline under it: 'Published 3rd June 2016')."""
    from .review_names import _name_ok, review_names
    from .review_stage import LOCAL_TYPES, status_of

    before = passage[-1] if passage else None
    dateline = None
    if before is not None and len(passage) > 1 and len(before.text.split()) <= 5 and re.match(r"\W*(?:published|updated|posted)\b", before.text, re.I):
        dateline, before = before, passage[-2]
    if before is None or not _UNNAMED_CHILD.search(before.text):
        return None
    match = _NAMED_NEXT.match(seg.text)
    types = [s.id_ for s in before.spans("cue") if s.label_ == "REVIEW_TYPE" and s.id_ in LOCAL_TYPES]
    if not match or not types or any(True for _ in review_names(before.text, ctx, proper)):
        return None
    name = match.group("name")
    if not _name_ok(name, seg.text, match.end("name"), proper, ctx):
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(ReviewMention, base + match.start("name"), base + match.end("name"), "review.named_next",
                       case_name=name, review_type=types[0], status=status_of(before) if status_of(before) != "unknown" or dateline is None else status_of(dateline),
                       conducted_by=None)

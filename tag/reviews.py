"""Named reviews: the case, the review's type, the stage it reached and who conducted it."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, ReviewMention

from .context import DocContext
from .segments import Segment, TaggedDocument, section_title


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[ReviewMention]:
    return reviews(tagged, ctx)


_CASE_CODE = re.compile(r"\b(Child|Baby|Infant|Young Person|Sibling|Family|Children)\s+([A-Z]{1,2})(?![\w'’])(\s*\([^)]{1,30}\))?")
_REVIEW_ACRONYM = r"(?:LCSPR|CSPR|SPR|SCR|SAR|DHR|Rapid Review|Serious Case Review|Safeguarding Practice Review|Safeguarding Adults? Review|Domestic Homicide Review|Learning Review|Thematic Review)"
_NAMED_AFTER = re.compile("(?i:" + _REVIEW_ACRONYM[3:] + r"s?\s*(?:[-–:]\s*|\s+)?(?:for\s+|into\s+|of\s+|on\s+)?(?:the\s+(?:death|case)\s+of\s+)?['‘\"“]?([A-Z][^\W\d_]{2,}(?:\s+[A-Z][^\W\d_]+)?)['’\"”]?")
_NAMED_BEFORE = re.compile(r"['‘\"“]?([A-Z][^\W\d_]{2,})['’\"”]?\s+" + _REVIEW_ACRONYM + r"s?\b")
_NAMED_PAIR_BEFORE = re.compile(r"\b([A-Z][^\W\d_]{2,})\s+(?:and|&)\s+[A-Z][^\W\d_]{2,}\s+" + _REVIEW_ACRONYM + r"s\b")
_QUOTED_TITLE = re.compile(r"['‘\"“]((?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)(?:\s+(?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)){1,9})['’\"”]")
_NOT_NAMES = {
    "The", "This", "These", "That", "Local", "National", "Child", "Children", "Review", "Reviews", "Safeguarding", "Practice",
    "Partnership", "Panel", "Serious", "Rapid", "Case", "Learning", "Thematic", "Report", "Reports", "Action", "Plan", "Group",
    "Board", "Our", "All", "Each", "Both", "Two", "Three", "Four", "One", "Five", "Its", "Their", "Key", "Following", "Findings",
    "Published", "Recommendations", "Themes", "Multi", "Agency", "Executive", "Summary", "Annual", "Independent", "Police",
    "Council", "Health", "Social", "Care", "Domestic", "Homicide", "Adults", "Adult", "Where", "When", "Within", "From", "With",
    "Update", "Briefing", "Briefings", "Page", "Appendix", "Priority", "Since", "During", "After", "Before", "Further", "Quality",
    "Assurance", "Early", "Help", "Family", "Voice", "Subgroup", "Sub", "Meeting", "Meetings", "Process", "Processes", "Committee",
    "Scrutiny", "Strategic", "Stage", "Phase", "Team", "Teams", "Lessons", "Learnt", "Training", "Programme", "Section",
}
_CONDUCTED = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+)\s+(?:Safeguarding\s+Children\s+Partnership|CSCP|SCP|LCSPR|Safeguarding\s+Adults\s+Board)"
)
_ADULTS_BOARD = re.compile(r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+\s+Safeguarding\s+Adults?\s+Board)")


def reviews(tagged: TaggedDocument, ctx: DocContext) -> list[ReviewMention]:
    out: list[ReviewMention] = []
    last_type: tuple[str, int] | None = None  # the review type the text last named, and in which block
    proper = _proper_words(tagged.document.text)
    published = {  # review types the document says were published: "3 CSPRs were published between April and March"
        t.id_ for seg in tagged.segments for t in seg.spans("cue")
        if t.label_ == "REVIEW_TYPE" and "published" in {c.id_ for c in seg.spans("cue") if c.label_ == "STATUS"}
    }
    by_block: dict[int, list[Segment]] = {}
    for seg in tagged.segments:
        by_block.setdefault(seg.block_index, []).append(seg)
    for seg in _readable(tagged):
        base = seg.sent.start_char if seg.sent is not None else 0
        titled = _titled_review(seg, by_block, tagged, proper, ctx)
        if titled is not None:
            out.append(titled)
        for name, start, end, rule in _review_names(seg.text, ctx):
            review_type, status = _review_type(seg, start), _status(seg)
            if status in ("unknown", "commissioned"):
                status = _status_after(seg, by_block) if status == "unknown" else _later_stage(status, _status_after(seg, by_block))
            coded = rule in ("review.case_code", "review.case_pair")
            if review_type is None and (coded or rule == "review.quoted_after_type") and re.search(r"\breview\b", seg.text, re.I):
                review_type = "lcspr"  # "the recommendations from the review" of a coded case: a practice review
            if review_type is None and not coded:
                continue  # a coded case named without a review type still says what stage its review is at
            if rule == "review.quoted_after_type" and (review_type == "national_review" or not _plain_name(name, proper, ctx, learning=review_type == "learning_review")):
                continue
            out.append(
                seg.mention(
                    ReviewMention, base + start, base + end, rule,
                    case_name=name, review_type=review_type, status=status, conducted_by=_conducted_by(seg, ctx, review_type),
                )
            )
        for span in seg.spans("cue"):
            if span.label_ == "NATIONAL_REVIEW":  # a review of the national Panel, known by its title
                status = _status(seg)
                out.append(seg.mention(ReviewMention, span.start_char, span.end_char, "review.national_title", case_name=span.id_,
                                       review_type="national_review", status="completed" if status == "unknown" else status, conducted_by=None))
        types = [s.id_ for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
        if seg.kind is not BlockKind.list_item and types:
            last_type = (types[0], seg.block_index)
        listed = _listed_review(seg, last_type, proper) or _section_review(seg, tagged, proper)
        if listed and listed.status == "unknown" and listed.review_type in published:
            listed = listed.model_copy(update={"status": "published"})
        if listed:
            out.append(listed)
    return out


def _readable(tagged: TaggedDocument):
    """The sentences to read reviews from: every prose sentence, and each row of a table that names a review
    type ('Child K | Local child safeguarding practice review | Published March 2024'), read as a sentence."""
    for seg in tagged.segments:
        if seg.kind is not BlockKind.table:
            yield seg
            continue
        if not any(s.label_ == "REVIEW_TYPE" for s in seg.spans("cue")):
            continue
        rows = tagged.document.blocks[seg.block_index].rows or []
        for row in rows:
            text = " | ".join(cell.strip() for cell in row if cell.strip())
            if not text:
                continue
            doc = tagged.nlp(text)
            yield Segment(text, seg.start, seg.end, seg.page, seg.block_index, BlockKind.paragraph, seg.headings, doc, doc[:], synthetic=True)


_FOLLOW_ON = re.compile(r"^\W*(it|its|the review|this review|the lcspr|the report|the partners?|publication|its publication)\b", re.I)


def _status_after(seg: Segment, by_block: dict[int, list[Segment]], limit: int = 3) -> str:
    """A review named without its stage: the stage the next sentences of its paragraph give ('It is in progress.',
    'The review had been completed, but its publication was being held back ...')."""
    later = [s for s in by_block.get(seg.block_index, []) if s.start > seg.start][:limit]
    for other in later:
        if not _FOLLOW_ON.match(other.text) and not re.search(r"\breview\b", other.text, re.I):
            continue
        status = _status(other)
        if status != "unknown":
            return status
    return "unknown"


def _later_stage(status: str, later: str) -> str:
    """'has commissioned a review ... The review is in progress': the later sentence tells the stage reached."""
    return later if later in ("in_progress", "completed", "published", "awaiting_publication") else status


_TITLE_NAME = r"['‘\"“]?(?P<name>[^\W\d_][^()\"“”:–—]{1,60}?)['’\"”]?"
_TITLE_LINES = (
    # "Olivia – local child safeguarding practice review", "Archie (LCSPR) — published December 2023",
    # "\"Leo\" (published September 2024)", "Harmful sexual behaviour in schools (multi-agency learning review) — completed"
    re.compile(r"^\s*" + _TITLE_NAME + r"\s*(?:\((?P<inner>[^()]{2,60})\))?\s*(?:[–—:-]\s*(?P<rest>.{2,80}?))?\s*\.?\s*$"),
)
_TYPE_THEN_TITLE = re.compile(r"^\s*(?P<type>(?:thematic|learning|multi-agency learning|practice) review)\s*:\s*(?P<name>[^\W\d_][^()]{2,80}?)\s*\.?\s*$", re.I)
_RUN_IN = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\s+)?['‘\"“]?(?P<name>(?:Child|Baby|Family|Young Person|Adult)\s+[A-Z](?:\s+(?:and|&)\s+(?:(?:Child|Baby)\s+)?[A-Z])?"
    r"|[A-Z][^\W\d_]{2,}(?:\s+[A-Z][^\W\d_]{2,})?)['’\"”]?\s*(?P<sep>\.|\s[–—]|:)\s+(?P<rest>\S.*)$",
    re.S,
)


def _plain_name(name: str, proper: set[str], ctx: DocContext, *, learning: bool) -> bool:
    """A case name: a coded case ('Child F and Child G'), a name the document never writes in lower case, or, for a
    learning or thematic review, its title."""
    name = name.strip()
    if _CASE_CODE.fullmatch(name) or re.fullmatch(r"(?:Child|Baby|Young Person|Adult|Family|Mr|Mrs|Ms|Miss)\s+[A-Z](?:\s+(?:and|&)\s+(?:(?:Child|Baby)\s+)?[A-Z])?", name):
        return True
    words = name.split()
    if learning:
        return 2 <= len(words) <= 10 and words[0] not in _NOT_NAMES
    return 1 <= len(words) <= 2 and all(w in proper and w not in _NOT_NAMES for w in words) and name.lower() not in ctx.area_ids


def _titled_review(seg: Segment, by_block: dict[int, list[Segment]], tagged: TaggedDocument, proper: set[str], ctx: DocContext) -> ReviewMention | None:
    """A review named by a line of its own, or by the run-in name that opens its paragraph ('Ellie. Ellie was 16 ...
    The review, published in January 2023, ...'), with its type and stage from the line or the paragraph."""
    block_segments = by_block.get(seg.block_index, [])
    block_text = tagged.document.block_text(tagged.document.blocks[seg.block_index]).strip()
    whole_line = len(block_segments) == 1 and len(block_text.split()) <= 16
    name = review_type = None
    status = "unknown"
    types = [s.id_ for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
    if whole_line:
        typed = _TYPE_THEN_TITLE.match(seg.text)
        titled = None if typed else _TITLE_LINES[0].match(seg.text)
        if typed:
            name, review_type = typed.group("name"), "learning_review"
        elif titled and (titled.group("inner") or titled.group("rest")) and (types or _status(seg) != "unknown"):
            name = titled.group("name")
            review_type = types[0] if types else None
        if name is None:
            return None
        status = _status(seg)
        following = [s for i in range(seg.block_index + 1, min(seg.block_index + 3, len(tagged.document.blocks))) for s in by_block.get(i, [])]
        if review_type is None or status == "unknown":
            # the paragraph under the title says what was done: "The review was published in March 2021."
            for other in following[:4]:
                if review_type is None:
                    named = [s.id_ for s in other.spans("cue") if s.label_ == "REVIEW_TYPE"]
                    review_type = named[0] if named else None
                if status == "unknown" and (_FOLLOW_ON.match(other.text) or re.search(r"\breview\b", other.text, re.I)):
                    status = _status(other)
        review_type = review_type or "lcspr"
    elif block_segments and seg is block_segments[0]:
        run_in = _RUN_IN.match(block_text)
        if not run_in:
            return None
        name = run_in.group("name")
        rest = block_segments
        named = [s.id_ for other in rest for s in other.spans("cue") if s.label_ == "REVIEW_TYPE"]
        if not named and not re.search(r"\breview\b", run_in.group("rest"), re.I):
            return None
        if run_in.group("sep") != "." and not named:
            return None  # "Lily – our local child safeguarding practice review ...": the line itself names the review
        review_type = named[0] if named else "lcspr"
        statuses = {_status(other) for other in rest}
        status = next((s for s in ["awaiting_publication", "published", "completed", "in_progress", "commissioned"] if s in statuses), "unknown")
    else:
        return None
    name = name.strip().strip("'‘’\"“”").strip()
    if not _plain_name(name, proper, ctx, learning=review_type in ("learning_review",)):
        return None
    if review_type == "national_review":
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    conducted = None
    if review_type == "other":
        board = _ADULTS_BOARD.search(" ".join(s.text for s in block_segments))
        conducted = board.group(1) if board else None
    return seg.mention(ReviewMention, base, base + len(seg.text), "review.title_line" if whole_line else "review.run_in",
                       case_name=name[:1].upper() + name[1:], review_type=review_type, status=status, conducted_by=conducted)


def _section_review(seg: Segment, tagged: TaggedDocument, proper: set[str]) -> ReviewMention | None:
    """A line that is only a name ('Stephen', 'Child D') in a section titled for practice reviews: a review listed
    in a table flattened into lines."""
    text = seg.text.strip()
    if seg.kind is not BlockKind.paragraph or tagged.document.block_text(tagged.document.blocks[seg.block_index]).strip() != text:
        return None
    coded = _CASE_CODE.fullmatch(text)
    if not coded and not (re.fullmatch(r"[A-Z][^\W\d_]{2,}", text) and text in proper and text not in _NOT_NAMES):
        return None
    if seg.spans("theme") or seg.spans("org") or seg.spans("area") or seg.spans("metric"):
        return None
    title = section_title(tagged, seg.block_index)
    if not re.search(r"\breview|\bLCSPR|\bCSPR|\bSCR\b|\bSPR", title, re.I) or re.search(r"\bnational\b", title, re.I):
        return None
    low = title.lower()
    review_type = "scr" if "serious case" in low else "rapid_review" if "rapid" in low else "learning_review" if "thematic" in low or "learning review" in low else "lcspr"
    return seg.mention(ReviewMention, seg.sent.start_char if seg.sent is not None else 0, len(text), "review.section_list",
                       case_name=text, review_type=review_type, status="unknown", conducted_by=None)


_LISTED = re.compile(
    r"^\s*(?P<name>(?:Child|Baby|Family|Young Person)\s+[A-Z]{1,2}\b|[A-Z][^\W\d_]{2,}(?:\s+[A-Z][^\W\d_]+)?)\s*[-–:,]?\s+"
    r"(?=(?:was\s+|is\s+|has been\s+)?(published|awaiting|completed|concluded|finalised|commissioned|ongoing|in progress|underway))"
)


def _listed_review(seg: Segment, last_type: tuple[str, int] | None, proper: set[str]) -> ReviewMention | None:
    """'- Jake published July 2023' in the list after 'we finalised three Safeguarding Practice Reviews': a named
    review in a list under a paragraph that names the review type."""
    if seg.kind is not BlockKind.list_item or last_type is None or seg.block_index - last_type[1] > 4:
        return None
    match = _LISTED.match(seg.text)
    if not match:
        return None
    name = match.group("name")
    if name.split()[0] in _NOT_NAMES or (len(name.split()) == 1 and name not in proper):
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(ReviewMention, base + match.start("name"), base + match.end("name"), "review.listed",
                       case_name=name, review_type=last_type[0], status=_status(seg), conducted_by=None)


def _proper_words(text: str) -> set[str]:
    """Capitalised words the document never writes in lower case: names ('Jake'), not words ('Suicide')."""
    lower = set(re.findall(r"\b[a-z][^\W\d_]+\b", text))
    return {w for w in set(re.findall(r"\b[A-Z][a-z][^\W\d_]*\b", text)) if w.lower() not in lower}


_CASE_PAIR = re.compile(r"\b(?:(?:Child|Baby)\s+[A-Z]\s+(?:and|&)\s+(?:Child|Baby)\s+[A-Z]|(?:Siblings|Twins|Children|Babies)\s+[A-Z]\s+(?:and|&)\s+[A-Z])(?![\w'’])")
_QUOTED_AFTER_REVIEW = re.compile(r"\breview\b(?:,|\s+(?:of|into|in|on|called|titled|entitled|named|known as))?(?:\s+the\s+(?:death|case)\s+of)?\s*['‘\"“](?P<title>[^'’\"”]{2,60})['’\"”]", re.I)


# a sentence holding none of these cannot match any pattern below (the review words as _NAMED_AFTER reads
# them, without regard to case, so "sar" in "necessary" counts): most sentences are ruled out by substring tests
_REVIEW_HINT_CASED = ("Child", "Bab", "Infant", "Young Person", "Sibling", "Family", "Twins")
_REVIEW_HINT_WORDS = ("review", "spr", "scr", "sar", "dhr", "panel")


def _review_names(text: str, ctx: DocContext):
    if not any(word in text for word in _REVIEW_HINT_CASED):
        low = text.lower()
        if not any(word in low for word in _REVIEW_HINT_WORDS):
            return
    pairs = list(_CASE_PAIR.finditer(text))
    for match in pairs:  # "Child F and Child G", "Siblings D and E": one review of both
        yield match.group(0), match.start(), match.end(), "review.case_pair"
    codes = [m for m in _CASE_CODE.finditer(text) if not any(p.start() <= m.start() < p.end() for p in pairs)]
    quoted = [] if re.search(r"national (review|panel)|review panel", text, re.I) else list(_QUOTED_AFTER_REVIEW.finditer(text))
    for match in quoted:
        title = match.group("title").strip()
        if any(p.start() <= match.start("title") < p.end() for p in pairs) or _CASE_CODE.fullmatch(title):
            continue
        yield title, match.start("title"), match.end("title"), "review.quoted_after_type"
    for match in codes:
        name = f"{match.group(1)} {match.group(2)}"
        before = re.search(r"([A-Z][^\W\d_]{2,})\s*\(\s*$", text[: match.start()])
        if before and before.group(1) not in _NOT_NAMES:
            # "Tashaûn (Child C)": the name the case is known by, with its code
            yield f"{before.group(1)} ({name})", before.start(1), match.end() + 1, "review.named_code"
            continue
        if match.group(3) and re.match(r"\s*\(Child [A-Z]\)", match.group(3)):
            name += match.group(3)
        yield name.strip(), match.start(), match.end(), "review.case_code"
    for pattern, rule in ((_NAMED_AFTER, "review.named_after_type"), (_NAMED_BEFORE, "review.named_before_type")):
        for match in pattern.finditer(text):
            name = match.group(1)
            if any(q.start("title") <= match.start(1) < q.end("title") for q in quoted) or re.match(r"\s+[A-Z](?![\w'’])", text[match.end(1) :]):
                continue  # a word of a quoted title read above; "Baby H", a coded case read above
            first = name.split()[0]
            if first in _NOT_NAMES or name.isupper():
                continue
            if len(name.split()) > 1 and name.split()[1] in _NOT_NAMES:
                name = first
            if name.lower() in ctx.area_ids or re.match(r"\s*\(\s*(Child|Baby|Young Person|Family)\s+[A-Z]", text[match.end(1) :]):
                continue  # "City & Hackney LCSPR": a place, not a case; "Tashaûn (Child C)" already read
            yield name, match.start(1), match.end(1), rule
    for match in _NAMED_PAIR_BEFORE.finditer(text):  # "the Madeleine and Sylvia SARs"
        if match.group(1) not in _NOT_NAMES and match.group(1).lower() not in ctx.area_ids:
            yield match.group(1), match.start(1), match.end(1), "review.named_pair"
    if re.search(r"national (review|panel)|review panel", text, re.I):
        for match in _QUOTED_TITLE.finditer(text):
            yield match.group(1), match.start(1), match.end(1), "review.quoted_title"


def _review_type(seg: Segment, position: int) -> str | None:
    types = [s for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
    heading_types = [h for h in seg.headings[-2:] if re.search(r"review|LCSPR|SCR|SPR", h)]
    if not types:
        if heading_types:
            low = heading_types[-1].lower()
            if "national" in low:
                return "national_review"
            if "serious case" in low or "scr" in low:
                return "scr"
            if "rapid" in low:
                return "rapid_review"
            return "lcspr"
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    nearest = min(types, key=lambda s: abs(s.start_char - base - position))
    return nearest.id_


def _status(seg: Segment) -> str:
    statuses = [s.id_ for s in seg.spans("cue") if s.label_ == "STATUS"]
    order = ["awaiting_publication", "published", "completed", "in_progress", "commissioned"]
    for status in order:
        if status in statuses:
            return status
    return "unknown"


def _conducted_by(seg: Segment, ctx: DocContext, review_type: str) -> str | None:
    text = seg.text + " " + " ".join(seg.headings[-1:])
    if review_type == "other":
        match = _ADULTS_BOARD.search(text)
        if match:
            return match.group(1)
    for match in _CONDUCTED.finditer(text):
        place = match.group(1)
        if ctx.partnership and place.split()[0].lower() in ctx.partnership.lower():
            continue
        if any(place.lower() == a.lower() for a in ctx.areas):
            continue
        return place
    return None

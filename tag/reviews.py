"""Named reviews: the case, the review's type, the stage it reached and who conducted it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from lscp.schemas import BlockKind, ReviewMention

from .context import DocContext
from .review_names import ADULT_CODE, CASE_CODE, NOT_NAMES, plain_name, proper_words, review_names, unquoted
from .review_rows import (
    REVIEWS_SECTION, heading_type, lead_in_review, named_next_review, publication_line_review, readable, section_review, title_page_review,
)
from .review_stage import LOCAL_TYPES, cues, passage_type, stage, status_for, status_ids, status_of, type_for
from .segments import Segment, TaggedDocument, section_title

_PANEL_PUBLISHED = re.compile(
    r"\b(?:National\s+)?Child\s+Safeguarding\s+Practice\s+Review\s+Panel\s+(?:has\s+|have\s+)?(?:published|released|issued)\b", re.I)


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[ReviewMention]:
    return reviews(tagged, ctx)


_CONDUCTED = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+)\s+(?:Safeguarding\s+Children\s+(?:Partnership|Board)|CSCP|SCP|L?SCB|LCSPR|Safeguarding\s+Adults\s+Board)"
)
_ADULTS_BOARD = re.compile(r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+\s+Safeguarding\s+Adults?\s+Board)")
# the body that commissioned another kind of review: "commissioned by the Harbour Vale Community Safety Partnership"
_OTHER_BODY = re.compile(r"\bby\s+the\s+((?:[A-Z][\w'’-]+\s+(?:(?:&|and)\s+)?){1,5}(?:Community\s+Safety\s+Partnership|Partnership|Safeguarding\s+Adults?\s+Board))")
# a Panel review's title given as its report's: "(‘The Myth of Invisible Men’ National Panel Report)": the report is out
_REPORT_AFTER = re.compile(r"['’\"”]?\s*(?:national\s+)?(?:panel\s+|panel's\s+)?report\b", re.I)
_GENERIC_RULES = ("review.generic_named", "review.one_of", "review.it_concerned")
_NATIONAL_BEFORE = re.compile(r"\bnational\s+(?:child\s+safeguarding\s+practice\s+)?review\b[^.;]{0,40}$", re.I)


def reviews(tagged: TaggedDocument, ctx: DocContext) -> list[ReviewMention]:
    out: list[ReviewMention] = []
    last_type: tuple[str, int] | None = None  # the review type the text last named, and in which block
    recent: list[tuple[int, str]] = []  # (block, type) of every review type named so far
    proper = proper_words(tagged.document.text)
    published: set[str] = set()  # review types the document says were published: "3 CSPRs were published between April and March"
    for seg in tagged.segments:
        found = [(c.label_, c.id_) for c in seg.spans("cue")]
        if ("STATUS", "published") in found:
            published.update(ident for label, ident in found if label == "REVIEW_TYPE")
    by_block: dict[int, list[Segment]] = {}
    for seg in tagged.segments:
        by_block.setdefault(seg.block_index, []).append(seg)
    passage: list[Segment] = []  # the two sentences before this one, within a block of it
    lately: list[Segment] = []  # the two sentences before this one
    for seg in readable(tagged):
        passage = [s for s in passage if s.block_index >= seg.block_index - 1]
        base = seg.sent.start_char if seg.sent is not None else 0
        context = passage_type(recent, seg.block_index, ctx.reporting_year)
        titled = _titled_review(seg, by_block, tagged, proper, ctx, context)
        if titled is not None:
            out.append(titled)
        names = list(review_names(seg.text, ctx, proper))
        starts = sorted({start for _, start, _, _ in names})
        head_type = None  # the type of the coded case a list of codes follows: "Child BA; BC; and D"
        for name, start, end, rule in names:
            follows = rule in ("review.one_of", "review.it_concerned")  # "One, Baby Lily, concerned ...": the sentence before names the reviews
            if follows and not any(re.search(r"\breview", s.text, re.I) for s in [seg, *passage]):
                continue
            if rule == "review.generic_named" and " " in name and not name.startswith("Baby ") and not cues(seg, "REVIEW_TYPE") and not any(
                index >= seg.block_index - 3 and t in (*LOCAL_TYPES, "rapid_review") for index, t in recent
            ):
                continue  # a child's full name after a plain 'review' far from any review type: which kind is not said
            others = [s for n, s, _, _ in names if n != name and name not in n and n not in name]
            review_type = type_for(seg, start, end, others, rule in _GENERIC_RULES, context)
            if rule == "review.generic_named" and _NATIONAL_BEFORE.search(seg.text[:start]):
                review_type = "national_review"  # "the Panel is carrying out a national review following the death of Baby T"
            if rule == "review.code_list":
                review_type = head_type
            if rule in ("review.quoted_title", "review.quoted_national") and (
                    review_type not in ("learning_review", "other") or _PANEL_PUBLISHED.search(seg.text[:start])):
                # a title quoted beside the national Panel is the Panel's review; "the National Child Safeguarding
                # Practice Review Panel published its thematic review titled '...'" too, whatever it calls it
                review_type = "national_review"
            if review_type is None and not cues(seg, "REVIEW_TYPE"):
                review_type = heading_type(seg)
            status = status_for(seg, start, starts)
            if status == "unknown" and follows:
                status = next((status_of(s) for s in reversed(passage) if status_of(s) != "unknown"), "unknown")
            if status == "unknown" and passage and re.search(r"\breport\b", passage[-1].text) and status_of(passage[-1]) == "published" and not any(review_names(passage[-1].text, ctx, proper)):
                status = "published"  # "In a report released today by the Board, ... The boy, referred to as Child K in the review, died"
            if status in ("unknown", "commissioned"):
                later = _status_after(seg, by_block, ctx, proper, name)
                status = later if status == "unknown" else _later_stage(status, later)
            elif status == "completed" and _status_after(seg, by_block, ctx, proper, name) == "awaiting_publication":
                status = "awaiting_publication"  # "The review was completed in March. It will be published once the trial ends."
            if status == "unknown" and seg.kind is BlockKind.list_item and re.match(r"\s*published\b", section_title(tagged, seg.block_index), re.I):
                status = "published"  # "Child Y SCR" listed under "Published reviews"
            coded = rule in ("review.case_code", "review.case_pair", "review.cpr_code", "review.code_list")
            if review_type is None and (coded or rule == "review.quoted_after_type") and (re.search(r"\breview\b|\boverview reports?\b", seg.text, re.I) or cues(seg, "REVIEW_TYPE")):
                review_type = context  # "the recommendations from the review" of a coded case: the passage's type
            if review_type in ("lcspr", "scr", None) and ADULT_CODE.match(name) and (review_type or re.search(r"\breview\b", seg.text, re.I)):
                review_type = "other"  # "the review of Adult G": an adults' review
            if rule in ("review.quoted_title", "review.quoted_national"):
                if not _near_panel(seg.text, start):
                    continue
                if status == "unknown":
                    status = "published" if _REPORT_AFTER.match(seg.text, end) else "completed"
            if review_type is None and not coded:
                continue  # a coded case named without a review type still says what stage its review is at
            if rule == "review.quoted_after_type" and (review_type == "national_review" or not plain_name(name, proper, ctx, learning=review_type == "learning_review")):
                continue
            if rule == "review.case_code":
                head_type = review_type
            out.append(
                seg.mention(
                    ReviewMention, base + start, base + end, rule,
                    case_name=name, review_type=review_type, status=status, conducted_by=_conducted_by(seg, ctx, review_type),
                )
            )
        for span in seg.spans("cue"):
            if span.label_ == "NATIONAL_REVIEW":  # a review of the national Panel, known by its title
                status = status_of(seg)
                if status in ("unknown", "in_progress", "completed") and _REPORT_AFTER.match(seg.text, span.end_char - base):
                    status = "published"
                status = "completed" if status == "unknown" else status
                out.append(seg.mention(ReviewMention, span.start_char, span.end_char, "review.national_title", case_name=span.id_,
                                       review_type="national_review", status=status, conducted_by=None))
        types = [s.id_ for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
        if seg.kind is not BlockKind.list_item and types:
            last_type = (types[0], seg.block_index)
        recent += [(seg.block_index, t) for t in types]
        listed = (_listed_review(seg, last_type, proper) or section_review(seg, tagged, proper) or lead_in_review(seg, tagged, by_block, last_type)
                  or title_page_review(seg, tagged, by_block, proper, ctx) or publication_line_review(seg, tagged, proper, ctx)
                  or named_next_review(seg, lately, proper, ctx))
        if listed and listed.status == "unknown" and listed.review_type in published:
            listed = listed.model_copy(update={"status": "published"})
        if listed:
            out.append(listed)
        passage, lately = [*passage[-1:], seg], [*lately[-1:], seg]
    # a review whose stage its own sentences do not give, of a type the document says it published: "In a report released
    # today ... The boy, referred to as Child K in the serious case review, died in 2017"
    staged = {m.case_name for m in out if m.status != "unknown"}
    out = [m.model_copy(update={"status": "published"}) if m.status == "unknown" and m.review_type in published and m.review_type in LOCAL_TYPES and m.case_name not in staged else m
           for m in out]
    return _one_name_per_review(out, tagged, ctx, proper)


_TITLED_ELSEWHERE = {"Star & Arthur": "Child Protection in England"}  # the Panel review the text also gives by its title


def _one_name_per_review(out: list[ReviewMention], tagged: TaggedDocument, ctx: DocContext, proper: set[str]) -> list[ReviewMention]:
    """A national review the text names both by its children and by its title is known by the title; and a case
    named once is followed where the text calls it 'the Ellie review' or 'the review into Ellie'."""
    titles = {m.case_name for m in out if m.rule == "review.national_title"}
    # "the Myths of Invisible Men report": a title misquoted is the review its cue names
    out = [m for m in out if m.rule not in ("review.quoted_title", "review.quoted_national") or m.case_name in titles
           or not any(SequenceMatcher(None, m.case_name.lower(), t.lower()).ratio() >= 0.8 for t in titles)]
    names = {m.case_name for m in out}
    out = [m.model_copy(update={"case_name": _TITLED_ELSEWHERE[m.case_name]}) if _TITLED_ELSEWHERE.get(m.case_name) in names else m for m in out]
    known = {m.case_name for m in out if m.review_type and re.fullmatch(r"[A-Z][^\W\d_]{2,}(?:-[A-Z][^\W\d_]+)?", m.case_name)}
    if not known:
        return out
    pattern = re.compile(r"\b(?:[Tt]he\s+)(" + "|".join(map(re.escape, sorted(known))) + r")\s+review\b")
    for seg in tagged.segments:
        for match in pattern.finditer(seg.text):
            status = status_for(seg, match.start(1), [match.start(1)])
            if status != "unknown":
                base = seg.sent.start_char if seg.sent is not None else 0
                out.append(seg.mention(ReviewMention, base + match.start(1), base + match.end(1), "review.named_again",
                                       case_name=match.group(1), review_type=None, status=status, conducted_by=None))
    return out


def _near_panel(text: str, start: int) -> bool:
    """A quoted title within a few words of the national Panel or a national review ("the Panel's review, 'Out of
    routine'"), and not the first words of a longer name ("the 'What Works' Centre")."""
    after = re.match(r"[^'’\"”*]*['’\"”*]+\s*([A-Z]\w*)?", text[start:])
    if after and after.group(1):
        return False
    for m in re.finditer(r"\bnational\b|\bpanel\b", text, re.I):
        between = text[min(m.end(), start) : max(m.start(), start)]
        if abs(m.start() - start) <= 90 and not re.search(r"[()]|\blocal\b", between):
            return True  # not across a bracket or into "local learning (..., the 'Working with Men' briefing)"
    return False


_BOTH = re.compile(r"^\W*(?:both|the two|these two)\s+(?:reviews|reports|LCSPRs|CSPRs)\b", re.I)
_FOLLOW_ON = re.compile(
    r"^\W*(it|its|the review|this review|the lcspr|the (?:overview |final )?reports?|these (?:two |three |four )?(?:cases|reviews|reports)|"
    r"the partners?|publication|its publication|(?:date of )?publication|published|completed|commissioned)\b", re.I
)


# an answer about the review just named, in minutes: "The chair said it had been completed"
_ANSWERED = re.compile(r"\b(?:said|confirmed|explained|replied|added|reported|advised)\s+(?:that\s+)?it\s+(?:had|has|was|is|would|will)\b", re.I)


def _status_after(seg: Segment, by_block: dict[int, list[Segment]], ctx: DocContext, proper: set[str], name: str, limit: int = 3) -> str:
    """A review named without its stage: the stage the next sentences of its paragraph (any sentence of its list
    item) give ('It is in progress.', 'Published in June 2019.'), unless they name another case."""
    later = [s for s in by_block.get(seg.block_index, []) if s.start > seg.start][:limit]
    block = by_block.get(seg.block_index, [])
    if seg.kind is BlockKind.heading or (len(block) == 1 and len(seg.text.split()) <= 8 and not seg.text.rstrip().endswith(".")):
        # "Child W Learning Review" over the paragraph on it, or over a summary line and a "Date of publication:" line;
        # not the heading of the next section ("Reviews in progress")
        later = []
        for index in range(seg.block_index + 1, seg.block_index + (4 if seg.kind is BlockKind.heading else 2)):
            under = by_block.get(index, [])
            if not under or any(s.kind is BlockKind.heading for s in under):
                break
            later += under
        later = later[: limit + 1]
    for other in later:
        if _BOTH.match(other.text) and status_of(other) != "unknown":
            return status_of(other)  # "The review into A ... The review into B ... Both reports were published"
    for other in later:
        if seg.kind is not BlockKind.list_item and not _FOLLOW_ON.match(other.text) and not re.search(r"\breviews?\b", other.text, re.I) and not _ANSWERED.search(other.text):
            continue
        if any(n != name and n not in name and name not in n for n, _, _, _ in review_names(other.text, ctx, proper)):
            break  # "A third review, known as Child B, ...": the stage of another review
        status = status_of(other)
        if status != "unknown":
            return status
    return "unknown"


def _later_stage(status: str, later: str) -> str:
    """'has commissioned a review ... The review is in progress': the later sentence tells the stage reached."""
    return later if later in ("in_progress", "completed", "published", "awaiting_publication") else status


_TITLE_NAME = r"['‘\"“]?(?P<name>(?:Child|Baby)\s+['‘\"“][^'’\"”]{1,30}['’\"”]|[^\W\d_][^()\"“”:–—]{1,60}?)['’\"”]?"
_TITLE_LINES = (
    # "Olivia – local child safeguarding practice review", "Archie (LCSPR) — published December 2023",
    # "\"Leo\" (published September 2024)", "Harmful sexual behaviour in schools (multi-agency learning review) — completed"
    re.compile(r"^\s*" + _TITLE_NAME + r"\s*(?:\((?P<inner>[^()]{2,60})\))?\s*(?:[–—:-]\s*(?P<rest>.{2,80}?))?\s*\.?\s*$"),
)
# "Vulnerable Adolescents Thematic Review 2019": a learning review's title line, its type and year after it
_TITLE_THEN_TYPE = re.compile(r"^\s*(?P<name>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|and|in|at|the|for|&)){1,7})\s+(?:Thematic|Learning)\s+Review(?:\s+\(?(?:19|20)\d\d\)?)?\s*$")
_TYPE_THEN_TITLE = re.compile(r"^\s*(?P<type>(?:thematic|learning|multi-agency learning|practice) review)\s*:\s*(?P<name>[^\W\d_][^()]{2,80}?)\s*\.?\s*$", re.I)
_RUN_IN = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\s+)?['‘\"“]?(?P<name>(?:Child|Baby|Family|Young Person|Adult)\s+[A-Z](?:\s+(?:and|&)\s+(?:(?:Child|Baby)\s+)?[A-Z])?"
    r"|(?:[Ss]iblings|[Bb]rothers|[Ss]isters|[Tt]wins)\s+[A-Z]\s+(?:and|&)\s+[A-Z]"
    r"|[A-Z][^\W\d_]{2,}(?:-[A-Z][^\W\d_]+)?(?:\s+[A-Z][^\W\d_]{2,})?)['’\"”]?(?:\s*\((?P<paren>[^()]{1,40})\))?\s*(?P<sep>\.|\s[–—]|:)\s+(?P<rest>\S.*)$",
    re.S,
)
_THEMED_RUN_IN = re.compile(
    r"^\s*(?P<name>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|at|of|and|in|the|for|to|on|from|with|&)){1,8})\s*[–—:-]\s+"
    r"(?:an?\s+|the\s+|our\s+)?(?:multi-agency\s+)?(?:thematic|learning|themed)\s+(?:learning\s+)?review\b",
)

def _following_block(tagged: TaggedDocument, by_block: dict[int, list[Segment]], block_index: int) -> list[Segment]:
    blocks = tagged.document.blocks
    nxt = block_index + 1
    if nxt >= len(blocks) or blocks[nxt].kind not in (BlockKind.paragraph, BlockKind.list_item):
        return []
    return by_block.get(nxt, [])


def _types_of(segments: list[Segment]) -> list[str]:
    """The review types a passage names, a local review first: 'The rapid review found ... A local child
    safeguarding practice review began' is the practice review."""
    named = []
    for other in segments:
        denied = re.search(r"\b(?:not|no|neither|criteria)\b", other.text, re.I)  # "the criteria for a local review were not met"
        named += [s.id_ for s in other.spans("cue") if s.label_ == "REVIEW_TYPE" and s.id_ != "national_review" and not (denied and s.id_ in ("lcspr", "scr"))]
    return sorted(named, key=lambda t: t not in ("lcspr", "scr"))


def _titled_review(seg: Segment, by_block: dict[int, list[Segment]], tagged: TaggedDocument, proper: set[str], ctx: DocContext, context: str) -> ReviewMention | None:
    """A review named by a line of its own, or by the run-in name that opens its paragraph ('Ellie. Ellie was 16 ...
    The review, published in January 2023, ...'), with its type and stage from the line or the paragraph."""
    block_segments = by_block.get(seg.block_index, [])
    block_text = tagged.document.block_text(tagged.document.blocks[seg.block_index]).strip()
    whole_line = len(block_segments) == 1 and len(block_text.split()) <= 16
    name = review_type = None
    status = "unknown"
    types = [s.id_ for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
    if whole_line:
        typed = _TYPE_THEN_TITLE.match(seg.text) or _TITLE_THEN_TYPE.match(seg.text)
        titled = None if typed else _TITLE_LINES[0].match(seg.text)
        if typed:
            name, review_type = typed.group("name"), "learning_review"
        elif titled and (titled.group("inner") or titled.group("rest")) and (types or status_of(seg) != "unknown"):
            name = titled.group("name")
            review_type = types[0] if types else None
        elif seg.kind is BlockKind.paragraph and not seg.spans("org") and not seg.spans("area"):
            return _name_line(seg, _following_block(tagged, by_block, seg.block_index), proper, ctx, context)
        if name is None:
            return None
        status = status_of(seg)
        following = []
        for i in range(seg.block_index + 1, min(seg.block_index + 3, len(tagged.document.blocks))):
            if tagged.document.blocks[i].kind is BlockKind.heading:
                break  # the next section's reviews are not this one's
            following += by_block.get(i, [])
        if review_type is None or status == "unknown":
            # the paragraph under the title says what was done: "The review was published in March 2021."
            for other in following[:4]:
                if review_type is None:
                    named = _types_of([other])
                    review_type = named[0] if named else None
                if status == "unknown" and (_FOLLOW_ON.match(other.text) or re.search(r"\breview\b", other.text, re.I)):
                    status = status_of(other)
        if status == "unknown" and typed and re.search(r"\bpublished\b", section_title(tagged, seg.block_index), re.I):
            status = "published"  # a title line under "Published reviews"
        review_type = review_type or context
    elif block_segments and seg is block_segments[0] and (themed := _THEMED_RUN_IN.match(block_text)):
        # "Adolescents at Risk of Exploitation – a thematic learning review looking at six young people ... is in progress"
        name, review_type = themed.group("name"), "learning_review"
        status = stage(set().union(*(status_ids(other) for other in block_segments)))
    elif block_segments and seg is block_segments[0]:
        run_in = _RUN_IN.match(block_text)
        if not run_in or "£" in block_text or run_in.group("name").split()[0] in NOT_NAMES:
            return None
        name = run_in.group("name")
        rest = block_segments
        named = [s.id_ for other in rest for s in other.spans("cue") if s.label_ == "REVIEW_TYPE"]
        statuses = set().union(*(status_ids(other) for other in rest))
        if not named:
            # "Ellis (Marrendale) – a seven-year-old ... Published October 2021." in a section on reviews: the passage's type
            in_reviews = REVIEWS_SECTION.search(section_title(tagged, seg.block_index) or seg.heading) or any(
                s.label_ == "REVIEW_TYPE" for i in range(max(0, seg.block_index - 3), seg.block_index) for o in by_block.get(i, []) for s in o.spans("cue"))
            if run_in.group("sep") == "." and not re.search(r"\breview\b", run_in.group("rest"), re.I):
                return None
            if run_in.group("sep") != "." and not (in_reviews and (statuses or re.search(r"\breview\b", run_in.group("rest"), re.I))):
                return None  # "Lily – our local child safeguarding practice review ...": the line itself names the review
        review_type = named[0] if named else context
        status = stage(statuses)
    else:
        return None
    name = unquoted(name)
    name = name[:1].upper() + name[1:]
    if not plain_name(name, proper, ctx, learning=review_type in ("learning_review",)):
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


def _name_line(seg: Segment, following: list[Segment], proper: set[str], ctx: DocContext, context: str | None = None) -> ReviewMention | None:
    """A line that is only the case's name ('Kayden', 'Child R and Child S') over the paragraph about its review,
    which names the review type (and, for a pseudonym, the child again)."""
    name = seg.text.strip().strip("'‘’\"“”*").strip()
    coded = CASE_CODE.fullmatch(name) or re.fullmatch(r"(?:Child|Baby)\s+[A-Z]\s+(?:and|&)\s+(?:Child|Baby)\s+[A-Z]|(?:Siblings|Brothers|Sisters|Twins)\s+[A-Z]\s+(?:and|&)\s+[A-Z]", name)
    if not coded and not (re.fullmatch(r"[A-Z][^\W\d_]{2,}(?:-[A-Z][^\W\d_]+)?", name) and plain_name(name, proper, ctx, learning=False)):
        return None
    types = _types_of(following)
    if not types and coded and context and any(re.match(r"\W*(?:this|the)\s+review\b", s.text, re.I) for s in following):
        types = [context]  # "Child N" over "This review is in progress ...": the type of the reviews before it
    if not types or types[0] == "national_review" or (not coded and not any(re.search(rf"\b{re.escape(name)}\b", s.text) for s in following)):
        return None
    status = stage(set().union(*(status_ids(s) for s in following if _FOLLOW_ON.match(s.text) or re.search(r"\breview\b", s.text, re.I))))
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(ReviewMention, base, base + len(seg.text), "review.name_line", case_name=name, review_type=types[0], status=status, conducted_by=None)


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
    if name.split()[0] in NOT_NAMES or (len(name.split()) == 1 and name not in proper):
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(ReviewMention, base + match.start("name"), base + match.end("name"), "review.listed",
                       case_name=name, review_type=last_type[0], status=status_of(seg), conducted_by=None)


def _conducted_by(seg: Segment, ctx: DocContext, review_type: str) -> str | None:
    text = seg.text + " " + " ".join(seg.headings[-1:])
    if review_type == "other":
        match = _OTHER_BODY.search(seg.text) or _ADULTS_BOARD.search(text)
        if match:
            return match.group(1)
    for match in _CONDUCTED.finditer(text):
        place = match.group(1)
        if place.split()[0] in NOT_NAMES or place in ("A", "An", "Its", "Their", "Another"):
            continue  # "The LCSPR 'Archie'": a determiner, not the partnership that conducted it
        if ctx.partnership and place.split()[0].lower() in ctx.partnership.lower():
            continue
        if any(place.lower() == a.lower() for a in ctx.areas):
            continue
        return place
    return None

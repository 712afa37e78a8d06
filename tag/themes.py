"""Themes the text names, and the themes the partnership names as its priorities."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, PriorityMention, ThemeMention, period as period_in

from .context import DocContext
from .segments import Segment, TaggedDocument, is_numbered_table


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[ThemeMention | PriorityMention]:
    return themes(tagged) + priorities(tagged)


def themes(tagged: TaggedDocument) -> list[ThemeMention]:
    out = []
    for seg in tagged.segments:
        for span in named_themes(seg):
            out.append(seg.mention(ThemeMention, span.start_char, span.end_char, "theme.phrase", theme=span.id_, cue=span.text))
    return out


# a trait of a parent names no children's theme: "his mother had learning disabilities"
_PARENT_BEFORE = re.compile(r"\b(?:mother|father|parents?|parental|carers?|mum|dad)(?:['’]s)?\s+(?:(?:who|had|has|have|with|was|is|a|long|history|of|suffered|from|her|his|own|learning|severe|mild)\s+){0,4}$", re.I)
_CHILD_THEMES = {"children_with_disabilities", "children_mental_health"}


def named_themes(seg: Segment) -> list:
    """The theme spans that name a theme: not a shorter phrase inside another theme's ('fostering' in 'private
    fostering'), not words of an organisation's name or the services it lists ('... Mental Health NHS Foundation
    Trust (mental health and community services)'), not a parent's trait taken for a child's."""
    spans = seg.spans("theme")
    orgs = seg.spans("org")
    base = seg.sent.start_char if seg.sent is not None else 0
    out = []
    for span in spans:
        if len(span) == 1 and any(o.id_ != span.id_ and o.start_char <= span.start_char and span.end_char <= o.end_char and len(o) > 1 for o in spans):
            continue
        if any(o.id_ != span.id_ and len(o) > len(span) and o.start < span.end and span.start < o.end and o.start > span.start for o in spans):
            continue  # "go missing from education": the longer phrase after it names the theme
        after = seg.text[span.end_char - base :]
        if re.match(r"(?:\s+(?:and|&)\s+[A-Z]\w+)?\s+(?:NHS\s+)?(?:Foundation\s+)?Trust\b", after) and span.text[:1].isupper():
            continue  # "Community and Mental Health NHS Foundation Trust"
        if any(o.start_char < span.end_char and span.start_char < o.end_char for o in orgs):
            continue
        before = seg.text[: span.start_char - base]
        if re.search(r"\b(?:Trust|Board|Service|Services)\s*\([^()]*$", before) or any(re.fullmatch(r"\s*\([^()]*", before[o.end_char - base :]) for o in orgs if o.end_char <= span.start_char):
            continue  # "NHS Foundation Trust (mental health and community services)"
        if span.id_ in _CHILD_THEMES and _PARENT_BEFORE.search(before):
            continue
        out.append(span)
    return out


_OWN_PRIORITY = re.compile(
    r"\b(our|partnership'?s?|board'?s?|[A-Z]*SCP'?s?|key|strategic|safeguarding|new|agreed|three|four|five|six|these|its|the)\s+"
    r"([\w/-]+\s+)?priorit|^\W*(new\s+)?priority\b|\bpriorit(y|ies)\s*(\d|one|two|three|four|five|for\s+20|are\b|:|were\s+agreed)"
    r"|\b(remains?|is|continues? to be)\s+an?\s+(\w+\s+)?priority\b"
    r"|\b(we|partnership|partners|board|executive)\s+(will|would|shall)\s+(focus|concentrate)\s+on\b",
    re.I,
)
_NOT_OWN_PRIORITY = re.compile(r"\bnot\b[^.]{0,40}priorit|priorities (are|were) (based on|informed by)|\b(council|city|government|mayor|home office)'?s?\s+(\w+\s+)?priorit|links? to the"
    r"|\bpriority action\b|\bpriorit(y|ies) for (the )?[A-Z][\w-]*['’]s\b"
    r"|\b(alongside|besides|beyond|outside|in addition to|as well as)\s+(the|our|its|these)\s+(\w+\s+)?priorit", re.I)  # areas watched besides them
# "Progress to date has seen:", "We have delivered:"; not "We have three strategic priorities for 2021-24:"
_LIST_NOT_PRIORITIES = re.compile(r"progress|achiev|has seen|values|ethos|we have(?!\s+(?:\w+\s+){0,2}priorit)|completed|delivered", re.I)


_OTHER_LIST = re.compile(r"cross[- ]cutting|\bthemes\b|\bprinciples\b|\bvalues\b|\benablers\b", re.I)


def _has_priority_cue(seg: Segment) -> bool:
    """A sentence naming the partnership's own priorities ('Our priorities for 2023-24 are'), not anyone's
    ('links to the Council's priorities', 'has not been identified as a Priority Area')."""
    return (
        any(s.label_ == "PRIORITY" for s in seg.spans("cue"))
        and bool(_OWN_PRIORITY.search(seg.text))
        and not _NOT_OWN_PRIORITY.search(seg.text)
    )


def priorities(tagged: TaggedDocument) -> list[PriorityMention]:
    """Themes the partnership names as priorities: in a sentence or heading about priorities, or the list it introduces."""
    out: list[PriorityMention] = []
    intro_period: str | None = None
    in_list_after_intro = False
    list_intro = ""
    focus: tuple[str, int] | None = None  # "areas for attention in 2022-23": (period, block) of the last such sentence
    intro_block = -1
    asked: tuple[str | None, int] | None = None  # a sentence about the priorities that named none: (period, block)
    sections: dict | None = None  # "Our three priorities are:" then a heading for each priority
    for seg in tagged.segments:
        block = tagged.document.blocks[seg.block_index]
        if sections is not None:
            spans = _in_section(seg, block, sections, tagged)
            if spans is not None:
                out.extend(seg.mention(PriorityMention, s.start_char, s.end_char, "priority.list", theme=s.id_, period=sections["period"]) for s in spans)
                continue
            sections = None
        title_line = _FOCUS_TITLE.fullmatch(seg.text.strip()) is not None and not seg.text.strip().isupper()
        if block.kind is BlockKind.heading or seg.text.strip().isupper():
            focus = None
        elif focus and title_line and seg.block_index - focus[1] <= _FOCUS_SPAN_BLOCKS and seg.kind is BlockKind.paragraph:
            # the short titles of the sections that follow name the areas, one each
            for span in named_themes(seg):
                out.append(seg.mention(PriorityMention, span.start_char, span.end_char, "priority.focus_title", theme=span.id_, period=focus[0]))
            continue
        if seg.kind is not BlockKind.table and _AREAS_OF_FOCUS.search(seg.text) and period_in(seg.text):
            period = period_in(seg.text)
            years = re.findall(r"20\d\d\s*[-/–]\s*\d\d", seg.text)
            focus = (period_in(years[-1]) if years else period, seg.block_index)  # "Our 2021-22 report identified areas for attention in 2022-23"
        heading_cue = [h for h in seg.headings[-2:] if re.search(r"\bpriorit", h, re.I)]
        as_list = seg.kind is BlockKind.list_item or is_numbered_table(seg)
        own_cue = _has_priority_cue(seg) and not is_numbered_table(seg)
        if not as_list and in_list_after_intro and _OTHER_LIST.search(seg.text) and seg.text.rstrip().endswith(":"):
            in_list_after_intro = False  # "The cross-cutting themes for 2024-26 are:": the list after it is not the priorities
            list_intro = seg.text
            continue
        if not as_list and not own_cue and in_list_after_intro and seg.block_index - intro_block <= 6 and _title_line(seg, tagged):
            as_list = True  # "Safe at Home (neglect and domestic abuse)": the priorities as title lines under 'Our priorities'
            if not named_themes(seg):
                continue
        # "... agreed three priorities for the year. These were:": the answer opens the list
        answer_intro = asked is not None and seg.block_index - asked[1] <= 1 and _ANSWER.search(seg.text) and seg.text.rstrip().endswith(":")
        if not as_list or (own_cue and seg.text.rstrip().endswith(":")):
            # "Our priorities for 2022/2023:", or the same as a title line of its own over the list; a bullet of
            # minutes may open a list of its own ("- ... agreed that the priorities should be:")
            intro = seg.text.rstrip().endswith(":") or _title_line(seg, tagged)
            in_list_after_intro = bool((own_cue or answer_intro) and intro and not _LIST_NOT_PRIORITIES.search(seg.text))
            list_intro = seg.text
            if in_list_after_intro:
                # "... has agreed priorities for 2020/21 ..." then "The priorities this year are:": the year said just before
                recent = asked is not None and seg.block_index - asked[1] <= 2
                intro_period = period_in(seg.text) or (asked[0] if answer_intro or recent else None)
                intro_block = seg.block_index
                if seg.text.rstrip().endswith(":"):
                    count = _COUNT.search(seg.text)
                    sections = {"period": intro_period, "left": _NUMBERS.get(count.group(1).lower()) if count else None,
                                "numbered": None, "heading": None, "theme_read": False, "last": seg.block_index}
            if as_list and not named_themes(seg):
                continue
        elif not in_list_after_intro and (_LIST_NOT_PRIORITIES.search(list_intro) or (_OTHER_LIST.search(list_intro) and list_intro.rstrip().endswith(":"))):
            continue  # "Progress to date has seen:", "This ethos is reflected in our shared values.", "The cross-cutting themes are:"
        answer = asked is not None and seg.block_index - asked[1] <= 1 and _ANSWER.search(seg.text)
        if own_cue and not named_themes(seg) and not seg.text.rstrip().endswith(":"):
            asked = (period_in(seg.text) or (period_in(heading_cue[-1]) if heading_cue else None), seg.block_index)
            continue  # "The Chair asked about the priorities for 2025-27.": the next sentence may answer
        if seg.kind is BlockKind.table and not as_list and heading_cue and not _is_progress(heading_cue) and _PRIORITY_COLUMN.match(seg.text):
            period, rule = period_in(heading_cue[-1]), "priority.list"  # "Priority | Lead | Progress" under "Our priorities for 2021-23"
        elif answer:
            period, rule = asked[0], "priority.answer"  # "It was confirmed that these were A, B and C."
            asked = None
        elif own_cue and not re.search(r"\b(previous|last year)\b", seg.text, re.I) and (
            not re.search(r"\bprogress against\b", seg.text, re.I) or _PRIORITIES_COLON.search(seg.text)) and (
            _PERIOD_WERE.search(seg.text) or _PRIORITIES_COLON.search(seg.text) or _OWNER_WERE.search(seg.text) or not re.search(r"\b(were|was)\b(?!\s+the\s+(\w+['’]s\s+)?priorities\s+for\b)", seg.text, re.I)
        ):
            period = period_in(seg.text) or (period_in(heading_cue[-1]) if heading_cue else None)
            rule = "priority.sentence"
        elif as_list and (in_list_after_intro or (heading_cue and not _is_progress(heading_cue))):
            period = intro_period if in_list_after_intro else period_in(heading_cue[-1])
            rule = "priority.list"
        else:
            continue
        spans = named_themes(seg)
        if seg.kind is BlockKind.table and not as_list:
            if not (heading_cue and not _is_progress(heading_cue) and _PRIORITY_COLUMN.match(seg.text)):
                continue
            spans = _first_column(seg, spans)  # "Priority | What we said we would do | Progress": the first column names them
            period = period or period_in(heading_cue[-1])
        for span in spans:
            if rule == "priority.sentence" and span.start_char < _clause_start(seg):
                continue  # "The report covered: A; B; and the priorities for 2025-27": topics, not priorities
            out.append(seg.mention(PriorityMention, span.start_char, span.end_char, rule, theme=span.id_, period=period))
    return out


_PRIORITY_COLUMN = re.compile(r"^\s*(?:our\s+|strategic\s+|key\s+)?priorit(?:y|ies)\b[^\t\n]{0,20}\t", re.I)


def _first_column(seg: Segment, spans: list) -> list:
    """The spans in the first cell of each row below a table's header row."""
    base = seg.sent.start_char if seg.sent is not None else 0
    cells, offset = [], 0
    for index, line in enumerate(seg.text.split("\n")):
        if index:
            cells.append((offset, offset + len(line.split("\t")[0])))
        offset += len(line) + 1
    return [span for span in spans if any(a <= span.start_char - base < b for a, b in cells)]


# "The Board's priorities for 2017-18 were neglect, ...": the priorities of a named year, told in the past
_PERIOD_WERE = re.compile(r"\bpriorit(?:y|ies)\s+(?:for|in|during)\s+(?:the\s+year\s+)?20\d\d(?:\s*[-/–]\s*(?:20)?\d\d)?\s+(?:were|was|included)\b", re.I)
# "Over the year the Board's priorities were neglect and ...": the owner's priorities of the year reported on
_OWNER_WERE = re.compile(r"\b(?:board|partnership|lscb|executive)['’]s\s+(?:\w+\s+)?priorit(?:y|ies)\s+(?:were|was)\b(?!\s+(?:to|not|set|agreed|reviewed|based)\b)"
                         r"|\b(?:was|were)\s+(?:a|the)\s+(?:key|main|top)\s+priority\b", re.I)  # "Reducing neglect was a key priority"
_PRIORITIES_COLON = re.compile(r"\bpriorit(?:y|ies)\s+(?:for|in)\s+20\d\d(?:\s*[-/–]\s*(?:20)?\d\d)?\s*:\s*\S", re.I)  # "... told about its priorities for 2018/21: A, B and C"
_ANSWER = re.compile(r"\b(?:these|they|those|the priorities)\s+(?:were|are|would be|will be|included|include)\b", re.I)


def _title_line(seg: Segment, tagged: TaggedDocument) -> bool:
    """A short line of its own, without a full stop: 'Our priorities for 2022/2023' over a list."""
    block = tagged.document.blocks[seg.block_index]
    text = tagged.document.block_text(block).strip()
    return block.kind is BlockKind.paragraph and text == seg.text.strip() and len(text.split()) <= 8 and not text.endswith(".")


def _clause_start(seg: Segment) -> int:
    """Where the clause that names the priorities begins (the spaCy doc's characters): its ';'-clause."""
    base = seg.sent.start_char if seg.sent is not None else 0
    first = min((s.start_char for s in seg.spans("cue") if s.label_ == "PRIORITY"), default=base)
    return base + seg.text.rfind(";", 0, first - base) + 1 if ";" in seg.text[: first - base] else base


_AREAS_OF_FOCUS = re.compile(r"\b(areas?|themes?) (for|of) (attention|focus)\b|\bfocus areas\b", re.I)
_FOCUS_TITLE = re.compile(r"[A-Z][\w'’&/-]*(?:\s+[\w'’&/-]+){0,5}")
_FOCUS_SPAN_BLOCKS = 40


def _is_progress(headings: list[str]) -> bool:
    return any(re.search(r"progress|achiev|review of|last year", h, re.I) for h in headings)


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
_COUNT = re.compile(r"\b(two|three|four|five|six|seven|[2-7])\s+(?:\w+\s+){0,2}(?:priorit|areas\b|themes\b)", re.I)


def _in_section(seg: Segment, block, state: dict, tagged: TaggedDocument) -> list | None:
    """Under 'Our three priorities for 2023-26 are:', a heading or label line for each priority ('1. Harm outside the home'):
    the themes of the heading, or when it names none those of the paragraph below it. The headings must follow
    the intro at once and be numbered, or be as many as it says; None when the seg is past them."""
    text = tagged.document.block_text(block).strip()
    label = block.kind is BlockKind.paragraph and text.endswith(":") and len(text.split()) <= 12  # "Neglect and parental factors:"
    if block.kind is BlockKind.heading or label:
        if seg.block_index == state["heading"]:
            return _read(state, named_themes(seg))
        numbered = bool(re.match(r"\(?\d+[.)]\s", text))
        if state["numbered"] is None:
            state["numbered"] = numbered
        if seg.block_index != state["last"] + 1 or numbered != state["numbered"] or (state["left"] or 0) <= 0 and not numbered:
            return None
        if state["left"] is not None:
            state["left"] -= 1
        state.update(heading=seg.block_index, last=seg.block_index, theme_read=False)
        return _read(state, named_themes(seg))
    if state["heading"] is None or block.kind not in (BlockKind.paragraph, BlockKind.list_item):
        return None
    if seg.block_index > state["last"] + 1:
        return None
    first = seg.block_index == state["heading"] + 1
    state["last"] = seg.block_index
    return named_themes(seg) if first and not state["theme_read"] else []


def _read(state: dict, spans: list) -> list:
    state["theme_read"] = state["theme_read"] or bool(spans)  # the heading names them: the paragraph is detail
    return spans

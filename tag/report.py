"""The report itself: the partnership, the kind of document, its reporting year and areas.

The kind is scored: every document-kind cue of ``patterns/cues.jsonl`` (label ``DOC_KIND``) found near the
start adds its ``weight`` to its kind, twice over in the opening lines (the title and header block, where a
page says what it is); a cue marked ``title`` counts only in a line of them (a title, a breadcrumb, a
byline), not in a table such as a contents list. A meeting's record or paper wins when its
structure is plain (labels such as 'Minutes:', 'Decision details', 'Report to:'); otherwise a page that
reads as news, data or a page about the arrangements is ``other``, and a report of the partnership's year
is an annual report.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.matcher import Matcher, PhraseMatcher

from lscp.schemas import BlockKind, ReportMention

from .context import DocContext, _councils
from .report_year import find_reporting_year, title_blocks
from .nlp import load_patterns
from .segments import TaggedDocument

KINDS = ("committee_minutes", "committee_cover_report", "annual_report", "other")
HEAD_CHARS = 5000  # cues are read from the start of the document: what it is shows there
TITLE_FACTOR = 2  # a cue in the opening lines counts this many times
MAX_HITS = 3  # one cue repeated counts at most this many times
MEETING_FLOOR = 5  # the least score that makes a page a meeting's record or paper


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[ReportMention]:
    return [_report_mention(tagged, ctx)]


def _report_mention(tagged: TaggedDocument, ctx: DocContext) -> ReportMention:
    scores = kind_scores(tagged)
    kind = choose_kind(
        scores, mentions_annual_report=bool(re.search(r"(annual|yearly) report", tagged.document.text[:20000], re.I)),
        item_page=_item_page(tagged),
    )
    if kind == "annual_report" and scores["annual_report"] <= 1 and _page_about_something_else(tagged.document.banner):
        kind = "other"  # "Independent scrutiny - X Partnership", a page that mentions 'the partnership's annual report' once
    partnership = ctx.partnership
    if kind == "annual_report":
        partnership = successor_name(tagged.document.text, partnership)
    year = ctx.reporting_year
    if not partnership:
        councils = _councils(tagged.document.text)  # else the one council the paper names
        partnership = unnamed_partnership(tagged.document.text, ctx.areas or (councils if len(councils) == 1 else []), year)
    if kind == "other":  # news, data and arrangements pages: a year only when the text ties one to a report or period
        year = find_reporting_year(tagged, strict=True)
    return ReportMention(
        text=partnership or "",
        start=0,
        end=0,
        page=1,
        sentence="",
        rule="report.metadata",
        partnership=partnership,
        document_kind=kind,
        reporting_year=year,
        areas=ctx.areas,
        kind_scores=scores,
    )


_OLD_BOARD = re.compile(r"^(?P<place>.+?)\s+(?:Local\s+)?Safeguarding\s+Children\s+Board$")
_BOARD_GONE = re.compile(
    r"\b(?:LSCB|Board)\b[^.]{0,80}?\b(?:closed|was replaced|were replaced|has been replaced|had been replaced|was abolished|"
    r"ceased|came to an end|was stood down)\b|\b(?:former|carried over from the|took over from the|inherited from the)\s+(?:[A-Z][\w'’-]*\s+)*(?:LSCB|Local Safeguarding Children Board|Safeguarding Children Board|Board)\b"
)


def successor_name(text: str, name: str | None) -> str | None:
    """A partnership's own report that names the board it replaced more often than itself, or only that board
    ('When the X Local Safeguarding Children Board closed in September 2019, ...'), its own name being in the
    page's banner alone: the report is the partnership's, 'X Safeguarding Children Partnership'."""
    match = _OLD_BOARD.match(name or "")
    if not match or not _BOARD_GONE.search(text):
        return name
    place = match.group("place")
    named = re.search(re.escape(place) + r"\s+(?:Safeguarding\s+Children(?:['’]?s)?\s+Partnership|Children(?:['’]?s)?\s+Safeguarding\s+Partnership)(?:\s+Board)?", text)
    if named:  # the partnership is named too, less often than the board whose work it took over
        return re.sub(r"\s+", " ", named.group(0))
    if len(re.findall(r"\b(?:the|our) partnership\b|\bsafeguarding partners\b", text, re.I)) < 2:
        return name
    return f"{place} Safeguarding Children Partnership"


def unnamed_partnership(text: str, areas: list[str], year: str | None) -> str | None:
    """A paper that never names the partnership ('the annual report on local arrangements to safeguard and
    promote the welfare of children in X'), the council's area being known: the arrangements of that area,
    a board before the 2019 partnerships ('LSCB' in the text, or a year before 2019-20), else a partnership."""
    if not areas or not re.search(r"\bsafeguard", text, re.I):
        return None
    board = re.search(r"\bLSCB\b|Safeguarding\s+Children(?:['’]?s)?\s+Board", text) or (year is not None and year < "2019-20")
    return " and ".join(areas) + (" Safeguarding Children Board" if board else " Safeguarding Children Partnership")


def choose_kind(scores: dict[str, int], mentions_annual_report: bool = False, item_page: bool = False) -> str:
    """The document's kind from its cue scores. ``item_page``: a committee system's page for one agenda item
    (it opens with a bare 'Agenda item' line), which holds the item's paper or the record of it."""
    minutes, cover = scores["committee_minutes"], scores["committee_cover_report"]
    annual, other = scores["annual_report"], scores["other"]
    # a minutes page often opens with a summary of the report it minutes: minutes win a near tie
    if minutes >= MEETING_FLOOR and minutes * 3 >= cover * 2 and minutes >= other:
        return "committee_minutes"
    if cover >= MEETING_FLOOR and cover >= other:
        return "committee_cover_report"
    if item_page:  # an item's page without a paper's labels: what the meeting made of the report, told after it
        return "committee_minutes"
    if other > annual:
        return "other"
    if annual > 0 or mentions_annual_report:
        return "annual_report"
    return "other"


_REPORT_TITLE = re.compile(r"\breport\b|\byear\s+in\s+review\b", re.I)  # any report, the annual one too


def _page_about_something_else(banner: str) -> bool:
    """Whether a web page's own title names a topic that is not a report ('Independent scrutiny - X Partnership'):
    such a page that mentions the annual report once is about something else."""
    return bool(banner.strip()) and not _REPORT_TITLE.search(banner)


def _item_page(tagged: TaggedDocument) -> bool:
    """Whether the page is a committee system's page for one agenda item: its first line is 'Agenda item' alone (a
    cover paper's stamp carries the item's number: 'Agenda Item 7')."""
    blocks = tagged.document.blocks[:5]
    return any(re.fullmatch(r"\s*agenda\s+item\s*", tagged.document.block_text(b), re.I) for b in blocks)


def kind_scores(tagged: TaggedDocument) -> dict[str, int]:
    document = tagged.document
    title = set(title_blocks(document))
    hits: Counter[int] = Counter()
    scores = dict.fromkeys(KINDS, 0)
    for index, (block, doc) in enumerate(zip(document.blocks, tagged.docs)):
        if block.start >= HEAD_CHARS:
            break
        if not len(doc):
            continue
        in_title = index in title
        title_line = in_title and block.kind is not BlockKind.table and len(doc) <= 20  # not a contents table's chapter names
        for row_index, start, end in _matches(doc):
            row = _rows()[row_index]
            if row.get("title") and not title_line:
                continue
            if block.start + doc[start].idx >= HEAD_CHARS or hits[row_index] >= MAX_HITS:
                continue
            hits[row_index] += 1
            scores[row["id"]] += int(row.get("weight", 1)) * (TITLE_FACTOR if in_title else 1)
    return scores


_CACHE: dict = {}


def _rows() -> list[dict]:
    if "rows" not in _CACHE:
        rows = [row for row in load_patterns("cues.jsonl") if row["label"] == "DOC_KIND"]
        for row in rows:
            if row["id"] not in KINDS:
                raise ValueError(f"document-kind cue {row['pattern']!r}: unknown kind {row['id']!r}")
        _CACHE["rows"] = rows
    return _CACHE["rows"]


def _matches(doc) -> list[tuple[int, int, int]]:
    """(cue row, start token, end token) of every document-kind cue in ``doc``; overlapping cues all count
    ('minutes' and 'minutes:'), so a label weighs its own weight plus the word's."""
    key = id(doc.vocab)
    if _CACHE.get("vocab") != key:
        lower, orth, tokens = PhraseMatcher(doc.vocab, attr="LOWER"), PhraseMatcher(doc.vocab), Matcher(doc.vocab)
        for index, row in enumerate(_rows()):
            name = str(index)
            if isinstance(row["pattern"], list):
                tokens.add(name, [row["pattern"]])
            else:
                (orth if row.get("exact") else lower).add(name, [_tokenizer(doc)(row["pattern"])])
        _CACHE.update(vocab=key, matchers=(lower, orth, tokens))
    out = []
    for matcher in _CACHE["matchers"]:
        for match_id, start, end in matcher(doc):
            out.append((int(doc.vocab.strings[match_id]), start, end))
    return out


def _tokenizer(doc):
    from spacy.lang.en import English

    if "tokenizer" not in _CACHE:
        _CACHE["tokenizer"] = English(vocab=doc.vocab).tokenizer
    return _CACHE["tokenizer"]

"""Tag a Document: find the mentions of every fact kind with spaCy rules kept as pattern files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language

from lscp.schemas import BlockKind, Document, Mention

from . import entities, figures, finance
from .context import DocContext, build_context
from .nlp import PATTERN_SET, build_nlp, cached_nlp, load_patterns
from .segments import Segment, TaggedDocument, build_segments, heading_paths, is_number_block, remember_text

__all__ = ["PATTERN_SET", "Tagger", "TaggerData", "build_nlp", "load_patterns"]

MAX_CALLOUT_LABEL = 160


@dataclass(frozen=True)
class TaggerData:
    """Reference data the caller supplies: organisation names and area names, each with the id it resolves to."""

    organisations: tuple[tuple[str, str], ...] = ()  # (surface form, canonical name)
    areas: tuple[tuple[str, str], ...] = ()  # (surface form, area name)

    def patterns(self) -> tuple:
        cached = self.__dict__.get("_pattern_rows")
        if cached is None:
            cached = self._patterns()
            object.__setattr__(self, "_pattern_rows", cached)  # worked out once: the tagger asks for every document
        return cached

    def place_names(self) -> frozenset[str]:
        """Every area name and alias, lower-cased."""
        cached = self.__dict__.get("_place_names")
        if cached is None:
            cached = frozenset(surface.casefold() for surface, _ in self.areas)
            object.__setattr__(self, "_place_names", cached)
        return cached

    def _patterns(self) -> tuple:
        def rows(label: str, pairs):
            out = []
            for surface, ident in pairs:
                # abbreviations and one-word names ("MPS", "Met", "Cafcass") only as written (or in capitals): "met" is a verb
                exact = (surface.isupper() and len(surface) <= 8) or len(surface.split()) == 1 or len(surface) <= 8
                out.append((label, surface, ident, exact))
                if exact and not surface.isupper():
                    out.append((label, surface.upper(), ident, exact))
            return tuple(out)

        return (("org", rows("ORG", self.organisations)), ("area", rows("AREA", self.areas)))


@dataclass
class Tagger:
    data: TaggerData = field(default_factory=TaggerData)

    @property
    def nlp(self) -> Language:
        return cached_nlp(self.data.patterns())

    def tag(self, document: Document) -> list[Mention]:
        nlp = self.nlp
        texts = [document.block_text(b) for b in document.blocks]
        docs = list(nlp.pipe(texts, batch_size=256))
        for doc, text in zip(docs, texts):
            remember_text(doc, text)
        tagged = TaggedDocument(document, docs, heading_paths(document))
        tagged.segments = build_segments(document, docs, tagged.headings)
        ctx = build_context(tagged, {surface.lower(): area for surface, area in self.data.areas})
        _add_heading_areas(tagged, ctx)
        ctx.mark_sections(document)
        mentions: list[Mention] = [_report_mention(tagged, ctx)]
        mentions += self._figures(tagged, ctx, nlp)
        mentions += entities.themes(tagged)
        mentions += entities.priorities(tagged)
        mentions += entities.reviews(tagged, ctx)
        mentions += entities.partners(tagged)
        mentions += _people_with_roles(entities.people(tagged, self.data.place_names()), nlp)
        return mentions

    def _figures(self, tagged: TaggedDocument, ctx: DocContext, nlp: Language) -> list[Mention]:
        out: list[Mention] = []
        carry: dict = {}
        last_block = -1
        pipe_tables = _pipe_tables(tagged.document)
        amount_lists = _amount_lists(tagged.document)
        in_pipe_table = -1  # the last block of the markdown table being read
        for number, seg in enumerate(tagged.segments):
            if seg.block_index <= in_pipe_table:
                continue
            if seg.block_index in pipe_tables:
                # a markdown table the reader left as lines of text: read as the table it is
                in_pipe_table, rows = pipe_tables[seg.block_index]
                table = _table_segment(tagged, seg.block_index, in_pipe_table, rows, nlp)
                out += figures.figures_in_table(table, rows, ctx)
                out += finance.finance_in_table(table, rows, tagged.document, seg.block_index)
                continue
            if seg.block_index - last_block > 2:
                carry = {}
            last_block = seg.block_index
            carry["now"] = number  # sentences read so far: a comparison borrows the measure of the last two only
            block = tagged.document.blocks[seg.block_index]
            if seg.kind is BlockKind.table:
                out += figures.figures_in_table(seg, block.rows or [], ctx)
                out += finance.finance_in_table(seg, block.rows or [], tagged.document, seg.block_index)
                continue
            if seg.block_index in amount_lists:
                # list items that are each a label and an amount: a budget table written as a list
                out += finance.finance_in_table(seg, amount_lists.pop(seg.block_index), tagged.document, seg.block_index)
            elif block.kind is not BlockKind.list_item or not finance.amount_list_rows([seg.text], 1):
                out += finance.finance_in_sentence(seg, ctx)
            if is_number_block(tagged.document, block):
                callout = _callout(tagged, seg, nlp)
                if callout is not None:
                    out += figures.figures_in_segment(callout, ctx, carry)
                continue
            out += figures.figures_in_segment(seg, ctx, carry)
        return out


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:-]*-{2,}[\s|:-]*$")


def _pipe_tables(document: Document) -> dict[int, tuple[int, list[list[str]]]]:
    """Markdown tables written as runs of '| a | b |' lines: first block -> (last block, rows of cells)."""
    out: dict[int, tuple[int, list[list[str]]]] = {}
    start, rows = -1, []
    blocks = document.blocks
    for index in range(len(blocks) + 1):
        text = document.block_text(blocks[index]) if index < len(blocks) else ""
        lines = [line for line in text.splitlines() if line.strip()]
        if index < len(blocks) and blocks[index].kind is not BlockKind.table and lines and all(_PIPE_ROW.match(l) for l in lines):
            if start < 0:
                start, rows = index, []
            for line in lines:
                if not _PIPE_RULE.match(line):
                    rows.append([re.sub(r"^[*_]+|[*_]+$", "", cell.strip()).strip() for cell in line.strip().strip("|").split("|")])
            continue
        if start >= 0 and len(rows) >= 2:
            out[start] = (index - 1, rows)
        start = -1
    return out


def _amount_lists(document: Document) -> dict[int, list[list[str]]]:
    """Runs of list items each giving a label and an amount ('- Staffing: £171,900'): first block -> rows."""
    out: dict[int, list[list[str]]] = {}
    run: list[int] = []
    blocks = document.blocks
    for index in range(len(blocks) + 1):
        if index < len(blocks) and blocks[index].kind is BlockKind.list_item and finance.amount_list_rows([document.block_text(blocks[index])], 1):
            run.append(index)
            continue
        rows = finance.amount_list_rows([document.block_text(blocks[i]) for i in run]) if run else None
        if rows:
            out[run[0]] = rows
        run = []
    return out


def _table_segment(tagged: TaggedDocument, first: int, last: int, rows: list[list[str]], nlp: Language) -> Segment:
    blocks = tagged.document.blocks
    text = "\n".join("\t".join(row) for row in rows)
    doc = nlp(text)
    return Segment(text, blocks[first].start, blocks[last].end, blocks[first].page, first, BlockKind.table, tagged.headings[first], doc, doc[:])


def _add_heading_areas(tagged: TaggedDocument, ctx: DocContext) -> None:
    """A partnership of several areas gives each its own sections: an area named in headings or short
    section lines about as often as one the partnership's name gives is covered too."""
    counts: dict[str, int] = {}
    for block, doc in zip(tagged.document.blocks, tagged.docs):
        if block.kind is BlockKind.heading or len(doc) <= 8:
            for area in {s.id_ for s in doc.spans.get("area", [])}:
                counts[area] = counts.get(area, 0) + 1
    if not ctx.areas:
        return
    top = max(counts.get(a, 0) for a in ctx.areas)
    for area, n in sorted(counts.items(), key=lambda item: -item[1]):
        if n >= 2 and n * 4 >= top and area not in ctx.areas:
            ctx.areas.append(area)


def _callout(tagged: TaggedDocument, seg: Segment, nlp: Language) -> Segment | None:
    """A number alone in its block joined to its label: the next block, or the previous one when it leads in."""
    document = tagged.document
    index = seg.block_index
    blocks = document.blocks
    prev_text = document.block_text(blocks[index - 1]) if index > 0 else ""
    next_text = document.block_text(blocks[index + 1]) if index + 1 < len(blocks) else ""
    next_is_number = index + 1 < len(blocks) and is_number_block(document, blocks[index + 1])
    prev_is_number = index > 0 and is_number_block(document, blocks[index - 1])
    number = seg.text.strip()
    if prev_text.rstrip().endswith((":", " was", " were", " is")) and not prev_is_number:
        label, text = prev_text, f"{prev_text.strip()} {number}"
    # a next block that opens with a number is a call-out of its own ("1740 missing episodes" after a lone "1831")
    elif next_text and not next_is_number and not next_text.lstrip()[:1].isdigit() and len(next_text) <= MAX_CALLOUT_LABEL * 2:
        label, text = next_text, f"{number} {next_text.strip()}"
    elif prev_text and not prev_is_number and len(prev_text) <= MAX_CALLOUT_LABEL and not re.search(r"\d", prev_text):
        label, text = prev_text, f"{prev_text.strip()} {number}"
    else:
        return None
    doc = nlp(text)
    return Segment(text, seg.start, seg.end, seg.page, index, BlockKind.paragraph, seg.headings, doc, doc[:], synthetic=True)


def _report_mention(tagged: TaggedDocument, ctx: DocContext) -> Mention:
    scores = {"committee_minutes": 0, "committee_cover_report": 0, "annual_report": 0}
    head_segments = [s for s in tagged.segments if s.start < 4000]
    for seg in head_segments:
        for span in seg.spans("cue"):
            if span.label_ == "DOC_KIND":
                scores[span.id_] += 1
    if scores["committee_minutes"] >= 2 and scores["committee_minutes"] >= scores["committee_cover_report"] - 1:
        kind = "committee_minutes"
    elif scores["committee_cover_report"] >= 2:
        kind = "committee_cover_report"
    elif scores["annual_report"] >= 1 or re.search(r"(annual|yearly) report", tagged.document.text[:20000], re.I):
        kind = "annual_report"
    else:
        kind = "other"
    return Mention(
        label="REPORT",
        text=ctx.partnership or "",
        start=0,
        end=0,
        page=1,
        sentence="",
        rule="report.metadata",
        attrs={"partnership": ctx.partnership, "document_kind": kind, "reporting_year": ctx.reporting_year, "areas": ctx.areas, "kind_scores": scores},
    )


def _people_with_roles(mentions: list[Mention], nlp: Language) -> list[Mention]:
    """Resolve each person's role from the words next to the name (a role cue, or a partner organisation)."""
    out = []
    for mention in mentions:
        role_doc = nlp(mention.attrs.get("role_text", ""))
        roles = [s for s in role_doc.spans.get("cue", []) if s.label_ == "PERSON_ROLE"]
        orgs = [s.id_ for s in role_doc.spans.get("org", [])]
        role = min(roles, key=lambda s: s.start).id_ if roles else None
        if re.match(r"(Councillor|Cllr)\b", mention.attrs.get("name", "")):
            role = "other"  # an elected member, whatever committee post they hold
        if role is None and not orgs:
            continue
        out.append(mention.model_copy(update={"attrs": {**mention.attrs, "role": role, "orgs": orgs}}))
    return out

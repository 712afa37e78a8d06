"""Sentence-level cue matching on a Document's blocks, like a tagger: one pass of a spaCy PhraseMatcher
and Matcher over every block, then each requirement's cue set decides met, partly or not_found.

Headings count: a heading that names the requirement (``Voice of the child``) with content under it
is evidence, and a sentence under a heading that names reviews counts as an action taken on a review.
Facts already extracted answer some requirements (priorities, funding, reviews, a scrutineer).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Sequence

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from lscp.schemas import BlockKind, Document
from lscp.schemas.audit import AuditRow, AuditStatus

from .requirements import CueSet, Requirements, load_requirements

MIN_CONTENT_WORDS = 8
"""A heading counts as evidence only with at least this many words of content under it."""
MAX_SENTENCE = 400
MAX_HEADING_WORDS = 10
"""Readers of plain text mark few headings: a short block that does not end like a sentence is read as one."""


def heading_like(kind: BlockKind, text: str) -> bool:
    """A heading block, or a short line set apart that does not end like a sentence (``National learning``,
    ``▶ What we learned``, ``1. A WORD FROM OUR INDEPENDENT SCRUTINEER``)."""
    if kind is BlockKind.heading:
        return True
    if kind is BlockKind.table:
        return False
    core = re.sub(r"^[^\w]*(\d+[.)]?\s+)?", "", text.strip())
    words = core.split()
    return 0 < len(words) <= MAX_HEADING_WORDS and core[:1].isupper() and core[-1:] not in ".:;,!?"


@dataclass
class Unit:
    """A sentence (or a heading) with where it is and the headings above it."""

    text: str
    start: int
    end: int
    page: int
    is_heading: bool
    headings: tuple[str, ...]
    content: str = ""  # for a heading: the first sentence under it
    content_words: int = 0
    found: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (cue set, category) -> matched texts


@dataclass
class Hit:
    unit: Unit
    cue: str
    rule: str
    sentence: str


@cache
@functools.lru_cache(maxsize=1)
def _nlp():
    """One tokenizer and sentencizer for every document (building a pipeline costs more than auditing a page)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def prepare() -> None:
    """Build the audit's tokenizer and the cue matchers of the shipped requirements now rather than on the first
    annual report: a batch builds them once, before its workers fork."""
    _matchers(load_requirements())


_MATCHERS: dict[int, tuple[Requirements, PhraseMatcher, _Anchored]] = {}


def _matchers(requirements: Requirements) -> tuple[PhraseMatcher, _Anchored]:
    cached = _MATCHERS.get(id(requirements))
    if cached is not None and cached[0] is requirements:
        return cached[1], cached[2]
    nlp = _nlp()
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns = Matcher(nlp.vocab)
    for cues in requirements.cue_sets.values():
        groups: dict[str, list[str]] = {"strong": cues.strong, "heading": cues.headings, "weak": cues.weak, "unless": cues.unless}
        for index, both in enumerate(cues.both):
            groups[f"both{index}a"], groups[f"both{index}b"] = both.any
        for index, section in enumerate(cues.sections):
            groups[f"sect{index}h"], groups[f"sect{index}s"] = section.headings, section.sentence
        for category, words in groups.items():
            if words:
                phrases.add(f"{cues.id}|{category}", [nlp.make_doc(word) for word in words])
        for pattern in cues.patterns:
            patterns.add(f"{cues.id}|strong", [pattern.pattern])
        for pattern in cues.weak_patterns:
            patterns.add(f"{cues.id}|weak", [pattern.pattern])
    anchors = _anchors([pattern.pattern for cues in requirements.cue_sets.values() for pattern in (*cues.patterns, *cues.weak_patterns)])
    _MATCHERS[id(requirements)] = (requirements, phrases, _Anchored(patterns, anchors))
    return phrases, _MATCHERS[id(requirements)][2]


def _anchors(patterns: list[list[dict]]) -> frozenset[str] | None:
    """Words one of which a text must hold for any of the token patterns to match; None when some pattern needs
    no particular word."""
    words: set[str] = set()
    for pattern in patterns:
        options = [_words_of(spec) for spec in pattern if spec.get("OP", "1") in ("1", "+") and _words_of(spec)]
        needed = max(options, key=lambda words: min(map(len, words)), default=())  # the rarest: the longest words
        if not needed:
            return None
        words.update(needed)
    return frozenset(words)


def _words_of(spec: dict) -> tuple[str, ...]:
    """The lower-case words a token spec allows, when it names them ('LOWER': word or {'IN': [...]})."""
    value = spec.get("LOWER", spec.get("ORTH", spec.get("TEXT")))
    if isinstance(value, str):
        return (value.lower(),)
    if isinstance(value, dict) and set(value) == {"IN"}:
        return tuple(v.lower() for v in value["IN"])
    return ()


class _Anchored:
    """The token-pattern matcher, run only on blocks that hold one of its patterns' words: spaCy's Matcher walks
    every token of every block it is given, and the audit's few patterns need words most blocks lack."""

    def __init__(self, matcher: Matcher, anchors: frozenset[str] | None) -> None:
        self.matcher, self.anchors = matcher, anchors

    def __call__(self, doc: Doc, text: str | None = None) -> list[tuple[int, int, int]]:
        """Matches in ``doc``; ``text``: the doc's text, when the caller has it (Doc.text joins every token again)."""
        lower = (doc.text if text is None else text).lower()
        if self.anchors is not None and not any(word in lower for word in self.anchors):
            return []
        return self.matcher(doc)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def units(document: Document, requirements: Requirements, docs: Sequence[Doc] | None = None) -> list[Unit]:
    """Every heading and every sentence of the other blocks, in order, with the cues found in each.

    ``docs``, one per block of the document, are its blocks already tokenised and cut into sentences by a
    blank English pipeline with spaCy's sentence rule (as the tagger does): read instead of tokenising
    the text a second time."""
    nlp = _nlp()
    phrases, patterns = _matchers(requirements)
    out: list[Unit] = []
    headings: tuple[str, ...] = ()
    if docs is not None and len(docs) != len(document.blocks):
        raise ValueError(f"{len(docs)} docs given for {len(document.blocks)} blocks")
    blocks = [(block, document.block_text(block), i) for i, block in enumerate(document.blocks)]
    blocks = [(block, text, i) for block, text, i in blocks if text.strip()]
    made = (docs[i] for _, _, i in blocks) if docs is not None else nlp.pipe(text for _, text, _ in blocks)
    for (block, text, _), doc in zip(blocks, made):
        found = [(nlp.vocab.strings[key], start, end) for key, start, end in phrases(doc)]
        found += [(nlp.vocab.strings[key], start, end) for key, start, end in patterns(doc, text)]
        if heading_like(block.kind, text):
            unit = Unit(_clean(text), block.start, block.end, block.page, True, headings)
            for key, start, end in found:
                unit.found.setdefault(tuple(key.split("|")), []).append(doc[start:end].text)
            out.append(unit)
            headings = (headings[-1:] if headings else ()) + (unit.text,)
            continue
        for sent in doc.sents:
            sentence = _clean(text[sent.start_char : sent.end_char])  # the doc was made from the block's text: Span.text joins its tokens again
            if not sentence:
                continue
            offset = block.start + sent.start_char
            unit = Unit(sentence, offset, block.start + sent.end_char, document.page_at(offset), False, headings)
            for key, start, end in found:
                if sent.start <= start and end <= sent.end:
                    unit.found.setdefault(tuple(key.split("|")), []).append(doc[start:end].text)
            out.append(unit)
    current: Unit | None = None
    for unit in out:  # a heading's content: the sentences under it, up to the next heading
        if unit.is_heading:
            current = unit
        elif current is not None:
            current.content = current.content or unit.text
            current.content_words += len(unit.text.split())
    return out


def _short(text: str) -> str:
    return text if len(text) <= MAX_SENTENCE else text[: MAX_SENTENCE - 1].rstrip() + "…"


def _strong(unit: Unit, cues: CueSet) -> Hit | None:
    found = unit.found
    if (cues.id, "unless") in found:
        return None
    if unit.is_heading and (cues.id, "heading") in found and unit.content_words >= MIN_CONTENT_WORDS:
        return Hit(unit, found[(cues.id, "heading")][0], "heading", _short(f"{unit.text} — {unit.content}"))
    if (cues.id, "strong") in found:
        return Hit(unit, found[(cues.id, "strong")][0], "strong", _short(unit.text))
    for index, both in enumerate(cues.both):
        if (cues.id, f"both{index}a") in found and (cues.id, f"both{index}b") in found:
            return Hit(unit, found[(cues.id, f"both{index}a")][0], f"both:{both.id}", _short(unit.text))
    return None


def _section(unit: Unit, cues: CueSet, heading_cues: dict[str, list[tuple[int, str]]]) -> Hit | None:
    if unit.is_heading or (cues.id, "unless") in unit.found:
        return None
    for index, section in enumerate(cues.sections):
        if (cues.id, f"sect{index}s") not in unit.found:
            continue
        for heading in reversed(unit.headings):
            for i, phrase in heading_cues.get(heading, []):
                if i == index:
                    return Hit(unit, phrase, f"section:{section.id}", _short(f"{heading} — {unit.text}"))
    return None


def _weak(unit: Unit, cues: CueSet) -> Hit | None:
    if (cues.id, "unless") in unit.found or (cues.id, "weak") not in unit.found:
        return None
    return Hit(unit, unit.found[(cues.id, "weak")][0], "weak", _short(unit.text))


def _row(requirement, status: AuditStatus, hit: Hit | None, in_force: bool) -> AuditRow:
    if hit is None:
        return AuditRow(requirement=requirement.id, edition=requirement.edition, status=status, in_force=in_force)
    return AuditRow(
        requirement=requirement.id, edition=requirement.edition, status=status, in_force=in_force,
        page=hit.unit.page, char_start=hit.unit.start, char_end=hit.unit.end, sentence=hit.sentence, cue=hit.cue, rule=hit.rule,
    )


def _fact_hit(cues: CueSet, facts: list[dict[str, Any]]) -> tuple[Hit | None, str | None]:
    """A fact that answers the cue set, as a hit when its sentence holds one of the set's phrases; else its kind."""
    phrases = cues.phrases()
    for fact_cue in cues.facts:
        matching = [fact for fact in facts if fact_cue.matches(fact)]
        if len(matching) < fact_cue.min:
            continue
        for fact in matching:
            evidence = fact.get("evidence") or {}
            sentence = _clean(evidence.get("sentence") or "")
            lowered = sentence.lower()
            phrase = next((p for p in sorted(phrases, key=len, reverse=True) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", lowered)), None)
            if phrase:
                start = evidence.get("char_start") or 0
                unit = Unit(sentence, start, evidence.get("char_end") or start, evidence.get("page") or 1, False, ())
                cue = sentence[lowered.index(phrase) : lowered.index(phrase) + len(phrase)]
                return Hit(unit, cue, f"fact:{fact_cue.kind}", _short(sentence)), fact_cue.kind
        return None, fact_cue.kind
    return None, None


def audit_document(
    document: Document, facts: list[dict[str, Any]], requirements: Requirements | None = None, *, docs: Sequence[Doc] | None = None
) -> list[AuditRow]:
    """One row per requirement for an annual report: met, partly or not_found, with the evidence. ``docs``: the
    blocks already tokenised (see ``units``)."""
    requirements = requirements or load_requirements()
    found = units(document, requirements, docs)
    year = next((f.get("reporting_year") for f in facts if f.get("kind") == "report"), None)
    heading_cues: dict[str, list[tuple[int, str]]] = {}
    rows: list[AuditRow] = []
    for requirement in requirements.requirements:
        cues = requirements.cues_for(requirement)
        heading_cues = {
            unit.text: [(i, unit.found[(cues.id, f"sect{i}h")][0]) for i in range(len(cues.sections)) if (cues.id, f"sect{i}h") in unit.found]
            for unit in found
            if unit.is_heading
        }
        strong = next((hit for unit in found if (hit := _strong(unit, cues) or _section(unit, cues, heading_cues))), None)
        weak = next((hit for unit in found if (hit := _weak(unit, cues))), None)
        in_force = requirement.in_force(year)
        if strong:
            rows.append(_row(requirement, AuditStatus.met, strong, in_force))
            continue
        fact_hit, fact_kind = _fact_hit(cues, facts)
        if fact_hit:
            rows.append(_row(requirement, AuditStatus.met, fact_hit, in_force))
        elif fact_kind and weak:
            weak.rule = f"fact+weak:{fact_kind}"
            rows.append(_row(requirement, AuditStatus.met, weak, in_force))
        elif weak:
            rows.append(_row(requirement, AuditStatus.partly, weak, in_force))
        else:
            rows.append(_row(requirement, AuditStatus.not_found, None, in_force))
    return rows


def is_annual_report(facts: list[dict[str, Any]]) -> bool:
    return any(f.get("kind") == "report" and f.get("document_kind") == "annual_report" for f in facts)

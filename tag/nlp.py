"""The spaCy pipeline: a blank English tokenizer, a sentencizer and span rulers fed from pattern files."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

import numpy
import spacy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

PATTERN_SET = "rules.v1"
# spans key -> the pattern files that feed it
RULERS: dict[str, tuple[str, ...]] = {
    "metric": ("metrics.jsonl",),
    "theme": ("themes.jsonl",),
    "cue": ("cues.jsonl", "breakdowns.jsonl"),
    "org_shape": ("organisations.jsonl",),  # organisation names by their form ("<Place> Council"), for names no register lists
}
LISTED_SPANS = "lscp_spans"  # doc.user_data[(LISTED_SPANS, key)]: the spans of doc.spans[key] as a list of Span objects
EXTRA_KEYS = ("org", "area")  # fed by the caller with reference data (organisation register, areas)


class PatternError(ValueError):
    pass


def load_patterns(name: str) -> list[dict]:
    """Read one JSONL pattern file shipped with the package, checking every line."""
    text = resources.files("lscp.tag").joinpath("patterns", name).read_text(encoding="utf-8")
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternError(f"{name}:{number}: not JSON ({exc})") from None
        check_pattern(row, f"{name}:{number}")
        out.append(row)
    return out


def check_pattern(row: dict, where: str) -> None:
    if not isinstance(row.get("label"), str) or not row["label"]:
        raise PatternError(f"{where}: a pattern needs a label")
    if not isinstance(row.get("pattern"), (str, list)) or not row["pattern"]:
        raise PatternError(f"{where}: a pattern needs a non-empty pattern")
    if not isinstance(row.get("id"), str):
        raise PatternError(f"{where}: a pattern needs an id")


@Language.factory("lscp_sentencizer")
def _make_sentencizer(nlp: Language, name: str) -> "ArraySentencizer":
    return ArraySentencizer(nlp, name)


class ArraySentencizer:
    """spaCy's rule-based Sentencizer: the same rule (a sentence ends after a run of '.', '!', '?'... at the first
    token that is no punctuation) and the same boundaries, worked out over the token arrays (ORTH, IS_PUNCT)
    instead of through a Token object per token, which was most of the sentencizer's time."""

    def __init__(self, nlp: Language, name: str = "lscp_sentencizer") -> None:
        self.name = name
        self.punct = {nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = [-1] * len(doc)
        starts[0] = 1
        start, seen_period, punct = 0, False, self.punct
        for i, (orth, is_punct) in enumerate(doc.to_array([ORTH, IS_PUNCT]).tolist()):
            in_punct = orth in punct
            if seen_period and not is_punct and not in_punct:
                starts[start] = 1
                start, seen_period = i, False
            elif in_punct:
                seen_period = True
        starts[start] = 1
        doc.from_array([SENT_START], numpy.array(starts, dtype="int32").astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("lscp_span_rulers", default_config={"validate": True})
def _make_rulers(nlp: Language, name: str, validate: bool) -> "SpanRulers":
    return SpanRulers(nlp, validate)


class SpanRulers:
    """Every rule set in one component: one Matcher for all token patterns and one PhraseMatcher per
    attribute (LOWER, ORTH), run once over a doc, each rule set's matches then written to its spans key.

    Each rule set gives what a spaCy SpanRuler of its own would (spans deduplicated and sorted, appended
    to the key's group in the order the rule sets were added), at the cost of one pass over the tokens;
    a key none of whose rules matched is left out of ``doc.spans`` rather than written as an empty group."""

    def __init__(self, nlp: Language, validate: bool = True):
        self.nlp = nlp
        self.validate = validate
        # token patterns by the words one of their tokens must be: a Matcher runs only on docs having one
        self.anchored: dict[frozenset[int], Matcher] = {}
        self.anchors_of: dict[int, list[frozenset[int]]] = {}  # word -> the anchors it is one of the words of
        self.phrase_matchers = {
            "lower": PhraseMatcher(nlp.vocab, attr="LOWER", validate=validate),
            "orth": PhraseMatcher(nlp.vocab, attr=None, validate=validate),
        }
        self.groups: list[str] = []  # spans key of each rule set, in the order they were added
        self.match_ids: dict[int, tuple[int, int, int]] = {}  # matcher key -> (rule set, label, id), strings as their hashes

    def add(self, key: str, mode: str, patterns: list[dict]) -> None:
        group = len(self.groups)
        self.groups.append(key)
        texts: list[tuple[str, str]] = []
        for entry in patterns:
            label, ident = entry["label"], entry.get("id", "")
            name = repr((group, label, ident))
            strings = self.nlp.vocab.strings
            self.match_ids[strings.add(name)] = (group, strings.add(label), strings.add(ident))
            if isinstance(entry["pattern"], str):
                texts.append((name, entry["pattern"]))
                continue
            anchor = frozenset(self.nlp.vocab.strings.add(word) for word in _anchor_words(entry["pattern"]))
            if anchor not in self.anchored:
                self.anchored[anchor] = Matcher(self.nlp.vocab, validate=self.validate)
                for word in anchor:
                    self.anchors_of.setdefault(word, []).append(anchor)
            self.anchored[anchor].add(name, [entry["pattern"]])
        for (name, _), doc in zip(texts, self.nlp.tokenizer.pipe(text for _, text in texts)):
            self.phrase_matchers[mode].add(name, [doc])

    def __call__(self, doc: Doc) -> Doc:
        found: list[set[Span]] = [set() for _ in self.groups]
        words = set(doc.to_array("LOWER").tolist()) if len(doc) else set()
        present = {anchor for word in words if word in self.anchors_of for anchor in self.anchors_of[word]}
        matchers = [m for anchor, m in self.anchored.items() if not anchor or anchor in present]
        matchers += [m for m in self.phrase_matchers.values() if len(m)]
        for matcher in matchers:
            for match_id, start, end in matcher(doc):
                if start != end:
                    group, label, ident = self.match_ids[match_id]
                    found[group].add(Span(doc, start, end, label=label, span_id=ident))
        listed: dict[str, list[Span]] = {}
        for key, spans in zip(self.groups, found):
            if spans:  # most blocks match few rule sets: no empty span groups to build
                group_spans = listed.get(key)
                if group_spans is None:
                    group_spans = list(doc.spans[key]) if key in doc.spans else []
                listed[key] = group_spans = group_spans + sorted(spans)
                doc.spans[key] = group_spans
        for key, group_spans in listed.items():
            # the same spans as a list, for the tagger's rules (reading them back from doc.spans builds each again)
            doc.user_data[(LISTED_SPANS, key)] = group_spans
        return doc


def _anchor_words(pattern: list[dict]) -> tuple[str, ...]:
    """The lower-case words one token a pattern needs must be (the fewest and longest such choice), or
    () when every token may be absent or is given by shape alone: a doc without them cannot match."""
    best: tuple[str, ...] = ()
    for spec in pattern:
        op = spec.get("OP", "1")
        if op in ("?", "*", "!") or re.fullmatch(r"\{0*(,\d*)?\}", op):
            continue
        values = None
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = spec.get(attr)
            if isinstance(value, str):
                values = (value.lower(),)
            elif isinstance(value, dict) and set(value) == {"IN"}:
                values = tuple(v.lower() for v in value["IN"])
            if values:
                break
        if values and (not best or _anchor_cost(values) < _anchor_cost(best)):
            best = values
    return best


# words in most paragraphs of these reports: a pattern anchored on one would run on nearly every doc
_COMMON_IN_REPORTS = frozenset({"child", "children", "young", "people", "safeguarding", "partnership", "partners"})


def _anchor_cost(values: tuple[str, ...]) -> tuple[int, int, int]:
    """Rarer anchors first: words that are neither stop words nor common in these reports, then fewer
    alternatives, then longer words."""
    common = sum(1 for v in values if v in STOP_WORDS or v in _COMMON_IN_REPORTS)
    return common, len(values), -min(map(len, values))


def _add_ruler(rulers: SpanRulers, key: str, patterns: list[dict]) -> None:
    groups = {
        "lower": [p for p in patterns if not p.get("exact")],
        "orth": [p for p in patterns if p.get("exact")],
    }
    for mode, group in groups.items():
        if group:
            rulers.add(key, mode, [{k: p[k] for k in ("label", "pattern", "id")} for p in group])


def build_nlp(extra: dict[str, Iterable[dict]] | None = None) -> Language:
    """A blank English pipeline with the shipped rules plus ``extra`` patterns per spans key."""
    nlp = spacy.blank("en")
    # "Domestic abuse- children as victims": a dash closing a word before a space is punctuation, not part of it
    # "... was £172K. The Council ...": a full stop after an amount's K or M ends the sentence
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=[A-Za-z]{2})-$", r"(?<=\d[KkMm])\.$"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("lscp_sentencizer")
    rulers: SpanRulers = nlp.add_pipe("lscp_span_rulers")
    for key, files in RULERS.items():
        patterns = [row for name in files for row in load_patterns(name)]
        _add_ruler(rulers, key, patterns)
    for key, rows in (extra or {}).items():
        if key not in EXTRA_KEYS:
            raise PatternError(f"unknown spans key {key!r} for extra patterns")
        rows = list(rows)
        for number, row in enumerate(rows, start=1):
            check_pattern(row, f"{key} pattern {number}")
        _add_ruler(rulers, key, rows)
    return nlp


@lru_cache(maxsize=4)
def cached_nlp(extra_key: tuple[tuple[str, tuple[tuple[str, str, str, bool], ...]], ...]) -> Language:
    extra = {key: [{"label": l, "pattern": p, "id": i, "exact": e} for l, p, i, e in rows] for key, rows in extra_key}
    return build_nlp(extra)

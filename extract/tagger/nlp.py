"""The spaCy pipeline: a blank English tokenizer, a sentencizer and span rulers fed from pattern files."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Iterable

import spacy
from spacy.language import Language

PATTERN_SET = "rules.v1"
# spans key -> the pattern files that feed it
RULERS: dict[str, tuple[str, ...]] = {
    "metric": ("metrics.jsonl",),
    "theme": ("themes.jsonl",),
    "cue": ("cues.jsonl", "breakdowns.jsonl"),
    "org_shape": ("organisations.jsonl",),  # organisation names by their form ("<Place> Council"), for names no register lists
}
EXTRA_KEYS = ("org", "area")  # fed by the caller with reference data (organisation register, areas)


class PatternError(ValueError):
    pass


def load_patterns(name: str) -> list[dict]:
    """Read one JSONL pattern file shipped with the package, checking every line."""
    text = resources.files("extract").joinpath("patterns", name).read_text(encoding="utf-8")
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


def _add_ruler(nlp: Language, key: str, patterns: list[dict]) -> None:
    groups = {
        "lower": [p for p in patterns if not p.get("exact")],
        "orth": [p for p in patterns if p.get("exact")],
    }
    for mode, group in groups.items():
        if not group:
            continue
        ruler = nlp.add_pipe(
            "span_ruler",
            name=f"{key}_{mode}",
            config={
                "spans_key": key,
                "phrase_matcher_attr": "LOWER" if mode == "lower" else None,
                "validate": True,
                "overwrite": False,
            },
        )
        ruler.add_patterns([{k: p[k] for k in ("label", "pattern", "id")} for p in group])


def build_nlp(extra: dict[str, Iterable[dict]] | None = None) -> Language:
    """A blank English pipeline with the shipped rules plus ``extra`` patterns per spans key."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for key, files in RULERS.items():
        patterns = [row for name in files for row in load_patterns(name)]
        _add_ruler(nlp, key, patterns)
    for key, rows in (extra or {}).items():
        if key not in EXTRA_KEYS:
            raise PatternError(f"unknown spans key {key!r} for extra patterns")
        rows = list(rows)
        for number, row in enumerate(rows, start=1):
            check_pattern(row, f"{key} pattern {number}")
        _add_ruler(nlp, key, rows)
    return nlp


@lru_cache(maxsize=4)
def cached_nlp(extra_key: tuple[tuple[str, tuple[tuple[str, str, str, bool], ...]], ...]) -> Language:
    extra = {key: [{"label": l, "pattern": p, "id": i, "exact": e} for l, p, i, e in rows] for key, rows in extra_key}
    return build_nlp(extra)

"""Short names a document gives its organisations in budget sentences ('the ICB', 'the police', the place alone)."""

from __future__ import annotations

import re
from functools import lru_cache

from .orgs import org_spans
from .segments import TaggedDocument


def short_names(tagged: TaggedDocument) -> list[tuple[re.Pattern, str]]:
    """Short names the document gives its organisations in budget sentences, each with the full name it named
    before: the place alone ('Glanmorfa' for Glanmorfa Council), 'the ICB', 'the health board', 'the police',
    'the Community Rehabilitation Company' when one organisation of the document answers to it."""
    names: list[str] = []
    for seg in tagged.segments:
        for _, _, name, canonical in org_spans(seg):
            full = canonical or re.sub(r"^the\s+", "", name, flags=re.I)
            if full not in names and len(full.split()) >= 2:
                names.append(full)
    candidates: dict[str, set[str]] = {}
    for full in names:
        place = _COUNCIL_KIND.sub("", full).strip()
        if place != full and place:
            candidates.setdefault(re.escape(place), set()).add(full)
        for kind, short in _KIND_SHORT:
            if re.search(kind, full, re.I):
                candidates.setdefault(short, set()).add(full)
        words = full.split()
        for n in range(2, min(4, len(words))):  # "the Community Rehabilitation Company"
            candidates.setdefault(r"the\s+" + re.escape(" ".join(words[-n:])), set()).add(full)
    return [(_word_pattern(key), next(iter(fulls))) for key, fulls in candidates.items() if len(fulls) == 1 and not fulls <= {key}]


@lru_cache(maxsize=4096)
def _word_pattern(key: str) -> re.Pattern:
    """One compiled pattern per name, kept across documents (the regex module's own cache is smaller than the
    names a batch meets)."""
    return re.compile(r"\b" + key + r"\b", re.I if key.startswith("the") else 0)


_COUNCIL_KIND = re.compile(r"(?:\s+(?:county|city|borough|district|metropolitan|town|unitary))*\s+council$", re.I)
_KIND_SHORT = (
    (r"integrated care board|\bICB$", r"the\s+(?:ICB|integrated\s+care\s+board)"),
    (r"clinical commissioning group|\bCCG$", r"the\s+(?:CCG|clinical\s+commissioning\s+group)"),
    (r"council$", r"the\s+council"),  # "the council paying 55 per cent": the one council the document names
    (r"health board$", r"the\s+(?:university\s+)?health\s+board"), (r"police$|constabulary$", r"the\s+(?:police|constabulary|force)"),
)

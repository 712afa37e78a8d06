"""Organisation names to canonical names, against the register, with rapidfuzz for near misses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from .reference import organisations

FUZZY_CUTOFF = 90
_TYPE_WORDS = [
    ("police", r"\bpolice\b|constabulary"),
    ("fire", r"\bfire\b"),
    ("probation", r"probation"),
    ("cafcass", r"cafcass|family court advisory"),
    ("youth_justice", r"youth (justice|offending)|\byos\b|\byjs\b"),
    ("health", r"\bnhs\b|trust\b|integrated care|\bicb\b|\bccg\b|clinical commissioning|health|hospital|public health|ambulance"),
    ("education", r"education|school|college|academ"),
    ("voluntary", r"voluntary|\bcvs\b|charity|community action|\baction\b"),
    ("local_authority", r"council|borough|corporation|county|local authority"),
]


@dataclass(frozen=True)
class ResolvedOrg:
    name: str
    org_type: str
    known: bool


@cache
def _forms() -> dict[str, tuple[str, str, bool]]:
    """casefolded form -> (form as written in the register, canonical, is a full name)."""
    out = {}
    for org in organisations():
        out[org.canonical.casefold()] = (org.canonical, org.canonical, True)
        for name in org.names:
            out[name.casefold()] = (name, org.canonical, True)
        for alias in org.aliases:
            out[alias.casefold()] = (alias, org.canonical, False)
    return out


@cache
def _by_canonical() -> dict[str, str]:
    return {org.canonical: org.org_type for org in organisations()}


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:()-–")
    return re.sub(r"^the\s+", "", name, flags=re.I)


def guess_org_type(name: str) -> str:
    low = name.lower()
    for org_type, pattern in _TYPE_WORDS:
        if re.search(pattern, low):
            return org_type
    return "other"


def resolve_org(surface: str, canonical_hint: str | None = None) -> ResolvedOrg:
    """A full name the register knows is kept as written; an alias becomes the canonical name."""
    name = _clean(surface)
    forms = _forms()
    entry = forms.get(name.casefold())
    if entry is None and canonical_hint in _by_canonical():
        entry = (canonical_hint, canonical_hint, True)
    if entry is None:
        match = process.extractOne(name.casefold(), list(forms), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
        if match:
            entry = forms[match[0]]
    if entry is None:
        shown = name.title() if name.isupper() and len(name) > 5 else name
        return ResolvedOrg(shown, guess_org_type(name), False)
    written, canonical, is_full = entry
    return ResolvedOrg(written if is_full else canonical, _by_canonical()[canonical], True)

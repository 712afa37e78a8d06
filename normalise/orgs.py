"""Organisation names to canonical names, against the register, with rapidfuzz for near misses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from .reference import organisations

FUZZY_CUTOFF = 90
_SAME_WORD = 85  # how alike (rapidfuzz ratio) each distinctive word of a near miss must be to one of the register name's
_TYPE_WORDS = [
    ("local_authority", r"\bchildren['’]?s (?:services )?trust$"),  # a council's company for its children's services
    ("education", r"\b(?:learning|academy|academies|education|schools?) trust\b|\bacadem(?:y|ies)$"),  # not an NHS trust
    ("police", r"\bpolice\b|constabulary"),
    ("fire", r"\bfire\b"),
    ("probation", r"probation|rehabilitation company"),
    ("cafcass", r"cafcass|family court advisory"),
    ("youth_justice", r"youth (justice|offending)|\byos\b|\byjs\b"),
    ("voluntary", r"\b(?:family|families|youth|carers) trust$"),  # "Gorsemoor Family Trust": a charity, not an NHS trust
    ("voluntary", r"^healthwatch\b"),  # the local Healthwatch: a statutory watchdog run as a charity, not a health body
    ("health", r"\bnhs\b|trust\b|integrated care|\bicb\b|\bccg\b|clinical commissioning|health|hospital|public health|ambulance"),
    ("education", r"education|school|college|academ|\bheads\b|headteacher|learning partnership"),
    ("voluntary", r"voluntary|\bcvs\b|charity|community action|\baction\b|home-?start|women['’]?s aid|citizens advice|mencap|rape crisis|\bmind$|samaritans"),
    ("local_authority", r"council|borough|corporation|county|local authority"),
]


_HEALTH_NAMES = {"ICB": "Integrated Care Board", "CCG": "Clinical Commissioning Group"}
HEALTH_ABBREVIATION = re.compile(r"(?<=\w\s)(ICB|CCG)$")


@dataclass(frozen=True)
class ResolvedOrg:
    name: str
    org_type: str
    known: bool
    canonical: str = ""


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
def _form_list() -> list[str]:
    return list(_forms())


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


def _completions(name: str) -> list[str]:
    """A name as written, then with the endings reports leave off: 'North West Anglia Hospitals' for the
    NHS Foundation Trust, 'Cambridgeshire Fire and Rescue' for the Service."""
    out = [name]
    if "&" in name:
        out.append(re.sub(r"\s*&\s*", " and ", name))  # "City & Hackney CCG"
    if not re.search(r"\btrust$", name, re.I):
        out += [f"{name} NHS Foundation Trust", f"{name} NHS Trust"]
        if re.search(r"foundation$", name, re.I):
            out.append(f"{name} Trust")
        if re.search(r"\bfoundation trust$", name, re.I) and not re.search(r"\bnhs\b", name, re.I):
            out.append(re.sub(r"\s+foundation trust$", " NHS Foundation Trust", name, flags=re.I))
    if re.search(r"\b(fire and rescue|ambulance|youth justice|probation)$", name, re.I):
        out.append(f"{name} Service")
    # "X Community & Voluntary Services": the name a council for voluntary service also goes by
    variant = re.match(r"(.+?)\s+Community\s+(?:&|and)\s+Voluntary\s+Services?$", name, re.I)
    if variant:
        out.append(f"{variant.group(1)} Council for Voluntary Service")
    return out


_GENERIC_WORDS = frozenset(
    "nhs clinical commissioning group integrated care board council police constabulary trust foundation service services "
    "hospital hospitals university community health partnership and of the for city borough county district metropolitan "
    "fire rescue youth justice offending probation rehabilitation company voluntary action network forum schools college".split()
)


def _same_place(name: str, form: str) -> bool:
    """A near miss of a register name must be a near miss word for word in the words of its own, not only in the
    words of its kind: 'NHS Northfield CCG' is not 'NHS Sheffield CCG', nor 'Thamesmead Valley Police' 'Thames Valley
    Police' (a place of another name), while 'Greywald Police' may be a misspelt 'Greywold Police'."""
    own = {w for w in re.findall(r"[a-z]+", name.casefold()) if w not in _GENERIC_WORDS and len(w) > 2}
    other = {w for w in re.findall(r"[a-z]+", form.casefold()) if w not in _GENERIC_WORDS and len(w) > 2}
    if not own or not other:
        return True
    return all(any(fuzz.ratio(word, known) >= _SAME_WORD for known in other) for word in own)


def load_register() -> None:
    """Build the register's look-up tables now rather than on the first name that needs them."""
    _forms()
    _form_list()
    _by_canonical()


@lru_cache(maxsize=8192)  # the register is fixed for the process; reports name the same bodies again and again
def resolve_org(surface: str, canonical_hint: str | None = None) -> ResolvedOrg:
    """A full name the register knows is kept as written; an alias becomes the canonical name."""
    name = _clean(surface)
    forms = _forms()
    entry = forms.get(name.casefold())
    if entry is None and canonical_hint in _by_canonical():
        entry = (canonical_hint, canonical_hint, True)
    if entry is None and HEALTH_ABBREVIATION.search(name):
        # "NHS Greywold ICB": the board's full name, as the register would hold it
        return resolve_org(HEALTH_ABBREVIATION.sub(lambda m: _HEALTH_NAMES[m.group(0)], name), canonical_hint)
    if entry is None:
        for candidate in _completions(name):
            entry = forms.get(candidate.casefold())
            if entry is None:
                match = process.extractOne(candidate.casefold(), _form_list(), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
                entry = forms[match[0]] if match and _same_place(candidate, match[0]) else None
            if entry is not None:
                break
    if entry is None:
        shown = name.title() if name.isupper() and len(name) > 5 else name
        return ResolvedOrg(shown, guess_org_type(name), False, shown)
    written, canonical, is_full = entry
    return ResolvedOrg(written if is_full else canonical, _by_canonical()[canonical], True, canonical)

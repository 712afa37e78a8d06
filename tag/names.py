"""Names the text gives without the usual form: councils by the places before 'Council', and partnerships named only
by their board words and the places after them, by a place and 'Safeguarding', or by an acronym alone."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .segments import TaggedDocument

_COUNCIL_TYPE = r"(?:City|Borough|County|District|Metropolitan|Royal|London|Council)"
_PLACE_WORD = r"(?!(?:" + _COUNCIL_TYPE[3:-1] + r"|The|This|That|Our|Each|Both|All|Every|Town|Parish|Local|Unitary|Other|Partner|Services?|Children|Director|Officer|Manager|Head|Chief|Lead|Care|Health|Social|Safeguarding|Partnership|Board)\b)[A-Z][a-z][\w'’-]*"
_COUNCIL = re.compile(
    r"\b(?:(?:City|Royal Borough|London Borough|Borough|County) of\s+(?P<of>" + _PLACE_WORD + r"(?:\s+" + _PLACE_WORD + r")?)"
    r"|(?P<place>" + _PLACE_WORD + r"(?:\s+(?:and\s+)?" + _PLACE_WORD + r")?)\s+(?:(?:City|Borough|County|District|Metropolitan Borough|County Borough)\s+)?Council)\b"
)


def _councils(text: str) -> list[str]:
    """The places whose councils a text names ('Linwick Borough Council', 'the City of Sallowford'), in order."""
    out: list[str] = []
    for match in _COUNCIL.finditer(text):
        place = match.group("of") or match.group("place")
        if place not in out:
            out.append(place)
    return out


_PLACE_NAME = r"(?!(?:The|This|That|Our|Children|Young|People|England|Wales|Local|Area|Year|April|March)\b)[A-Z][\w'’-]+(?:\s+(?!and\b)[A-Z][\w'’-]+){0,2}"
# "the LSCB for Quarrendale, Eskby and Holme Wold", "the Local Safeguarding Children Board for X and Y": a board named
# after its board words, the places it serves following them
_BOARD_FOR = re.compile(
    r"\b(?P<board>LSCB|(?:Local\s+)?Safeguarding\s+Children(?:['’]?s)?\s+Board|Children(?:['’]?s)?\s+Safeguarding\s+Board)"
    r"\s+for\s+(?:the\s+)?(?:(?:areas?|boroughs|councils|counties)\s+of\s+)?"
    r"(?P<places>" + _PLACE_NAME + r"(?:\s*,\s*" + _PLACE_NAME + r")*(?:,?\s+(?:and|&)\s+" + _PLACE_NAME + r")?)"
)


# "Brackwater Safeguarding is the partnership for children and adults": a merged body named by its place and one word
_PLACE_SAFEGUARDING = re.compile(
    r"\b(?P<place>" + _PLACE_NAME + r")\s+Safeguarding\b(?!['’]|[ \t]+(?:[A-Z]|and\b|&|of\b|for\b|in\b|at\b|arrangements\b|practice\b|partners\b))"
)


_REPORT_AFTER = re.compile(r"\s+(?:(?:19|20)\d\d\s*[-/–]\s*(?:20)?\d\d\s+)?(?:Annual|Yearly)\s+Report\b")
_NOT_PLACES = {"adult", "adults", "children", "children's", "children’s", "corporate", "annual", "joint", "health", "education",
               "school", "schools", "council", "county", "contextual", "family", "community", "multi-agency", "integrated", "local"}


def _place_safeguarding(text: str) -> str | None:
    """A partnership the text names only as '<place> Safeguarding' (two times or more), its place one whose council
    the text names: the name of a body for children and adults."""
    councils = set(_councils(text))
    # or one whose name is a report's: 'X Safeguarding 2019-2020 Annual Report'
    councils |= {m.group("place") for m in _PLACE_SAFEGUARDING.finditer(text) if _REPORT_AFTER.match(text, m.end())
                 and not set(m.group("place").lower().split()) & _NOT_PLACES}
    names = Counter(m.group("place") for m in _PLACE_SAFEGUARDING.finditer(text) if m.group("place") in councils)
    if not names:
        return None
    place, count = names.most_common(1)[0]
    return f"{place} Safeguarding" if count >= 2 else None


def _board_for(text: str) -> str | None:
    """A board the text names only by its board words and the places after them, each place one whose council the
    text names (so that 'the LSCB for Children' or 'the Board for April' is no name)."""
    councils = set(_councils(text))
    names: Counter[str] = Counter()
    for match in _BOARD_FOR.finditer(text):
        places = [p.strip() for p in re.split(r"\s*,\s*|\s+(?:and|&)\s+", match.group("places")) if p.strip()]
        if not places or not all(p in councils for p in places):
            continue
        board = "Local Safeguarding Children Board" if match.group("board") == "LSCB" else re.sub(r"\s+", " ", match.group("board"))
        served = re.sub(r"\s+", " ", match.group("places"))
        names[f"{board} for {served}"] += 1
    return names.most_common(1)[0][0] if names else None


_ACRONYM = re.compile(r"\b([A-Z]{1,3})(SCP|SCB)\b")
_ACRONYM_NAMES = {"SCP": "Safeguarding Children Partnership", "SCB": "Safeguarding Children Board"}


def partnership_from_acronym(tagged: TaggedDocument, areas: list[str]) -> str | None:
    """Minutes that only write the acronym ('the CSCP'): the partnership of the area the text names most,
    when the acronym's first letters are that area's initials."""
    if not areas:
        return None
    counts = Counter(m.groups() for m in _ACRONYM.finditer(tagged.document.text))
    area = areas[0]
    initials = _initials(area)
    for (prefix, kind), _ in counts.most_common():
        if prefix in (initials, initials[:1]) or prefix == "L" + initials:
            return f"{area} {_ACRONYM_NAMES[kind]}"
    return None


def _spelled_by_acronym(tagged: TaggedDocument, area_names: set[str]) -> tuple[str | None, list[str]]:
    """A page that names its partnership only by acronym and no area ('the ESSCP'): the partnership of the one
    area of the register whose initials the acronym's first two or three letters are."""
    counts = Counter(m.groups() for m in _ACRONYM.finditer(tagged.document.text))
    for (prefix, kind), _ in counts.most_common():
        spelled = [a for a in area_names if len(prefix) >= 2 and _initials(a) == prefix]
        if len(spelled) == 1:
            return f"{spelled[0]} {_ACRONYM_NAMES[kind]}", spelled
    return None, []


def _initials(area: str) -> str:
    """The first letters of an area's capitalised words: 'East Sussex' -> 'ES', 'City of York' -> 'CY'."""
    return "".join(word[0] for word in area.split() if word[0].isupper())

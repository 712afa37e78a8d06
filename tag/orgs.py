"""Organisation names in a sentence: the register's, and names of a known form the register lacks."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind

from .segments import Segment

_ORG_SUFFIX = re.compile(r"\b(Council|Board|Police|Trust|Constabulary|Service|Services|Group|Team|Brigade|Commissioner)\b")
# ("Y" and "N" are the present and apologies marks of an attendance table run together: "..., Y Tarnbury County Council")
_LEADING = re.compile(r"^((The|A|An|Y|N|Our|In|At|By|From|With|And|For|To|Of|Both|All|Each|This|That|These|Local|Key|Also|Including|Whilst|While|Where|When)\s+)+")
_GENERIC_SHAPE = re.compile(
    r"^((Chief )?Officers? of Police|Chief Constable|Local Authorit(y|ies)|Police and Crime Commissioner(?! for [A-Z]))\b"
    r"|^(Health|Housing|Education|Schools?|Probation|Police|Social Care|Children'?s Services)\s*(,|and|&)\s(?!Crime Commissioner\b)", re.I
)


_ROLE_OF = re.compile(
    r"^(?:(?:Chief|Deputy|Assistant|Executive|Interim|Acting|Corporate|Strategic)\s+)*"
    r"(?:Executive|Constable|Officer|Director|Leader|Chair|Head|Commander|Nurse|Superintendent)\s+(?:of|for|at)\s+(?:the\s+)?"
)
# "Carl Brooke of Fennick Voluntary Action": a person before the organisation they come from (not "Royal Borough of
# X", "Isle of Y", "Office of Z": words that begin names of their own)
_PERSON_OF = re.compile(
    r"^(?!(?:Royal|Borough|City|County|Isle|Isles|Office|Diocese|University|Council|Bank|Vale|Forest|Duchy|Corporation|Port|Mayor|"
    r"District|Metropolitan|Town|Greater|Bishop|Church|Chief|Head|Director|Chair|Lead|Members?|Representatives?|Partners?)\b)"
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?!(?:Borough|City|County|Isle|Office|Diocese|University|Council|Vale|Forest|District|Town)\b)"
    r"[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\s+of\s+(?=[A-Z]\w*\s+[A-Z])"
)
# national federations whose member charities are named by their place: "Brackwater Women's Aid", "Home-Start Eskby"
_LOCAL_BRANDS = frozenset({"Home-Start UK", "Women's Aid Federation of England", "Citizens Advice", "Royal Mencap Society", "Rape Crisis England & Wales"})
_PLACE_AFTER_BRANDS = frozenset({"Home-Start UK"})  # "Home-Start <place>"
_NOT_A_PLACE = frozenset(
    "the a an our their its this that these and or of for to in at by with from both all each also including include includes local "
    "national regional uk england english british partners partner agencies agency organisations such as sector community voluntary "
    "charity charities council police nhs service services board partnership trust safeguarding children young people families family "
    "support group groups forum network january february march april may june july august september october november december".split()
)
_SECOND_ORG = re.compile(r"\s+(?:and|&)\s+(?:[A-Z][\w'’-]*\s+)+(?:Voluntary|Action|Service|Services|Council|Police|Trust|Board|Team|Group|Network|Forum)\b")
_TITLE_RUN = re.compile(r"(?:[ \t]+[A-Z][\w'’-]*)+")
_INNER_NAME = re.compile(r"\bCouncil for Voluntary\b|\bPolice(?:,? Fire)? and Crime Commissioner\b")
# "the City Council", "the County Council": a council without its place, no name of its own
_PLACELESS = re.compile(r"(?:(?:City|County|Borough|District|Town|Parish|Metropolitan|Unitary)\s+)+Council")


def org_spans(seg: Segment) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, canonical) of the organisations a sentence names: the register's names, and names
    of a known form ('Amberleigh Council', 'NHS Greywold Integrated Care Board') that the register lacks.

    Worked out once per sentence: partners and finance both ask."""
    if seg.orgs is None:
        seg.orgs = _org_spans(seg)
    return seg.orgs


def _org_spans(seg: Segment) -> list[tuple[int, int, str, str]]:
    spans = seg.spans("org")
    spans = [s for s in spans if not any(o.start <= s.start and s.end <= o.end and len(o) > len(s) for o in spans)]
    found = [_local_brand(s) or (s.start_char, s.end_char, s.text, s.id_) for s in spans]
    shapes = []
    people: list[tuple[int, int]] = []  # where a person's name stood before an organisation's
    watch: list[tuple[int, int]] = []  # a Healthwatch's name cut before a second body's
    for span in seg.spans("org_shape"):
        doc = span.doc
        if span.end < len(doc) and len(span) > 2 and not doc[span.end - 1].whitespace_ and doc[span.end].text in ("-", "‐"):
            span = doc[span.start : span.end - 1]  # "... Vale All-age Safeguarding Partnership": the name stops before "All-"
        text = span.text
        trimmed = _ROLE_OF.sub("", _LEADING.sub("", text))  # "the Chief Executive of X Council": the council
        person = _PERSON_OF.match(trimmed)
        if person:  # "Carl Brooke of Fennick Voluntary Action": the organisation, not "Brooke of ..." either
            people.append((span.start_char + len(text) - len(trimmed), span.start_char + len(text) - len(trimmed) + person.end()))
            trimmed = trimmed[person.end() :]
        start = span.start_char + len(text) - len(trimmed)
        # a name's own inner words ('Council for Voluntary Service', 'Office of the Police and Crime Commissioner')
        # are not the end of another organisation's name
        inner = _INNER_NAME.sub("x", trimmed)
        head = inner[: -len(inner.split()[-1])] if inner.split() else ""
        if len(trimmed.split()) < 2 or _ORG_SUFFIX.search(head.rsplit(" ", 3)[0] if len(head.split()) > 3 else "") or re.search(
            r"\b(Council|Board|Police|Trust|Constabulary|Group|Partnership|Service|Services|Forum|Company|Team|Action|Network|Association|Alliance|College|Unit|Academy|Mind)\b\s+(and|&)\s", inner
        ):
            continue
        cut = None
        if trimmed.startswith("Healthwatch "):
            following = _TITLE_RUN.match(doc.text[span.end_char : span.end_char + 120])
            whole = trimmed + (following.group(0) if following else "")
            cut = _SECOND_ORG.search(whole)
        if cut and cut.start() < len(trimmed):  # "Healthwatch Fenwarden and Fenwarden Voluntary Action": two bodies
            start = span.start_char + len(text) - len(trimmed)
            joiner = re.match(r"\s+(?:and|&)\s+", whole[cut.start() :])
            watch.append((start, start + cut.start()))
            shapes.append((start + cut.start() + joiner.end(), start + len(whole), whole[cut.start() + joiner.end() :], ""))
            trimmed = trimmed[: cut.start()]
        if _GENERIC_SHAPE.search(trimmed) or _PLACELESS.fullmatch(trimmed):
            continue  # "the Chief Officer of Police": the role, not a force; "Health, Housing and Police": sectors
        shapes.append((start, start + len(trimmed), trimmed, ""))
    shapes = [shape for shape in shapes if not any(a < shape[0] < b for a, b in people + watch)]
    shapes.sort(key=lambda s: s[0] - s[1])  # longest first
    for shape in shapes:
        if not any(a < shape[1] and shape[0] < b for a, b, _, _ in found):
            found.append(shape)
    return found


def _place_word(token) -> bool:
    return token.is_title and not token.is_punct and token.lower_ not in _NOT_A_PLACE and token.is_alpha


def _local_brand(span) -> tuple[int, int, str, str] | None:
    """A federation's name with a place before it ('Brackwater Women's Aid') or, for Home-Start, after it
    ('Home-Start Eskby'): the local charity, whose own name the register does not hold."""
    if span.id_ not in _LOCAL_BRANDS:
        return None
    doc, start, end = span.doc, span.start, span.end
    while start > 0 and span.start - start < 2 and doc[start - 1].whitespace_ and _place_word(doc[start - 1]):
        start -= 1
    if span.id_ in _PLACE_AFTER_BRANDS:
        while end < len(doc) and end - span.end < 2 and doc[end - 1].whitespace_ and _place_word(doc[end]):
            end += 1
    if (start, end) == (span.start, span.end):
        return None
    local = doc[start:end]
    return (local.start_char, local.end_char, local.text, "")


_COUNCIL_WORD = re.compile(r"\bCouncil\b")
_COUNCIL_QUALIFIERS = [re.compile(r"\s" + q + r"$") for q in ("County Borough", "Metropolitan Borough", "City", "Borough", "County", "District")]
_WORD_CHAR = re.compile(r"\w")


def council_ends(text: str) -> list[str]:
    """The text standing before each 'Council' (and before its 'Borough', 'City'... qualifier), up to the
    whitespace in between: what a name must end to be followed by 'Council'."""
    ends: list[str] = []
    for match in _COUNCIL_WORD.finditer(text):
        before = text[max(0, match.start() - 200) : match.start()]
        if not before[-1:].isspace():
            continue
        end = before.rstrip()
        ends.append(end)
        for qualifier in _COUNCIL_QUALIFIERS:
            found = qualifier.search(end)
            if found:
                ends.append(end[: found.start() + 1].rstrip())
    return ends


def ends_with_word(text: str, name: str) -> bool:
    """Whether ``text`` ends with ``name`` standing after a word boundary (as the regex \\b before a name that
    starts with a letter)."""
    return text.endswith(name) and not _WORD_CHAR.match(text[-len(name) - 1 : -len(name)] or " ")


# a local service named without its place ("the Youth Justice Service", "the Voluntary Action", "Healthwatch"):
# in a partnership's own report, the one of the partnership's place
_PLACELESS_SERVICE = re.compile(r"\b(?:(?P<the>the)\s+)?(?P<name>Youth Justice Service|Youth Offending (?:Service|Team)|Voluntary Action|Healthwatch)\b(?! +[A-Z&])")
_PLACE_OF_PARTNERSHIP = re.compile(r"\s+(?:Local\s+|Regional\s+)?(?:Safeguarding|Children)")


def placeless_services(seg: Segment, partnership: str | None) -> list[tuple[int, int, str]]:
    """(start, end, full name) of the local services a sentence names without their place, given the place the
    partnership's name starts with; not those a place word stands before ('Kestermoor Youth Justice Service')."""
    if not partnership or not any(word in seg.text for word in ("Youth", "Voluntary Action", "Healthwatch")):
        return []
    place = _PLACE_OF_PARTNERSHIP.split(partnership)[0].strip()
    if not place or place == partnership.strip():
        return []
    base = seg.sent.start_char if seg.sent is not None else 0
    taken = [(a - base, b - base) for a, b, _, _ in org_spans(seg)]
    out = []
    for match in _PLACELESS_SERVICE.finditer(seg.text):
        before = seg.text[: match.start()]
        if any(a < match.end() and match.start() < b for a, b in taken) or re.search(r"(?:^|\s)[A-Z][\w'’-]* +$", before) and not match.group("the"):
            continue
        name = match.group("name")
        if not match.group("the") and (name == "Voluntary Action" or name != "Healthwatch" and seg.kind not in (BlockKind.list_item, BlockKind.table)):
            continue  # "attendance from Police, Education, Health, Youth Offending Team": sectors, in prose without 'the'
        name = match.group("name")
        full = f"Healthwatch {place}" if name == "Healthwatch" else f"{place} {name}"
        out.append((base + match.start("name"), base + match.end("name"), full))
    return out

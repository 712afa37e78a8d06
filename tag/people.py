"""People named with a role: in sentences, table rows, attendance lines and signatures."""

from __future__ import annotations

import re
from typing import Iterator

from lscp.schemas import BlockKind, PersonMention

from .context import DocContext
from .segments import MAX_NAME_ITEM_WORDS, TaggedDocument


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[PersonMention]:
    return _with_roles(people(tagged, ctx.places), tagged)


_TITLE = r"(?:Dr|Cllr|Councillor|Professor|Prof|Reverend|Revd|Rev|Mrs|Mr|Ms|Miss)\.?"
_NAME = r"((?:" + _TITLE + r"\s+)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
_TWO_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:Mc|Mac|O')?[A-Z][a-z]")  # what any _NAME holds
_NAME_THEN_ROLE = re.compile(_NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?\s*(?:,|\(|–|-|:)\s*(?:the\s+|our\s+)?([^)\n;]{3,120})")
_ROLE_THEN_NAME = re.compile(r"(?:[Ii]ndependent [A-Z]?[a-z]+(?: [A-Z]?[a-z]+)?|[Cc]hair|[Dd]irector[^,.;]{0,60}|[Ss]cru[a-z]+|[Mm]anager|[Cc]ommander|[Ss]uperintendent|[Nn]urse)\s*,?\s+" + _NAME)
_NOT_PERSON_WORDS = {
    "Safeguarding", "Children", "Council", "Police", "Partnership", "Board", "Service", "Services", "Trust", "Health", "Care",
    "Executive", "Director", "Independent", "Local", "National", "Chief", "Young", "People", "Child", "Review", "Annual", "Report",
    "London", "Borough", "City", "County", "Integrated", "North", "South", "East", "West", "Central", "Basic", "Command", "Unit",
    "Metropolitan", "Early", "Help", "Public", "Social", "Family", "Families", "Education", "Learning", "Practice", "Panel",
    "Group", "Team", "Commissioner", "Scrutineer", "Chair", "Manager", "Head", "Lead", "Designated", "Officer", "Deputy", "Assistant",
    "Detective", "Superintendent", "Nurse", "Section", "Priority", "Working", "Together", "Domestic",
    "Abuse", "Multi", "Agency", "The", "Our", "Dear", "Thank", "Mental", "Community", "Strategic", "Corporate", "Clinical",
    "Commissioning", "Quality", "Assurance", "Youth", "Justice", "Probation", "Fire", "Brigade", "Ambulance", "Foundation", "Royal",
    "Department", "Ofsted", "Cabinet", "Member", "Members", "Committee", "Scrutiny", "Chairs", "Adult", "Adults", "Voluntary",
    "Reviews", "Practise", "Action", "By", "Town", "Clerk", "Report", "Reports", "Summary", "Contact", "Details", "Date",
    "District", "Constabulary", "Hospital", "Councillors", "Present", "Apologies", "Hospitals", "Integrated", "Borough", "Healthwatch", "Diocese", "Commander",
    # words of addresses and venues ('Civic Offices, Market Street', '5 Pancras Square'), never a surname
    "Offices", "Office", "Street", "Road", "Avenue", "Square", "Centre", "Center", "Chamber", "Chambers", "Building", "Buildings", "Crescent",
}
_ROLE_WORDS = re.compile(
    r"(independent [a-z]+|chair|director|scrutineer|commissioner|commander|superintendent|nurse|manager|head of|chief|"
    r"officer|lead|clerk|advisor|adviser)", re.I)
_COUNCILLOR = re.compile(r"(?:Councillor|Cllr)\b")
_MEMBER_WORDS = re.compile(r"\b(member|vice[- ]chair|chair|co-opted|clerk|officer|representative)\b", re.I)
_ATTENDANCE_LINE = re.compile(r"^\W*(also\s+)?(present|in attendance|attendees|members present)\b", re.I)
_SUCCESSOR = re.compile(r"\b(?:replaced by|succeeded by|taking over from|took over from|succeeding|replacing)\s+" + _NAME)


_ROLE_LEAD = re.compile(
    r"(Independent|Chair|Director|Executive|Head of|Business Manager|Partnership Manager|Chief|Detective|Superintendent|Commander|"
    r"Scrutineer|Commissioner|Designated|Corporate|Strategic|Assistant|Deputy|Accountable)\b")


def _plausible_name(name: str, places: frozenset[str] = frozenset()) -> bool:
    """Two or more words, none a word of organisations or roles, and not opening with a place the areas
    register knows ('Harbourside Learning', 'Kingsbridge Youth'): a place phrase, not a person."""
    words = re.sub(r"^" + _TITLE + r"\s+", "", name).split()
    if len(words) < 2 or any(w in _NOT_PERSON_WORDS for w in words):
        return False
    return words[0].casefold() not in places and " ".join(words).casefold() not in places


def _names_then_roles(text: str, plausible) -> Iterator[re.Match]:
    """'Rachel Okafor, Director of Children's Services': each plausible name with the role after it. A match
    whose 'name' is no person's ('Northmoor Council – represented by Rachel Okafor, ...') gives up only its
    name, so that a name in the text after it is still read."""
    position = 0
    while match := _NAME_THEN_ROLE.search(text, position):
        if plausible(match.group(1)):
            yield match
            position = match.end()
        else:
            position = match.end(1)


def people(tagged: TaggedDocument, places: frozenset[str] = frozenset()) -> list[PersonMention]:
    """People named with a role. ``places`` are the area names of the areas register, lower-cased."""
    def plausible(name: str) -> bool:
        return _plausible_name(name, places)

    out: list[PersonMention] = []
    blocks = tagged.document.blocks
    for seg in tagged.segments:
        base = seg.sent.start_char if seg.sent is not None else 0
        if seg.kind is BlockKind.table:
            # "Report of:<tab>Jon Chapman: Chair of ...": a cover sheet's rows name people with their roles
            for line in seg.text.splitlines():
                cells = [c.strip() for c in line.split("\t")]
                for col, cell in enumerate(cells):
                    match = re.match(_NAME + r"\s*(?::|,|–|-)?\s*(.{3,160})$", cell)
                    if match and plausible(match.group(1)) and _ROLE_WORDS.search(match.group(2)):
                        out.append(seg.row_mention(PersonMention, match.group(1), line.split("\t"), "person.table_row", name=match.group(1), role_text=match.group(2)))
                        continue
                    alone = re.fullmatch(_NAME + r"(?:\s*\(([^)]{3,80})\))?", cell)
                    after = next((c for c in cells[col + 1 :] if c), "")
                    # an attendance table: "Councillor Jo Bell | Vice-Chair | Present"
                    if alone and plausible(alone.group(1)) and (_ROLE_WORDS.search(after) or _COUNCILLOR.match(alone.group(1)) or _MEMBER_WORDS.search(after)):
                        role_text = alone.group(2) or after
                        out.append(seg.row_mention(PersonMention, alone.group(1), line.split("\t"), "person.table_cells", name=alone.group(1), role_text=role_text))
                        continue
                    if len(cell.split()) > MAX_NAME_ITEM_WORDS:
                        # a cover sheet's prose set in a cell: "... Contact Officer: Rachel Okafor, Director of ..."
                        for named in _names_then_roles(cell, plausible):
                            out.append(seg.row_mention(PersonMention, named.group(1), line.split("\t"), "person.table_prose",
                                                       name=named.group(1), role_text=named.group(2)))
            continue
        if not _TWO_CAPITALISED.search(seg.text):
            continue  # every pattern below reads a _NAME: two capitalised words in a row
        if _ATTENDANCE_LINE.match(seg.text):
            # "PRESENT: Councillor Ann Tate (Chair); Councillors Joe Bloggs, Mary Major and Raj Patel."
            for group in re.finditer(r"\b(?:Councillors|Cllrs)\s+((?:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+(?:\s*,\s*|\s+and\s+)?)+)", seg.text):
                for name in re.finditer(_NAME, group.group(1)):
                    if plausible(name.group(1)):
                        start = group.start(1) + name.start(1)
                        out.append(seg.mention(PersonMention, base + start, base + start + len(name.group(1)), "person.councillors",
                                               name="Councillor " + name.group(1), role_text="councillor"))
        named = set()
        for match in _names_then_roles(seg.text, plausible):
            name, role_text = match.group(1), match.group(2)
            named.add(match.start(1))
            out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.name_then_role", name=name, role_text=role_text))
            for successor in _SUCCESSOR.finditer(seg.text, match.end(1)):  # "(retired ... and replaced by Mark Carroll in July 2021)"
                if plausible(successor.group(1)):
                    out.append(seg.mention(PersonMention, base + successor.start(1), base + successor.end(1), "person.successor",
                                           name=successor.group(1), role_text=role_text))
        for match in re.finditer(_NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?\s+(?=[A-Z])", seg.text):
            # "Keith Makin Independent Scrutineer", "Joanne Procter Head of Service": a signature line, no comma
            rest = seg.text[match.end() : match.end() + 80]
            if match.start(1) not in named and plausible(match.group(1)) and re.match(_ROLE_LEAD, rest):
                named.add(match.start(1))
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.name_role_line", name=match.group(1), role_text=rest))
        for match in _SUCCESSOR.finditer(seg.text):  # "appointed as the new Independent Scrutineer ..., taking over from Eleanor Brazil"
            if match.start(1) not in named and plausible(match.group(1)):
                named.add(match.start(1))
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.predecessor",
                                       name=match.group(1), role_text=seg.text[: match.start()][-120:]))
        for match in re.finditer(r"\(\s*" + _NAME + r"\s*\)", seg.text):  # "a new Independent Scrutineer has been appointed (Keith Makin)"
            if match.start(1) not in named and plausible(match.group(1)):
                named.add(match.start(1))
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.role_then_bracketed_name",
                                       name=match.group(1), role_text=seg.text[max(0, match.start() - 80) : match.start()]))
        for match in _ROLE_THEN_NAME.finditer(seg.text):
            name = match.group(1)
            bracket = re.match(r"\s*\(([^)]*)\)", seg.text[match.end(1) :])
            if bracket and _ROLE_WORDS.search(bracket.group(1)):
                continue  # "accompanied by Dominic Clout (Independent Scrutineer)": the bracket says the role
            if plausible(name):
                role_text = seg.text[max(0, match.start() - 40) : match.start(1)]
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.role_then_name", name=name, role_text=role_text))
    # signatures: a block that is only a name, followed by a block naming the role
    for index, block in enumerate(blocks[:-1]):
        text = tagged.document.block_text(block).strip()
        match = re.fullmatch(r"(?:[A-Z]{2,6}\s+)?" + _NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?", text)
        if match and plausible(match.group(1)):
            role_text = tagged.document.block_text(blocks[index + 1])[:160]
            out.append(
                PersonMention(text=match.group(1), start=block.start, end=block.start + len(match.group(1)), page=block.page,
                              sentence=text + " / " + role_text, rule="person.signature", name=match.group(1), role_text=role_text)
            )
    return out


def _with_roles(mentions: list[PersonMention], tagged: TaggedDocument) -> list[PersonMention]:
    """Resolve each person's role from the words next to the name (a role cue, or a partner organisation)."""
    out = []
    for mention in mentions:
        role_doc = tagged.nlp(mention.role_text)
        roles = [s for s in role_doc.spans.get("cue", []) if s.label_ == "PERSON_ROLE"]
        orgs = [s.id_ for s in role_doc.spans.get("org", [])]
        role = min(roles, key=lambda s: s.start).id_ if roles else None
        if re.match(r"(Councillor|Cllr)\b", mention.name):
            role = "other"  # an elected member, whatever committee post they hold
        if role is None and not orgs:
            continue
        out.append(mention.model_copy(update={"role": role, "orgs": orgs}))
    return out

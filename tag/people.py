"""People named with a role: in sentences, table rows, attendance lines and signatures."""

from __future__ import annotations

import re
from typing import Iterator

from lscp.schemas import BlockKind, PersonMention

from .context import DocContext
from .person_names import NAME, PREFIX, RANK, TWO_CAPITALISED, plausible_name
from .segments import MAX_NAME_ITEM_WORDS, TaggedDocument


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[PersonMention]:
    return _with_roles(people(tagged, ctx.places), tagged)


# (a hyphen straight after the name is not a dash before a role: "Mel Hart-Ross has written" is one surname)
_NAME_THEN_ROLE = re.compile(NAME + r"(?![-'][A-Za-z])(?:\s+(?:QPM|OBE|MBE|CBE))?(?:\s*\([A-Z]{2,4}\))?\s*(?:,|\(|–|-|:|/)\s*(?:the\s+|our\s+)?([^)\n;]{3,120})")
_ROLE_THEN_NAME = re.compile(r"(?:[Cc]o-opted [Mm]embers?:?|[Ii]ndependent [A-Z]?[a-z]+(?: [A-Z]?[a-z]+)?|[Cc]hair|[Dd]irector[^,.;]{0,60}|[Ss]cru[a-z]+|[Mm]anager|[Cc]ommander|[Ss]uperintendent|[Nn]urse)\s*[,:]?\s+(?<!\band )(?<!& )" + NAME)  # a name after "and" is the next person listed, not this role's
_ROLE_WORDS = re.compile(
    r"(independent [a-z]+|chair|director|scrutineer|commissioner|commander|superintendent|nurse|manager|head of|chief|"
    r"officer|lead|clerk|advisor|adviser)", re.I)
_COUNCILLOR = re.compile(r"(?:Councillor|Cllr)\b")
_MEMBER_WORDS = re.compile(r"\b(member|vice[- ]chair|chair|co-opted|clerk|officer|representative)\b", re.I)
_ATTENDANCE_LINE = re.compile(r"^\W*(also\s+)?(present|in attendance|attendees|members present)\b", re.I)
_PROSE_ROLE = re.compile(
    NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?(?:,[^,.;]{0,80},)?\s+(?:is|was|has been|had been|will be|became|becomes|remains)\s+(?:(?:appointed|recruited|named|confirmed)\s+(?:as\s+)?)?"
    r"(?=(?i:(?:(?:our|the|its|their|an?)\s+)?(?:new\s+|current\s+|interim\s+)?(?:independent|partnership|business|safeguarding|scrutineer|chair))"
    # "was appointed as the new Director of Children's Services", "became the Carnhollow District Commander of X Police"
    r"|(?:(?:our|the|its|their|an?)\s+)?(?:new\s+|interim\s+)?(?:[A-Z][a-z]+\s+){0,2}(?:Director|District Commander|Chief Executive|Chief Constable|Chief Nurse|Chief Nursing Officer)\b)"
)
_SENIOR_RANK = r"(?:(?:Detective\s+)?(?:Chief\s+)?Superintendent|(?:(?:Assistant|Deputy)\s+)?Chief\s+Constable)"
_RANK_NAME = re.compile(r"\b" + _SENIOR_RANK + r"\s+([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_ROLE_IS_NAME = re.compile(r"\b(?:is|was|has been|will be|remains)\s+" + NAME + r"(?=\s*(?:[.;]|$))")
_OF_REPRESENTING = re.compile(NAME + r"(?=\s+of\s+(?:the\s+)?[A-Z][^,;]{2,80}?,\s+representing\b)")
_PROVIDED_BY = re.compile(r"\b(?:provided|undertaken|carried out)\s+(?:\w+\s+)?by\s+" + NAME)
_CHAIRED_BY = re.compile(r"\b(?:independently\s+chaired|chaired\s+independently)\s+by\s+" + NAME)  # "The Board is independently chaired by NAME"
_COUNCILLOR_NAME = re.compile(r"\b(?:Councillor|Cllr|Coun|Mayor)\.?\s+([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_ORG_AFTER = re.compile(r"\s+(?:Safeguarding|Partnership|Council|Board|Regional|Children|Police|NHS|County|Borough|City|Local)\b")
_ROLE_OF_BODY_NAME = re.compile(
    r"\b(?:(?:[Ii]ndependent|[Bb]usiness|[Pp]artnership|[Dd]elegated|[Ll]ead)\s+[A-Z]?[a-z]+(?:\s+[A-Z]?[a-z]+)?\s+of\s+(?:the\s+)?[A-Z]{2,6})\s+"
    + NAME + r"(?=\s*(?:,|\.|;|\band\b|$))")
_AT_MEETING = re.compile(r"\b(?:welcomed|attended|in attendance|present|accompanied|joined)\b", re.I)
_NAME_FROM_BODY = re.compile(NAME + r"\s+from\s+(?=(?:the\s+)?[A-Z])")
def _prose_roles(text: str) -> Iterator[tuple[re.Match, str, str]]:
    """People given a role in prose: "Colin Maybury is our independent scrutineer", "Independent scrutiny is
    provided by Gerald Ofori"."""
    for match in _PROSE_ROLE.finditer(text):
        yield match, "person.name_is_role", _own_role_text(text[match.end() : match.end() + 160])
    for match in _ROLE_IS_NAME.finditer(text):  # "The Partnership Business Manager is Imogen Fairley."
        yield match, "person.role_is_name", re.split(r"[.;:]\s", text[max(0, match.start() - 80) : match.start()])[-1]
    for match in _OF_REPRESENTING.finditer(text):  # "Owain Lewis of Bro Tawelan Health Board, representing health"
        yield match, "person.of_representing", re.split(r";", text[match.end() : match.end() + 160])[0]
    if _AT_MEETING.search(text):
        for match in _NAME_FROM_BODY.finditer(text):  # "welcomed ..., Lucy Barraclough from the Office of the PCC, who ..."
            yield match, "person.name_from_body", "from " + re.split(r",|;|\.\s|\s+(?:who|and)\s", text[match.end() : match.end() + 120])[0]
    for match in _ROLE_OF_BODY_NAME.finditer(text):  # "the Independent Scrutineer of the CSCP Marian Folkes"
        yield match, "person.role_of_body_name", text[match.start() : match.start(1)]
    for match in _CHAIRED_BY.finditer(text):
        yield match, "person.chaired_by", "independent chair"
    for match in _PROVIDED_BY.finditer(text):
        yield match, "person.provided_by", re.split(r"[.;:]\s", text[max(0, match.start() - 80) : match.start()])[-1]


def _representing_column(table: str) -> int | None:
    """The column of a members table that names the body each member sits for ('Name | Title | Representing')."""
    header = [c.strip() for c in table.split("\n", 1)[0].split("\t")]
    return next((i for i, c in enumerate(header) if i and re.fullmatch(r"representing|(?:member\s+)?(?:organisation|agency)s?", c, re.I)), None)


def _spans_of(mentions: list[PersonMention], base: int) -> list[tuple[int, int]]:
    return [(m.start - base, m.end - base) for m in mentions]


# "The Independent Chair of the LSCB, Jo Bloggs, introduced ...": a title set before the name as an apposition
# ... or with no comma after the name when a verb of the meeting follows: "The Independent Chair of the X, Jo Bloggs attended"
_MEETING_VERB = r"(?:attended|presented|introduced|gave|provided|explained|reported|outlined|advised|highlighted|confirmed|thanked|welcomed|noted|said|told|spoke|joined|led)\b"
_APPOSITION = re.compile(
    r"\b[Tt]he\s+(?P<role>[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|of|the|for|and|&)){0,10}?)\s*,\s+(?P<name>" + NAME[1:]
    + r"(?:\s*,|\s+(?=" + _MEETING_VERB + r"))"
)
# ... or opening a news sentence without 'The': "Independent chairman of the LSCB, NAME said: ..."
_OPENING_APPOSITION = re.compile(
    r"^\W*(?P<role>[Ii]ndependent\s+(?:chair(?:man|woman|person)?|scrutineer)\s+of\s+(?:the\s+)?[^,;.]{2,80}?)\s*,\s+(?P<name>" + NAME[1:]
    + r"(?:\s*,|\s+(?=" + _MEETING_VERB + r"))"
)
_BARE_CONTACT = re.compile(r"\bContact:\s*" + NAME + r"(?=\s*(?:$|[.;|]|\s+(?:Tel|Email|Phone)\b))")
_SUCCESSOR = re.compile(r"\b(?:replaced by|succeeded by|(?:taking|taken|takes|took) over from(?:\s+(?:the|our)\s+(?:previous|former|outgoing)\s+[A-Za-z ]{3,40},)?|succeeding|replacing"
                        r"|(?:takes|took|taking|will take) over as [^.;]{3,100}? from)\s+" + NAME)


_ROLE_LEAD = re.compile(
    r"(Independent|Chair|Director|Executive|Head of|Business Manager|Partnership Manager|Chief|Detective|Superintendent|Commander|"
    r"Scrutineer|Commissioner|Designated|Corporate|Strategic|Assistant|Deputy|Accountable)\b")




# where the next person's entry starts, in lines run together ("... Council Dr Helen Tarrant, Chief Executive"):
# a title or rank before a name, or a name before a dash ("Carole Yeo - Director ...")
_NEXT_ENTRY = re.compile(r"\s(?=(?:" + PREFIX + r")\s+[A-Z][a-z]+\s+[A-Z]|[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+[-–]\s)")


_NEXT_CLAUSE = re.compile(r",\s+(?:and|but|who|which|where|while|whilst)\s+[a-z]")
_NEXT_NAME_COMMA = re.compile(
    r"\s(?:with|and)\s+(" + NAME[1:-1] + r"),"
    r"|\s(" + NAME[1:-1] + r"),(?=\s+(?:[A-Z]{2,6}\s+)?(?:[A-Z][\w'’&-]*\s+){0,6}?(?:Independent|Chair|Director|Executive|Chief|Head|Designated|Deputy|Assistant|Detective|Business|Partnership))"
)


def _own_role_text(role_text: str) -> str:
    """A role up to where the next person's entry starts; none when the words after the name open another
    item ('an independent chair, Dr Lorna Whitcombe, and by the business manager, ...')."""
    if re.match(r"(?:and|or|but)\s", role_text):
        return ""
    # both read the whole text: a role with a dash after the next name ("..., Lee Parr, Assistant Director - ...")
    # would otherwise be cut at its own words, and hide the name before it
    cut = _NEXT_ENTRY.search(role_text, 1)
    named = next((m for m in _NEXT_NAME_COMMA.finditer(role_text) if plausible_name(m.group(1) or m.group(2))), None)
    ends = [m.start() for m in (cut, named) if m is not None]
    role_text = role_text[: min(ends)] if ends else role_text
    clause = _NEXT_CLAUSE.search(role_text)  # "..., Designated Doctor, and reports to the Independent Chair": another clause
    return role_text[: clause.start()] if clause else role_text


def _names_then_roles(text: str, plausible) -> Iterator[re.Match]:
    """'Rachel Okafor, Director of Children's Services': each plausible name with the role after it. A match
    whose 'name' is no person's ('Northmoor Council – represented by Rachel Okafor, ...') gives up only its
    name, so that a name in the text after it is still read."""
    position = 0
    while match := _NAME_THEN_ROLE.search(text, position):
        if plausible(match.group(1)):
            yield match
            position = match.start(2) + len(_own_role_text(match.group(2)))
        else:
            position = match.end(1)


def people(tagged: TaggedDocument, places: frozenset[str] = frozenset()) -> list[PersonMention]:
    """People named with a role. ``places`` are the area names of the areas register, lower-cased."""
    def plausible(name: str) -> bool:
        return plausible_name(name, places)

    out: list[PersonMention] = []
    blocks = tagged.document.blocks
    announced: str | None = None  # a role the sentence before announced without a name ("... named as the new independent chair")
    for seg in tagged.segments:
        base = seg.sent.start_char if seg.sent is not None else 0
        carried, announced = announced, _announced_role(seg.text)
        if carried and seg.kind is not BlockKind.table:
            first = re.match(r"\s*" + NAME + r"(?=,|\s+(?:has|had|is|was|will|takes|took|joins|joined|brings)\b)", seg.text)
            if first and plausible(first.group(1)):
                # "NAME, who retired from ..., takes over from ...": the person the sentence before announced
                out.append(seg.mention(PersonMention, base + first.start(1), base + first.end(1), "person.announced",
                                       name=first.group(1), role_text=carried))
        if seg.kind is BlockKind.table:
            # "Report of:<tab>Jon Chapman: Chair of ...": a cover sheet's rows name people with their roles
            represented = _representing_column(seg.text)
            for line in seg.text.splitlines():
                # "LEAD OFFICER: Sharon Keating, Director of ...": a cover sheet's label set before the name in its cell
                cells = [re.sub(r"^[A-Z][A-Z ()/'’-]{2,40}:\s+", "", c.strip()) for c in line.split("\t")]
                for col, cell in enumerate(cells):
                    match = re.match(NAME + r"\s*(?::|,|–|-)?\s*(.{3,160})$", cell)
                    if match and plausible(match.group(1)) and (_ROLE_WORDS.search(match.group(2)) or ((re.match(RANK, match.group(1)) or _COUNCILLOR.match(match.group(1))) and re.match(NAME + r"\s*[:,–-]", cell))):
                        out.append(seg.row_mention(PersonMention, match.group(1), line.split("\t"), "person.table_row", name=match.group(1), role_text=match.group(2)))
                        continue
                    alone = re.fullmatch(NAME + r"(?:\s*\(([^)]{3,80})\))?", cell)
                    after = next((c for c in cells[col + 1 :] if c), "")
                    # an attendance table: "Councillor Jo Bell | Vice-Chair | Present"
                    if alone and plausible(alone.group(1)) and (
                        _ROLE_WORDS.search(after) or _COUNCILLOR.match(alone.group(1)) or _MEMBER_WORDS.search(after) or re.match(RANK, alone.group(1))
                    ):
                        role_text = alone.group(2) or after
                        if represented is not None and col < represented < len(cells) and cells[represented] and cells[represented] != after:
                            role_text += ", representing " + cells[represented]  # "Head of Service | Youth Offending Service"
                        out.append(seg.row_mention(PersonMention, alone.group(1), line.split("\t"), "person.table_cells", name=alone.group(1), role_text=role_text))
                        continue
                    if len(cell.split()) > MAX_NAME_ITEM_WORDS:
                        # a cover sheet's prose set in a cell: "... Contact Officer: Rachel Okafor, Director of ..."
                        in_prose = set()
                        for match, rule, role_text in _prose_roles(cell):
                            if plausible(match.group(1)):
                                in_prose.add(match.group(1))
                                out.append(seg.row_mention(PersonMention, match.group(1), line.split("\t"), rule, name=match.group(1), role_text=role_text))
                        for named in _names_then_roles(cell, plausible):
                            if named.group(1) in in_prose:
                                continue
                            out.append(seg.row_mention(PersonMention, named.group(1), line.split("\t"), "person.table_prose",
                                                       name=named.group(1), role_text=named.group(2)))
            continue
        if not TWO_CAPITALISED.search(seg.text):
            continue  # every pattern below reads a NAME: two capitalised words in a row
        if _ATTENDANCE_LINE.match(seg.text):
            # "PRESENT: Councillor Ann Tate (Chair); Councillors Joe Bloggs, Mary Major and Raj Patel."
            for group in re.finditer(r"\b(?:Councillors|Cllrs)\s+((?:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+(?:\s*\([^)]{1,40}\))?(?:\s*,\s*|\s+and\s+)?)+)", seg.text):
                for name in re.finditer(NAME, group.group(1)):
                    if plausible(name.group(1)):
                        start = group.start(1) + name.start(1)
                        out.append(seg.mention(PersonMention, base + start, base + start + len(name.group(1)), "person.councillors",
                                               name="Councillor " + name.group(1), role_text="councillor"))
        named = set()
        for match, rule, role_text in _prose_roles(seg.text):
            if match.start(1) not in named and plausible(match.group(1)):
                named.add(match.start(1))
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), rule, name=match.group(1), role_text=role_text))
        for match in (*_APPOSITION.finditer(seg.text), *_OPENING_APPOSITION.finditer(seg.text)):
            if match.start("name") not in named and _ROLE_WORDS.search(match.group("role")) and plausible(match.group("name")):
                named.add(match.start("name"))
                out.append(seg.mention(PersonMention, base + match.start("name"), base + match.end("name"), "person.apposition",
                                       name=match.group("name"), role_text=match.group("role")))
        for match in _BARE_CONTACT.finditer(seg.text):  # "Venue: County Hall. Contact: Hazel Pennock": the meeting's officer
            if match.start(1) not in named and plausible(match.group(1)):
                named.add(match.start(1))
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.contact",
                                       name=match.group(1), role_text="committee officer"))
        for match in _COUNCILLOR_NAME.finditer(seg.text):  # "Councillor Sian Price asked ...": an elected member at the meeting
            if match.start() not in named and plausible(match.group(1)):
                named.add(match.start())
                out.append(seg.mention(PersonMention, base + match.start(), base + match.end(1), "person.councillor",
                                       name="Councillor " + match.group(1), role_text="councillor"))
        for match in _names_then_roles(seg.text, plausible):
            if match.start(1) in named or match.start(1) + len("Councillor ") in named:
                continue
            name, role_text = match.group(1), _own_role_text(match.group(2))
            named.add(match.start(1))
            # "Graham Tilney, who retired from X Constabulary in 2022, takes over ...": the body left behind gives no role
            role_text = _FORMER_BODY.sub("", role_text)
            out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.name_then_role", name=name, role_text=role_text))
            for successor in _SUCCESSOR.finditer(seg.text, match.end(1)):  # "(retired ... and replaced by Mark Carroll in July 2021)"
                if plausible(successor.group(1)):
                    combined = _IN_ROLE_OF.match(seg.text, successor.end(1))  # "replaced by NAME in the combined role of ..."
                    out.append(seg.mention(PersonMention, base + successor.start(1), base + successor.end(1), "person.successor",
                                           name=successor.group(1), role_text=combined.group(1) if combined else role_text))
        for match in re.finditer(NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?\s+(?=[A-Z])", seg.text):
            # "Keith Makin Independent Scrutineer", "Joanne Procter Head of Service": a signature line, no comma
            rest = seg.text[match.end() : match.end() + 80]
            if match.start(1) not in named and plausible(match.group(1)) and re.match(_ROLE_LEAD, rest):
                named.add(match.start(1))
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.name_role_line", name=match.group(1), role_text=rest))
        for match in _SUCCESSOR.finditer(seg.text):  # "appointed as the new Independent Scrutineer ..., taking over from Eleanor Brazil"
            # "takes over as independent scrutineer from Idris Lloyd, who ...": the role is in the words before the name
            # "takes over from NAME, who had chaired the partnership": the role the sentence before announced
            held_it = carried and re.match(r",?\s+who\s+(?:had\s+|has\s+)?(?:chaired|led|held)\b", seg.text[match.end(1) :])
            if (match.start(1) not in named or held_it or re.search(r" over as |\b(?:previous|former|outgoing) ", match.group(0))) and plausible(match.group(1)):
                named.add(match.start(1))
                role_text = carried if held_it else seg.text[: match.start(1)][-120:]
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.predecessor",
                                       name=match.group(1), role_text=role_text))
        for match in re.finditer(r"\(\s*" + NAME + r"\s*\)", seg.text):  # "a new Independent Scrutineer has been appointed (Keith Makin)"
            if match.start(1) not in named and plausible(match.group(1)):
                named.add(match.start(1))
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.role_then_bracketed_name",
                                       name=match.group(1), role_text=seg.text[max(0, match.start() - 80) : match.start()]))
        for match in _RANK_NAME.finditer(seg.text):  # "and Assistant Chief Constable Mark Tennant.": the rank is the role
            if match.start() not in named and not any(a < match.start(1) < b for a, b in _spans_of(out, base)) and plausible(match.group(1)):
                named.add(match.start())
                out.append(seg.mention(PersonMention, base + match.start(), base + match.end(1), "person.rank_name",
                                       name=match.group(0), role_text=""))
        for match in _ROLE_THEN_NAME.finditer(seg.text):
            name = match.group(1)
            bracket = re.match(r"\s*\(([^)]*)\)", seg.text[match.end(1) :])
            if bracket and _ROLE_WORDS.search(bracket.group(1)):
                continue  # "accompanied by Dominic Clout (Independent Scrutineer)": the bracket says the role
            if _ORG_AFTER.match(seg.text, match.end(1)) or re.match(r"\s+[-–]\s", seg.text[match.end(1) :]) or "\n" in seg.text[match.start() : match.start(1)]:
                continue  # "Independent Chair, Cwm Derwen Regional Board": a place, not a name; a role ending a line
            owner = _ROLE_OF_PREVIOUS.search(seg.text[: match.start(1)])
            after = seg.text[match.end(1) :]
            # "Nadia Kowalczyk, HSCP Business Manager, Lucy Barraclough from ..." or "..., Lucy Barraclough, Assistant
            # Director - Education": the role is the name's before, and the name's own comes after it; lines run
            # together ("Nadia Kowalczyk, Business Manager Lucy Barraclough, Independent Scrutineer") only the latter
            if owner and owner.start(1) in named and (
                    _OWN_ROLE_AFTER.match(after) or owner.group("end").startswith(",") and not re.match(r"\s*[,;.)]|\s*$|\s+and\b", after)):
                continue
            if plausible(name):
                # the role is the words just before the name, not the end of the entry before it ("(Business Manager), ")
                role_text = re.split(r"[();\n]", seg.text[max(0, match.start() - 40) : match.start(1)])[-1]
                out.append(seg.mention(PersonMention, base + match.start(1), base + match.end(1), "person.role_then_name", name=name, role_text=role_text))
    out += _surname_roles(tagged, out)
    # signatures: a block that is only a name, followed by a block naming the role
    for index, block in enumerate(blocks[:-1]):
        text = tagged.document.block_text(block).strip()
        match = re.fullmatch(r"(?:[A-Z]{2,6}\s+)?" + NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?", text)
        role_text = tagged.document.block_text(blocks[index + 1])[:160]
        if not match and _CAPS_NAME.fullmatch(text) and len(role_text.split()) <= 12 and _ROLE_LEAD.match(role_text):
            # "CAROLYN ASHDOWN" over "Director of Children's Services": a cover report's signature in capitals
            match = re.fullmatch(NAME, text.title())
        if match and plausible(match.group(1)):
            out.append(
                PersonMention(text=match.group(1), start=block.start, end=block.start + len(match.group(1)), page=block.page,
                              sentence=text + " / " + role_text, rule="person.signature", name=match.group(1), role_text=role_text)
            )
    return out


# a health professional the arrangements name by post: "Dr NAME, Designated Doctor for Safeguarding Children"
_MEMBER_POST = re.compile(r"\s*(?:the\s+)?(?:designated|named)\s+(?:nurse|doctor|professional)\b", re.I)  # the posts normalising keeps
# "A former police chief has been named as the new independent chair of the X Partnership." (the name in the next sentence)
_ANNOUNCED = re.compile(
    r"\b(?:has\s+been|have\s+been|was|were|is|will\s+be)\s+(?:named|appointed|announced|confirmed|chosen|selected)\s+as\s+"
    r"(?:the\s+|its\s+|their\s+)?(?:new\s+|first\s+|next\s+|permanent\s+|interim\s+)*"
    r"((?:independent\s+)?(?:chair|scrutineer|chair\s+and\s+scrutineer|business\s+manager)\b[^.;]{0,80})", re.I)


def _announced_role(text: str) -> str | None:
    """The role a sentence announces someone to without naming them, for a name in the next sentence."""
    match = _ANNOUNCED.search(text)
    if match is None or re.search(NAME, text[match.end(1) :]) or re.search(NAME, text[: match.start()].split(",")[-1]):
        return None
    return match.group(1)


_FORMER_BODY = re.compile(r"^who\s+(?:had\s+)?(?:retired|left|moved|resigned)\s+from\s+[^,;]{3,80}?(?:,\s*|$)", re.I)
_IN_ROLE_OF = re.compile(r"\s+in\s+the\s+(?:combined\s+|joint\s+|new\s+|dual\s+)?roles?\s+of\s+([^.;]{3,80})", re.I)
_CAPS_NAME = re.compile(r"[A-Z]{2,}(?:[-'][A-Z]{2,})?\s+(?:MC|MAC|O')?[A-Z]{2,}(?:-[A-Z]{2,})?")
# the name's own role after it: "..., Lucy Barraclough, Assistant Director" or "..., Lucy Barraclough, Harrowdale
# Safeguarding Children Partnership Independent Scrutineer"
_OWN_ROLE_AFTER = re.compile(r"\s*,\s*(?:the\s+|our\s+)?[^,;.()\n]{0,80}?\b" + _ROLE_LEAD.pattern)
# the entry before a name: "NAME, ROLE, " or, lines run together, "NAME, ROLE "
_ROLE_OF_PREVIOUS = re.compile(NAME + r",\s+[^,;()]{3,60}(?P<end>,\s*|\s)$")
_CHAIR_AND_SCRUTINEER = re.compile(
    r"\bchair\w*\b[^.;,]{0,60}?\band\b[^.;,]{0,50}?\bscrutin|\bscrutin\w*\b[^.;,]{0,60}?\band\b[^.;,]{0,50}?\bchair"
    r"|\bscrutineer\b[^.;]{0,20}?\b(?:also\s+)?chairs\s+the\b", re.I)  # "NAME, the partnership's independent scrutineer, chairs the Partnership"


_SURNAME_ROLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Professor)\.?\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:would|will|is to|was to)\s+(?:continue|remain|stay|act|serve)\s+as\s+([^.;]{3,120})")


def _surname_roles(tagged: TaggedDocument, found: list[PersonMention]) -> list[PersonMention]:
    """"Mr Everett would continue as independent chair and scrutineer": a role given to a person the text named
    in full before, by title and surname."""
    by_surname: dict[str, set[str]] = {}
    for mention in found:
        full = re.sub(r"^" + PREFIX + r"\s+", "", mention.name)
        by_surname.setdefault(full.split()[-1], set()).add(full)
    out = []
    for seg in tagged.segments:
        if seg.kind is BlockKind.table or "as" not in seg.text:
            continue
        base = seg.sent.start_char if seg.sent is not None else 0
        for match in _SURNAME_ROLE.finditer(seg.text):
            names = by_surname.get(match.group(1), set())
            if len(names) == 1:
                out.append(seg.mention(PersonMention, base + match.start(), base + match.end(1), "person.surname_role",
                                       name=next(iter(names)), role_text=match.group(2)))
    return out


# organisations that are never one of the three statutory partners: voluntary groups, schools and academy trusts
_NOT_A_PARTNER_BODY = re.compile(
    r"voluntary|\bcvs\b|charit|community action|learning trust|academ|school|college|home-?start|women['’]?s aid|citizens advice|"
    r"mencap|barnardo|society for the prevention|action for children|children['’]s society", re.I)


def _leads_no_partner(role_doc) -> bool:
    """Whether the organisation a title names ('chief executive of Orrisdale Learning Trust') is a voluntary body or
    a school's: its longest name, not the council a longer name holds ('Council for Voluntary Service')."""
    spans = list(role_doc.spans.get("org", [])) + list(role_doc.spans.get("org_shape", []))
    longest = [s for s in spans if not any(o.start <= s.start and s.end <= o.end and len(o) > len(s) for o in spans)]
    return bool(longest) and all(_NOT_A_PARTNER_BODY.search(s.text + " " + s.id_) for s in longest)


def _with_roles(mentions: list[PersonMention], tagged: TaggedDocument) -> list[PersonMention]:
    """Resolve each person's role from the words next to the name (a role cue, or a partner organisation); a
    police rank before the name is a role too. One independent chair and scrutineer holds both roles."""
    out = []
    for mention in mentions:
        rank = re.match(RANK + r"\b", mention.name)
        if rank:
            mention = mention.model_copy(update={"role_text": rank.group(0) + ", " + mention.role_text})
        role_doc = tagged.nlp(mention.role_text)
        roles = [s for s in role_doc.spans.get("cue", []) if s.label_ == "PERSON_ROLE"]
        orgs = [s.id_ for s in role_doc.spans.get("org", [])] + [s.text for s in role_doc.spans.get("org_shape", [])]
        role = min(roles, key=lambda s: s.start).id_ if roles else None
        if role == "statutory_partner_lead" and _leads_no_partner(role_doc):
            role = "other"  # "chief officer of Holme Wold Council for Voluntary Service": a member, not a partner's lead
        if re.match(r"(Councillor|Cllr)\b", mention.name):
            role = "other"  # an elected member, whatever committee post they hold
        if role is None and not orgs and not re.search(r"\brepresenting\b", mention.role_text, re.I) and mention.rule != "person.name_from_body" and not (
                mention.rule == "person.name_then_role" and _MEMBER_POST.match(mention.role_text)):
            continue  # no role and no body; a member 'representing' one, or a designated doctor or nurse, is still a member
        out.append(mention.model_copy(update={"role": role, "orgs": orgs}))
        if role in ("independent_chair", "independent_scrutineer") and _CHAIR_AND_SCRUTINEER.search(mention.role_text):
            other = "independent_scrutineer" if role == "independent_chair" else "independent_chair"
            out.append(mention.model_copy(update={"role": other, "orgs": orgs}))
    return out

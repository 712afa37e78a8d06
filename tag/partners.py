"""Partner organisations, with the role the sentence, its list's lead-in or its heading gives them."""

from __future__ import annotations

import re
from functools import lru_cache

from lscp.schemas import BlockKind, PartnerMention

from .context import DocContext
from .finance import BARE_PCC, BARE_PCC_LABEL
from .orgs import org_spans, placeless_services
from .segments import MAX_NAME_ITEM_WORDS, Segment, TaggedDocument, section_title


_STATUTORY_CONTEXT = re.compile(
    r"statutory (delegated |lead )?(safeguarding )?partners?|\bdelegated safeguarding partners\b|three (safeguarding |statutory )?partners|safeguarding partners are|lead (safeguarding )?partners"
    r"|safeguarding partners\b[^.;]{0,90}?\b(are|comprise|consist of)\b|\bpartners (who|that) lead\b"
    r"|^\W*(statutory |lead )?safeguarding partners?\s*(\t|\||$)"
    r"|\bas (a|the|one of the) (statutory |lead )?safeguarding partners?\b"
    # "the following bodies in X are identified as the core 'safeguarding partners' for ABBR:"
    r"|\b(?:identified|named|designated|recognised|defined)\s+as\s+(?:the\s+)?(?:(?:core|key|three|statutory|lead|named)\s+)*['‘\"“]?(?:statutory\s+|lead\s+)?safeguarding\s+partners\b"
    # "the three accountable safeguarding partners in X (A, B and C) formed ..."
    r"|\bthree\s+(?:(?:key|accountable|named|main|core|local)\s+)+(?:statutory\s+|lead\s+)?(?:safeguarding\s+)?partners\b"
    # "three key agencies who collectively hold statutory responsibilities for keeping children safe: A, B and C";
    # "By law, A, B and C have a statutory duty to put in place multi-agency safeguarding arrangements"
    r"|\b(?:collectively|jointly|equally)\s+(?:hold|have|share|carry)\s+(?:the\s+)?statutory\s+(?:responsibilit|dut)"
    r"|\b(?:have|has|hold|holds|share|shares)\s+(?:a|the)\s+(?:(?:shared|joint|equal|statutory|legal)\s+(?:and\s+)?)+dut(?:y|ies)\s+to\s+(?:put\s+in\s+place|make|set\s+up|have\s+in\s+place)\b[^.;]{0,40}\barrangements\b"
    # "In X the organisations carrying out these functions are:" (after the law's list of what a partner is)
    r"|\borganisations\s+(?:carrying out|providing|performing|fulfilling|that (?:carry out|provide|perform|fulfil))\s+(?:these|this|the)\s+(?:statutory\s+)?(?:functions?|roles?)\b"
    # "The X Safeguarding Children Partnership is led by A, B and C", "arrangements led jointly by ..."
    r"|\b(?:partnership|arrangements)\b[^.;]{0,12}\b(?:is|are|was|were)\s+(?:jointly\s+)?led\s+(?:jointly\s+)?by\b"
    # "In X, four organisations are jointly responsible by law for the arrangements ...": the partners the law names
    r"|\b(?:organisations|agencies|bodies)\s+(?:are|were)\s+(?:jointly|equally)\s+(?:and\s+(?:jointly|equally)\s+)?responsible\b"
    # "new arrangements agreed between A, B and C"; "A, B and C published these arrangements"; "a formal partnership
    # between the two local authorities of A and B, C and D": the bodies that made the arrangements
    r"|\barrangements\s+(?:were\s+|are\s+)?(?:agreed|made|set\s+up|signed|published)\s+(?:jointly\s+)?(?:between|by)\b"
    r"|\b(?:published|agreed|signed)\s+(?:these|the|our|new)\s+(?:multi-agency\s+)?(?:safeguarding\s+)?arrangements\b"
    r"|\b(?:formal|statutory)\s+partnership\s+between\b"
    # "a three-year strategy, which had been developed by A Council, B Police, and the C Integrated Care Board":
    # a council and a police force that wrote the partnership's plan together
    r"|\b(?:developed|produced|written|drawn\s+up|agreed|owned)\s+(?:jointly\s+)?by\s+[^.;]{0,60}?\b(?:council|borough)\b[^.;]{0,80}?\b(?:police|constabulary)\b"
    # the integrated care board that took over a clinical commissioning group's role as partner
    r"|\b(replaced|replacing|took over from|taking over from|succeeded|passed to|pass to|passes to|transferred to|became|becomes)\b[^.;]{0,80}\b(CCG|clinical commissioning group|integrated care board|ICB)\b",
    re.I,
)
_MEMBER_CONTEXT = re.compile(
    r"relevant agenc|partner agenc(y|ies) (members?|representatives?)|represented (on|at)|\b(includes?|including|with) representation from\b|agencies represented|board members|membership|member agencies|partners include|attendance"
    r"|accompanied by|^\W*(also\s+)?present\b|officers and partners"
    # "the Board partners were ...", "The following are also members:", "brings together A, B and C", "made up of ..."
    r"|\b[A-Z][a-z]+ [A-Z][a-z]+, representing\b"
    r"|\b(board|statutory) (partners|members) (are|were)\b|\b(are|were) (also )?members\b|\bmade up of\b|\bbr(ings?|ought) together\b|\b(sit|sits|sat) on\b"
    # "Its members include ...", "Other members were drawn from ...", "The statutory members of the Board were:"
    r"|\bmembers\s+(?:(?:are|were|have been)\s+)?(?:include[sd]?|including|comprised?|drawn from)\b|\bmembers of the (?:board|partnership|executive)\b[^.;]{0,30}\b(?:are|were)\b"
    r"|\b(?:executive|board|partnership|group)\s+(?:also\s+)?(?:includes|included|comprises|comprised)\b"
    # members named by what they represent: "X of Y, representing schools", "the sector is represented by Z"
    r"|\brepresenting\b|\brepresented by\b"
    r"|\brepresent(?:ed|s)\s+(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,4}(?:sector|schools?|academies|colleges|partners?|agenc(?:y|ies)|providers?|settings)\b"
    # "X and Y take part in our subgroups", "Z joined the Board's learning subgroup"
    r"|\b(?:take|takes|took|taking) part in (?:the |our |its |their )?(?:[\w'’-]+\s+){0,4}?(?:sub-?groups?|board|executive|partnership|arrangements|meetings)\b"
    r"|\b(?:join|joins|joined) (?:the |our |its |their )?(?:[\w'’-]+\s+){0,4}?(?:sub-?groups?|board|executive|partnership)\b",
    re.I,
)


_LIST_GOES_ON = re.compile(r"^\W*(?:this|these|they)\s+(?:includes?|included|comprises?|comprised|are|were)\s*:", re.I)
# "The lead safeguarding partners ... invite representation from X and Y": the organisations after it are members
_INVITED = re.compile(
    r"\b(?:invit\w*\s+(?:[\w-]+\s+){0,2}?(?:representation|representatives?)|representation|representatives?)\s+(?:from|of)\b"
    r"|\b(?:alongside|together with)\b", re.I)
# "The statutory partners have named relevant agencies ..., including A and B"; "led by the three partners, X, Y and
# Z, with A and B as relevant agencies": the organisations from the relevant agencies' clause on are members
_RELEVANT_AGENCIES = re.compile(r"\brelevant\s+(?:agenc(?:y|ies)|partners)\b", re.I)
_AWARD_AFTER = re.compile(r"^[^.;]{0,60}?\b(?:award|awards|prize)\b", re.I)
_AWARD_WON = re.compile(r"\b(?:won|wins|win|winning|nominated|shortlisted|finalists?|received|receiving)\b[^.;]{0,25}$", re.I)
_CLAUSE_WITH = re.compile(r"\bwith\b|;|,\s+and\s+that\b", re.I)
# "..., and that A, B and C also sat on the executive group": the organisations of that clause are members
_ALSO_MEMBERS = re.compile(r"\balso\s+(?:sat|sit|sits|attend|attends|attended|joined|join|joins)\b|\b(?:are|were)\s+also\s+members\b", re.I)
_ATTENDANCE_HEADER = re.compile(r"^\W*name\b[^.;]{0,40}\b(?:organisation|agency|representing)\b[^.;]{0,30}\b(?:present|apologies|apols|attended)\b", re.I)
_SOURCE_LINE = re.compile(r"^\W*(?:data|source|sources|data source|figures)\s*:", re.I)
_PLACES_BEFORE_VERB = re.compile(
    r"\bpartners?\s+(?:in|for|across|covering|of)\s+(?P<places>[^.;:]{0,160}?)\s+(?:are|is|comprise|consist of|include)\b", re.I
)
# a title line of up to ten words, without a sentence's end: "Appendix 1: Board membership at 31 March 2019"
_HEADING_LINE = re.compile(r"[A-Z][\w'’&:()/-]*(?:\s+[\w'’&:()/-]+){0,9}")
_TITLE_LINE = re.compile(r"[A-Z][\w'’&:-]*(?:\s+[\w'’&:-]+){0,5}")  # a few words, no sentence punctuation


_FUNDER_CONTEXT = re.compile(r"\b(makes?|made|pays?|paid|provides?|provided)\b[^.;]{0,40}\bcontributions?\b|\breceiv(?:es|ed|ing)\s+(?:[\w-]+\s+){0,3}?(?:contributions?|funding)\s+from\b|\bcontribut(es|ed)\b[^.;]{0,40}\b(budget|costs?|partnership|arrangements|training)\b", re.I)


# words one of which every _MEMBER_CONTEXT phrase holds (as every _STATUTORY_CONTEXT phrase holds "partner"):
# a line without them is ruled out by substring tests, far quicker than the patterns
_MEMBER_CONTEXT_WORDS = ("agenc", "represent", "member", "partners", "attendance", "accompanied", "present", "made up", "together", "sit on", "sits on", "sat on",
                         "include", "comprise", "part in", "join")


@lru_cache(maxsize=8192)  # headings and list lead-ins are asked about once per sentence under them
def _line_role(text: str, *, table: bool) -> str | None:
    """The role a sentence (or a table line) gives the organisations it names."""
    low = text.lower()
    if ("partner" in low or " to " in low or "arrangements" in low or "responsible" in low or "replac" in low or "succeeded" in low or "took over" in low or "became" in low or "functions" in low or "roles" in low or "developed" in low or "produced" in low or "written" in low or "drawn up" in low or "owned" in low or "statutory" in low) and _STATUTORY_CONTEXT.search(text):
        return "statutory_partner"
    if not table and any(word in low for word in _MEMBER_CONTEXT_WORDS) and _MEMBER_CONTEXT.search(text):
        return "relevant_agency"
    if not table and ("contribut" in low or "funding" in low) and _FUNDER_CONTEXT.search(text):
        return "funder"  # "The Office of the Police and Crime Commissioner makes an annual contribution": a funder, amount or not
    return None


@lru_cache(maxsize=4096)
def _title_role(title: str) -> str | None:
    """The role a heading gives the organisations listed under it."""
    if _STATUTORY_CONTEXT.search(title):
        return "statutory_partner"
    if _MEMBER_CONTEXT.search(title) or re.search(r"agencies|partners\b", title, re.I):
        return "relevant_agency"
    return None


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[PartnerMention]:
    """Organisations in the arrangements, with the role the sentence, its list's lead-in or its heading gives them.

    An organisation named where nothing gives it a role is kept as 'named': the normaliser keeps it only when
    it is a statutory partner by what it is (the local authority of the partnership's own area)."""
    out: list[PartnerMention] = []
    short_names = _short_names(tagged)
    role_context: str | None = None
    previous: tuple[int, str | None] = (-1, None)  # the block and own role of the sentence before
    last_block = -1
    attendance = -9  # the block of a flattened attendance table's header line ("NAME ROLE, ORGANISATION PRESENT APOLOGIES")
    for seg in tagged.segments:
        if _SOURCE_LINE.match(seg.text):
            continue  # "Data: Harbourside Council performance team": where the figures come from, not a partner
        own_role = _line_role(seg.text, table=seg.kind is BlockKind.table)
        if seg.kind is BlockKind.paragraph and _ATTENDANCE_HEADER.search(seg.text):
            attendance = seg.block_index
        elif own_role is None and seg.kind is BlockKind.paragraph and 0 < seg.block_index - attendance <= 2:
            own_role = "relevant_agency"  # the table's rows run together after its header: the members who attended
        heading_role = None
        titles = seg.headings[-2:] + ([section_title(tagged, seg.block_index)] if seg.kind is BlockKind.list_item else [])
        for heading in titles:
            title_role = _title_role(heading)
            if title_role == "statutory_partner":
                heading_role = title_role
            elif title_role:
                heading_role = heading_role or title_role
        if seg.kind is BlockKind.table:
            out += _table_partners(seg, role_context or heading_role, ctx.partnership)
            continue
        short_line = (
            seg.kind is BlockKind.paragraph and len(seg.text.split()) <= MAX_NAME_ITEM_WORDS and own_role is None
            and not seg.text.rstrip().endswith(":") and not seg.text.strip().isupper()
        )
        listed = seg.kind is BlockKind.list_item or (short_line and role_context is not None and seg.block_index - last_block <= 1)
        if not listed:
            # a list takes the role of the sentence that introduces it ("The safeguarding partners are:"), as do
            # the short lines that follow such a sentence when the text has no list marks; a title line set as
            # text ("Relevant agencies") introduces them as a heading would
            lead_in = seg.text.rstrip().endswith(":")
            if lead_in and own_role is None and len(seg.text.split()) <= 4 and previous[0] == seg.block_index:
                own_role = previous[1]  # "... four organisations are jointly responsible by law .... These are:"
            elif own_role is None and previous[0] == seg.block_index and _LIST_GOES_ON.match(seg.text):
                own_role = previous[1]  # "The wider health economy is represented on the Board. This includes: A (AA); B (BB)"
            role_context = own_role if lead_in or own_role == "statutory_partner" else None
            if role_context is None and own_role and seg.kind is BlockKind.paragraph and _HEADING_LINE.fullmatch(seg.text.strip()):
                role_context = own_role  # a title line set as text: "Appendix 1: Board membership at 31 March 2019"
            if role_context is None and seg.kind is BlockKind.paragraph and _TITLE_LINE.fullmatch(seg.text.strip()):
                role_context = _title_role(seg.text.strip())
        last_block = seg.block_index
        previous = (seg.block_index, own_role)
        role = own_role or (role_context if listed else None)
        if role is None and seg.kind is BlockKind.list_item and len(seg.text.split()) <= MAX_NAME_ITEM_WORDS:
            role = heading_role  # a list of names under a heading about partners; not a list of sentences about them
        places = _PLACES_BEFORE_VERB.search(seg.text) if role == "statutory_partner" else None
        invited = _INVITED.search(seg.text) if role == "statutory_partner" and own_role == "statutory_partner" else None
        if role == "statutory_partner" and own_role == "statutory_partner" and (relevant := _RELEVANT_AGENCIES.search(seg.text) or _ALSO_MEMBERS.search(seg.text)):
            # the clause holding the phrase: from its last 'with' when organisations stand between them
            base_rel = seg.sent.start_char if seg.sent is not None else 0
            withs = [m for m in _CLAUSE_WITH.finditer(seg.text, 0, relevant.start())
                     if any(m.end() <= a - base_rel < relevant.start() for a, _, _, _ in org_spans(seg))]
            start_at = withs[-1] if withs else relevant
            invited = start_at if invited is None or start_at.start() < invited.start() else invited
        base = seg.sent.start_char if seg.sent is not None else 0
        for start, end, text, canonical in org_spans(seg):
            if places and places.start("places") <= start - base < places.end("places"):
                continue  # "The safeguarding partners in the London Borough of Harbourside are ...": a place
            if _AWARD_AFTER.match(seg.text[end - base :]) and _AWARD_WON.search(seg.text[: start - base]):
                continue  # "winning the Coram Voice ... award": a prize named after a charity, not a member
            own = role
            if role == "statutory_partner" and invited and start - base >= invited.end():
                own = "relevant_agency"
            out.append(seg.mention(PartnerMention, start, end, f"partner.{own or 'named'}", name=text, canonical=canonical, role=own or "named"))
        if role and short_names:
            out += _by_short_name(seg, short_names, role, base + invited.end() if role == "statutory_partner" and invited else None)
        if role:  # "the Youth Justice Service", "Healthwatch": the partnership's own
            for start, end, full in placeless_services(seg, ctx.partnership):
                own = "relevant_agency" if role == "statutory_partner" and invited and start - base >= invited.end() else role
                out.append(seg.mention(PartnerMention, start, end, f"partner.{own}.placeless", name=full, canonical="", role=own))
        if role == "relevant_agency" and "Commissioner" in seg.text:
            # "Board members include ... the Office of the Police and Crime Commissioner": the commissioner, no area given
            spans = [(a - base, b - base) for a, b, _, _ in org_spans(seg)]
            for match in BARE_PCC.finditer(seg.text):
                if not any(a < match.end() and match.start() < b for a, b in spans):
                    out.append(seg.mention(PartnerMention, base + match.start(), base + match.end(), "partner.relevant_agency",
                                           name=BARE_PCC_LABEL, canonical="", role="relevant_agency"))
    return out


# "THFT – Tollerby Hospitals NHS Foundation Trust" (a glossary line); "Tollerby Hospitals NHS Foundation Trust (THFT)"
_DEFINED_BEFORE = re.compile(r"(?:^|\n)\W*(?P<abbr>[A-Z][A-Za-z]{1,6}[A-Z])\s*(?:[–—:=-]|\t|\|)\s*(?:the\s+)?$")
_DEFINED_AFTER = re.compile(r"^\s*\((?P<abbr>[A-Z][A-Za-z]{1,6}[A-Z])\)")


def _short_names(tagged: TaggedDocument) -> dict[str, tuple[str, str]]:
    """The abbreviations a document defines for organisations of a known form the register lacks (in a glossary
    line or in brackets after the name), for lines that name them only so ('Lorna Feeney / Head of Safeguarding, THFT')."""
    out: dict[str, tuple[str, str]] = {}
    for seg in tagged.segments:
        if "(" not in seg.text and not re.search(r"[A-Z]{3}", seg.text):
            continue
        base = seg.sent.start_char if seg.sent is not None else 0
        for start, end, name, canonical in org_spans(seg):
            defined = _DEFINED_AFTER.match(seg.text[end - base :]) or _DEFINED_BEFORE.search(seg.text[: start - base])
            if defined and not canonical and defined.group("abbr") not in name:
                out.setdefault(defined.group("abbr"), (name, canonical))
    return out


def _by_short_name(seg: Segment, short_names: dict[str, tuple[str, str]], role: str, members_from: int | None = None) -> list[PartnerMention]:
    """Organisations a sentence names only by the abbreviation the document gave them (members from
    ``members_from`` on, in a sentence about the statutory partners)."""
    base = seg.sent.start_char if seg.sent is not None else 0
    taken = [(a - base, b - base) for a, b, _, _ in org_spans(seg)]
    out = []
    for match in re.finditer(r"\b[A-Z][A-Za-z]{1,6}[A-Z]\b", seg.text):
        if match.group() in short_names and not any(a <= match.start() < b + 8 for a, b in taken):
            name, canonical = short_names[match.group()]
            own = "relevant_agency" if members_from is not None and base + match.start() >= members_from else role
            out.append(seg.mention(PartnerMention, base + match.start(), base + match.end(), f"partner.{own}.short_name", name=name, canonical=canonical, role=own))
    return out


def _table_partners(seg: Segment, context_role: str | None, partnership: str | None = None) -> list[PartnerMention]:
    """A table gives roles line by line: a line saying 'statutory partners' its own organisations, a header line
    saying so every line below; an attendance table's organisations are members."""
    lines = seg.text.split("\n")
    header_role = _line_role(lines[0], table=True)
    table_role = header_role or context_role or (
        "relevant_agency" if _is_attendance_table(seg) or _is_partner_table(lines[0]) or _is_membership_table(lines[0]) else None)
    bounds, offset = [], 0
    for line in lines:
        bounds.append((offset, offset + len(line), _line_role(line, table=True) or table_role))
        offset += len(line) + 1
    out = []
    base = seg.sent.start_char if seg.sent is not None else 0
    for start, end, text, canonical in org_spans(seg):
        role = next((r for a, b, r in bounds if a <= start - base < b), table_role)
        out.append(seg.mention(PartnerMention, start, end, f"partner.{role or 'named'}", name=text, canonical=canonical, role=role or "named"))
    for start, end, full in placeless_services(seg, partnership):  # "Youth Justice Service | Head of Service"
        role = next((r for a, b, r in bounds if a <= start - base < b), table_role)
        if role:
            out.append(seg.mention(PartnerMention, start, end, f"partner.{role}.placeless", name=full, canonical="", role=role))
    return out


def _is_partner_table(header: str) -> bool:
    """'Partner | Lead': a table of the partners and who leads for each (not what each pays)."""
    cells = [c.strip() for c in re.split(r"\t|\|", header) if c.strip()]
    return bool(cells) and bool(re.fullmatch(r"(safeguarding |statutory )?(partner|organisation|agency)s?", cells[0], re.I)) and not re.search(
        r"£|contribut|budget|fund|income|amount|%|\d{4}", header, re.I)


def _is_membership_table(header: str) -> bool:
    """'Name | Title | Representing': a table of members with a column for the body each comes from."""
    cells = [c.strip() for c in re.split(r"\t|\|", header) if c.strip()]
    return len(cells) >= 2 and any(re.fullmatch(r"representing|(?:member\s+)?(?:organisation|agency)s?", c, re.I) for c in cells[1:]) and not re.search(
        r"£|contribut|budget|fund|income|amount|%|\d{4}", header, re.I)


def _is_attendance_table(seg: Segment) -> bool:
    return bool(re.search(r"^(organisation|agency|partner)", seg.text, re.I)) and bool(re.search(r"\b(yes|no)\b", seg.text, re.I))

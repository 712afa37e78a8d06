"""Themes, priorities, named reviews, partner organisations and people."""

from __future__ import annotations

import re

from schemas import BlockKind, Mention, period as period_in

from .context import DocContext
from .segments import Segment, TaggedDocument

# ---------------------------------------------------------------- themes and priorities



def themes(tagged: TaggedDocument) -> list[Mention]:
    out = []
    for seg in tagged.segments:
        for span in seg.spans("theme"):
            out.append(seg.mention("THEME", span.start_char, span.end_char, "theme.phrase", theme=span.id_, cue=span.text))
    return out


def _has_priority_cue(seg: Segment) -> bool:
    return any(s.label_ == "PRIORITY" for s in seg.spans("cue"))


def priorities(tagged: TaggedDocument) -> list[Mention]:
    """Themes the partnership names as priorities: in a sentence or heading about priorities, or the list it introduces."""
    out: list[Mention] = []
    intro_period: str | None = None
    in_list_after_intro = False
    for seg in tagged.segments:
        heading_cue = [h for h in seg.headings[-2:] if re.search(r"\bpriorit", h, re.I)]
        own_cue = _has_priority_cue(seg)
        if seg.kind is not BlockKind.list_item:
            in_list_after_intro = own_cue and seg.text.rstrip().endswith(":")
            if in_list_after_intro:
                intro_period = period_in(seg.text)
        if own_cue and not re.search(r"\b(progress against|were|was|previous|last year)\b", seg.text, re.I):
            period = period_in(seg.text) or (period_in(heading_cue[-1]) if heading_cue else None)
            rule = "priority.sentence"
        elif seg.kind is BlockKind.list_item and (in_list_after_intro or (heading_cue and not _is_progress(heading_cue))):
            period = intro_period if in_list_after_intro else period_in(heading_cue[-1])
            rule = "priority.list"
        else:
            continue
        if seg.kind is BlockKind.table:
            continue
        for span in seg.spans("theme"):
            out.append(seg.mention("PRIORITY", span.start_char, span.end_char, rule, theme=span.id_, period=period))
    return out


def _is_progress(headings: list[str]) -> bool:
    return any(re.search(r"progress|achiev|review of|last year", h, re.I) for h in headings)


# ---------------------------------------------------------------- reviews

_CASE_CODE = re.compile(r"\b(Child|Baby|Infant|Young Person|Sibling|Family|Children)\s+([A-Z]{1,2})(?![\w'’])(\s*\([^)]{1,30}\))?")
_REVIEW_ACRONYM = r"(?:LCSPR|CSPR|SPR|SCR|SAR|DHR|Rapid Review|Serious Case Review|Safeguarding Practice Review|Safeguarding Adults? Review|Domestic Homicide Review|Learning Review|Thematic Review)"
_NAMED_AFTER = re.compile(_REVIEW_ACRONYM + r"s?\s*(?:[-–:]\s*|\s+)?(?:for\s+|into\s+|of\s+|on\s+)?['‘\"“]?([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)?)['’\"”]?")
_NAMED_BEFORE = re.compile(r"['‘\"“]?([A-Z][a-z]{2,})['’\"”]?\s+" + _REVIEW_ACRONYM + r"\b")
_QUOTED_TITLE = re.compile(r"['‘\"“]((?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)(?:\s+(?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)){1,9})['’\"”]")
_NOT_NAMES = {
    "The", "This", "These", "That", "Local", "National", "Child", "Children", "Review", "Reviews", "Safeguarding", "Practice",
    "Partnership", "Panel", "Serious", "Rapid", "Case", "Learning", "Thematic", "Report", "Reports", "Action", "Plan", "Group",
    "Board", "Our", "All", "Each", "Both", "Two", "Three", "Four", "One", "Five", "Its", "Their", "Key", "Following", "Findings",
    "Published", "Recommendations", "Themes", "Multi", "Agency", "Executive", "Summary", "Annual", "Independent", "Police",
    "Council", "Health", "Social", "Care", "Domestic", "Homicide", "Adults", "Adult", "Where", "When", "Within", "From", "With",
    "Update", "Briefing", "Briefings", "Page", "Appendix", "Priority", "Since", "During", "After", "Before", "Further", "Quality",
    "Assurance", "Early", "Help", "Family", "Voice", "Subgroup", "Sub", "Meeting", "Meetings", "Process", "Processes", "Committee",
    "Scrutiny", "Strategic", "Stage", "Phase", "Team", "Teams", "Lessons", "Learnt", "Training", "Programme", "Section",
}
_CONDUCTED = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+)\s+(?:Safeguarding\s+Children\s+Partnership|CSCP|SCP|LCSPR|Safeguarding\s+Adults\s+Board)"
)
_ADULTS_BOARD = re.compile(r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+\s+Safeguarding\s+Adults?\s+Board)")


def reviews(tagged: TaggedDocument, ctx: DocContext) -> list[Mention]:
    out: list[Mention] = []
    for seg in tagged.segments:
        if seg.kind is BlockKind.table:
            continue
        for name, start, end, rule in _review_names(seg.text):
            review_type, status = _review_type(seg, start), _status(seg)
            if review_type is None:
                continue
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(
                seg.mention(
                    "REVIEW", base + start, base + end, rule,
                    case_name=name, review_type=review_type, status=status, conducted_by=_conducted_by(seg, ctx, review_type),
                )
            )
    return out


def _review_names(text: str):
    for match in _CASE_CODE.finditer(text):
        name = f"{match.group(1)} {match.group(2)}"
        if match.group(3) and re.match(r"\s*\(Child [A-Z]\)", match.group(3)):
            name += match.group(3)
        yield name.strip(), match.start(), match.end(), "review.case_code"
    for pattern, rule in ((_NAMED_AFTER, "review.named_after_type"), (_NAMED_BEFORE, "review.named_before_type")):
        for match in pattern.finditer(text):
            name = match.group(1)
            first = name.split()[0]
            if first in _NOT_NAMES or name.isupper():
                continue
            if len(name.split()) > 1 and name.split()[1] in _NOT_NAMES:
                name = first
            yield name, match.start(1), match.end(1), rule
    if re.search(r"national (review|panel)|review panel", text, re.I):
        for match in _QUOTED_TITLE.finditer(text):
            yield match.group(1), match.start(1), match.end(1), "review.quoted_title"


def _review_type(seg: Segment, position: int) -> str | None:
    types = [s for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
    heading_types = [h for h in seg.headings[-2:] if re.search(r"review|LCSPR|SCR|SPR", h)]
    if not types:
        if heading_types:
            low = heading_types[-1].lower()
            if "national" in low:
                return "national_review"
            if "serious case" in low or "scr" in low:
                return "scr"
            if "rapid" in low:
                return "rapid_review"
            return "lcspr"
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    nearest = min(types, key=lambda s: abs(s.start_char - base - position))
    return nearest.id_


def _status(seg: Segment) -> str:
    statuses = [s.id_ for s in seg.spans("cue") if s.label_ == "STATUS"]
    order = ["awaiting_publication", "published", "completed", "in_progress", "commissioned"]
    for status in order:
        if status in statuses:
            return status
    return "unknown"


def _conducted_by(seg: Segment, ctx: DocContext, review_type: str) -> str | None:
    text = seg.text + " " + " ".join(seg.headings[-1:])
    if review_type == "other":
        match = _ADULTS_BOARD.search(text)
        if match:
            return match.group(1)
    for match in _CONDUCTED.finditer(text):
        place = match.group(1)
        if ctx.partnership and place.split()[0].lower() in ctx.partnership.lower():
            continue
        if any(place.lower() == a.lower() for a in ctx.areas):
            continue
        return place
    return None


# ---------------------------------------------------------------- partners

_STATUTORY_CONTEXT = re.compile(r"statutory (safeguarding )?partners?|three (safeguarding |statutory )?partners|safeguarding partners are|lead (safeguarding )?partners", re.I)
_MEMBER_CONTEXT = re.compile(r"relevant agenc|represented on|agencies represented|board members|membership|member agencies|partners include|attendance", re.I)


def partners(tagged: TaggedDocument) -> list[Mention]:
    out: list[Mention] = []
    role_context: str | None = None
    for seg in tagged.segments:
        own_role = "statutory_partner" if _STATUTORY_CONTEXT.search(seg.text) else None
        if own_role is None and _MEMBER_CONTEXT.search(seg.text) and seg.kind is not BlockKind.table:
            own_role = "relevant_agency"
        heading_role = None
        for heading in seg.headings[-2:]:
            if _STATUTORY_CONTEXT.search(heading):
                heading_role = "statutory_partner"
            elif _MEMBER_CONTEXT.search(heading) or re.search(r"agencies|partners\b", heading, re.I):
                heading_role = heading_role or "relevant_agency"
        if seg.kind is not BlockKind.list_item and seg.kind is not BlockKind.table:
            role_context = own_role if seg.text.rstrip().endswith(":") else None
        role = own_role or (role_context if seg.kind in (BlockKind.list_item, BlockKind.table) else None)
        if role is None and seg.kind in (BlockKind.list_item, BlockKind.table):
            role = heading_role
        if seg.kind is BlockKind.table and role is None and _is_attendance_table(seg):
            role = "relevant_agency"
        if role is None:
            continue
        for span in seg.spans("org"):
            out.append(seg.mention("PARTNER", span.start_char, span.end_char, f"partner.{role}", name=span.text, canonical=span.id_, role=role))
    return out


def _is_attendance_table(seg: Segment) -> bool:
    return bool(re.search(r"^(organisation|agency|partner)", seg.text, re.I)) and bool(re.search(r"\b(yes|no)\b", seg.text, re.I))


# ---------------------------------------------------------------- people

_NAME = r"((?:Dr\.?\s+|Cllr\.?\s+)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
_NAME_THEN_ROLE = re.compile(_NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?\s*(?:,|\(|–|-|:)\s*(?:the\s+|our\s+)?([^)\n]{3,120})")
_ROLE_THEN_NAME = re.compile(r"(?:[Ii]ndependent [A-Z]?[a-z]+(?: [A-Z]?[a-z]+)?|[Cc]hair|[Dd]irector[^,.;]{0,60}|[Ss]cru[a-z]+|[Mm]anager|[Cc]ommander|[Ss]uperintendent|[Nn]urse)\s*,?\s+" + _NAME)
_NOT_PERSON_WORDS = {
    "Safeguarding", "Children", "Council", "Police", "Partnership", "Board", "Service", "Services", "Trust", "Health", "Care",
    "Executive", "Director", "Independent", "Local", "National", "Chief", "Young", "People", "Child", "Review", "Annual", "Report",
    "London", "Borough", "City", "County", "Integrated", "North", "South", "East", "West", "Central", "Basic", "Command", "Unit",
    "Metropolitan", "Early", "Help", "Public", "Social", "Family", "Families", "Education", "Learning", "Practice", "Panel",
    "Group", "Team", "Commissioner", "Scrutineer", "Chair", "Manager", "Head", "Lead", "Designated", "Officer", "Deputy", "Assistant",
    "Detective", "Superintendent", "Nurse", "Camden", "Croydon", "Hackney", "Section", "Priority", "Working", "Together", "Domestic",
    "Abuse", "Multi", "Agency", "The", "Our", "Dear", "Thank", "Mental", "Community", "Strategic", "Corporate", "Clinical",
    "Commissioning", "Quality", "Assurance", "Youth", "Justice", "Probation", "Fire", "Brigade", "Ambulance", "Foundation", "Royal",
    "Department", "Ofsted", "Cabinet", "Member", "Members", "Committee", "Scrutiny", "Chairs", "Adult", "Adults", "Voluntary",
}


def _plausible_name(name: str) -> bool:
    words = re.sub(r"^(Dr\.?|Cllr\.?)\s+", "", name).split()
    return len(words) >= 2 and not any(w in _NOT_PERSON_WORDS for w in words)


def people(tagged: TaggedDocument) -> list[Mention]:
    out: list[Mention] = []
    blocks = tagged.document.blocks
    for seg in tagged.segments:
        if seg.kind is BlockKind.table:
            continue
        base = seg.sent.start_char if seg.sent is not None else 0
        for match in _NAME_THEN_ROLE.finditer(seg.text):
            name, role_text = match.group(1), match.group(2)
            if _plausible_name(name):
                out.append(seg.mention("PERSON", base + match.start(1), base + match.end(1), "person.name_then_role", name=name, role_text=role_text))
        for match in _ROLE_THEN_NAME.finditer(seg.text):
            name = match.group(1)
            if _plausible_name(name):
                role_text = seg.text[max(0, match.start() - 40) : match.start(1)]
                out.append(seg.mention("PERSON", base + match.start(1), base + match.end(1), "person.role_then_name", name=name, role_text=role_text))
    # signatures: a block that is only a name, followed by a block naming the role
    for index, block in enumerate(blocks[:-1]):
        text = tagged.document.block_text(block).strip()
        match = re.fullmatch(_NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?", text)
        if match and _plausible_name(match.group(1)):
            role_text = tagged.document.block_text(blocks[index + 1])[:160]
            out.append(
                Mention(label="PERSON", text=match.group(1), start=block.start, end=block.start + len(match.group(1)), page=block.page,
                        sentence=text + " / " + role_text, rule="person.signature", attrs={"name": match.group(1), "role_text": role_text})
            )
    return out

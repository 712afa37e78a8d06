"""Mentions to candidate facts in the contract's shape, merged so that each fact is stated once."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable, NamedTuple

from lscp.schemas import (
    FigureMention,
    FinanceMention,
    Mention,
    PartnerMention,
    PersonMention,
    PriorityMention,
    Rejection,
    ReportMention,
    ReviewMention,
    ThemeMention,
)

from .numbers import NumberError, parse_number, tidy
from .orgs import HEALTH_ABBREVIATION, ResolvedOrg, resolve_org
from .reference import areas as reference_areas



class Candidate(NamedTuple):
    """A fact in the contract's shape, before validation, with the mention it came from."""

    kind: str
    fields: dict[str, Any]
    mention: Mention


STATUS_ORDER = ["published", "awaiting_publication", "completed", "in_progress", "commissioned", "unknown"]
ROLE_ORDER = ["statutory_partner", "relevant_agency", "funder"]
_TOTAL_METRIC = {"income": "partnership_income_gbp", "expenditure": "partnership_expenditure_gbp"}


def to_candidates(mentions: Iterable[Mention]) -> tuple[list[Candidate], list[Rejection]]:
    """Turn every mention into contract fields; a mention that cannot be read becomes a rejection."""
    by_kind: dict[type, list] = defaultdict(list)
    for mention in mentions:
        by_kind[type(mention)].append(mention)
    rejections: list[Rejection] = []
    out: list[Candidate] = []
    out += _report(by_kind[ReportMention], rejections)
    out += _figures(by_kind[FigureMention], by_kind[FinanceMention], rejections)
    out += _themes(by_kind[ThemeMention])
    out += _priorities(by_kind[PriorityMention])
    out += _reviews(by_kind[ReviewMention])
    partners, statutory = _partners(by_kind[PartnerMention], by_kind[FinanceMention], by_kind[ReportMention])
    out += partners
    out += _people(by_kind[PersonMention], statutory)
    out += _finance(by_kind[FinanceMention])
    return out, rejections


def _reject(rejections: list[Rejection], kind: str, reason: str, mention: Mention) -> None:
    rejections.append(Rejection(kind=kind, reason=reason, candidate=mention.fields(), evidence=mention.evidence()))


def _report(mentions: list[ReportMention], rejections: list[Rejection]) -> list[Candidate]:
    out = []
    for mention in mentions:
        if not mention.partnership:
            _reject(rejections, "report", "no partnership name found in the document", mention)
            continue
        fields = {
            "partnership": mention.partnership,
            "document_kind": mention.document_kind,
            "reporting_year": mention.reporting_year,
            "areas": list(mention.areas),
        }
        out.append(Candidate("report", fields, mention))
    return out


def _figures(mentions: list[FigureMention], finance: list[FinanceMention], rejections: list[Rejection]) -> list[Candidate]:
    out = []
    for mention in mentions:
        try:
            value = parse_number(mention.number)
        except NumberError as exc:
            _reject(rejections, "figure", str(exc), mention)
            continue
        fields = {
            "metric": mention.metric,
            "value": tidy(value),
            "unit": mention.unit,
            "area": mention.area,
            "breakdown": mention.breakdown,
            "comparator": mention.comparator,
        }
        out.append(Candidate("figure", fields, mention))
    placed = {(f["metric"], f["value"], f["breakdown"], f["comparator"]) for _, f, _ in out if f["area"]}
    out = [c for c in out if c.fields["area"] or (c.fields["metric"], c.fields["value"], c.fields["breakdown"], c.fields["comparator"]) not in placed]
    stated = {(fields["metric"], fields["value"]) for _, fields, _ in out}
    for mention in finance:
        if mention.is_total:
            if (_TOTAL_METRIC[mention.direction], tidy(mention.amount)) in stated:
                continue  # the total is also stated in a sentence: one fact
            fields = {
                "metric": _TOTAL_METRIC[mention.direction],
                "value": tidy(mention.amount),
                "unit": "gbp",
                "area": None,
                "breakdown": None,
                "comparator": None,
            }
            out.append(Candidate("figure", fields, mention.model_copy(update={"rule": "figure.budget_total"})))
    return out


def _themes(mentions: list[ThemeMention]) -> list[Candidate]:
    return [Candidate("theme", {"theme": m.theme}, m) for m in mentions]


def _priorities(mentions: list[PriorityMention]) -> list[Candidate]:
    """One priority per theme: the first mention that names a period, else the first."""
    chosen: dict[str, PriorityMention] = {}
    for mention in mentions:
        theme = mention.theme
        if theme not in chosen or (chosen[theme].period is None and mention.period):
            chosen[theme] = mention
    return [Candidate("priority", {"theme": t, "period": m.period}, m) for t, m in chosen.items()]


def _case_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def _reviews(mentions: list[ReviewMention]) -> list[Candidate]:
    """Merge every mention of one case: the most named type, the most advanced status stated."""
    groups: dict[str, list[ReviewMention]] = defaultdict(list)
    for mention in mentions:
        groups[_case_key(mention.case_name)].append(mention)
    out = []
    for group in groups.values():
        # a name alone on a line under a heading about reviews says least about the type
        types = Counter({})
        for m in group:
            if m.review_type:
                types[m.review_type] += 1 if m.rule != "review.section_list" else 0.5
        if not types:
            continue  # a case only named, never as a review
        # of types named as often, a local review over the rapid review it grew from ("Child S ... progressed to an LCSPR")
        review_type = max(types, key=lambda t: (types[t], t in ("lcspr", "scr")))
        statuses = {m.status or "unknown" for m in group}
        status = next(s for s in STATUS_ORDER if s in statuses or s == "unknown")
        if status == "unknown" and review_type == "rapid_review":
            status = "completed"  # a rapid review is done within weeks of the notification
        conducted = Counter(m.conducted_by for m in group if m.conducted_by)
        fields = {
            "case_name": group[0].case_name,
            "review_type": review_type,
            "status": status,
            "conducted_by": conducted.most_common(1)[0][0] if conducted else None,
        }
        out.append(Candidate("review", fields, next(m for m in group if m.review_type)))
    return out


_ICB = re.compile(r"\bintegrated care board\b|\bICB\b", re.I)
_CCG = re.compile(r"\bclinical commissioning group\b|\bCCG\b", re.I)
_POLICE_FORCE = re.compile(r"\b(police|constabulary|police service)$", re.I)
_NOT_A_FORCE = re.compile(r"\bbritish transport\b|\bcommissioner\b|\bofficer\b", re.I)
_PARTNERSHIP_SUFFIX = re.compile(r"\s*\b(?:(?:local|regional)\s+)?(safeguarding children|children'?s? safeguarding|safeguarding)\b.*$", re.I)
_COUNCIL_KIND = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal|metropolitan)\s+)?(?:borough|city|county)\s+of\s+|(?:\s+(?:county|city|borough|district|metropolitan|town|unitary))*\s+council$", re.I)
_HEALTH_BOARD = re.compile(r"\bhealth board$", re.I)
_NHS_TRUST = re.compile(r"\bTrust$")
_AMOUNT = re.compile(r"£|\b\d{1,3}(?:,\d{3})+\b")  # a line of a budget
_NOT_A_PARTNER = re.compile(r"\bpractice review panel\b", re.I)  # the national Panel the partners report to
# an income line naming an organisation the register lacks, by the form of its name ('Office of the Police and
# Crime Commissioner for X', 'X Schools Forum'); not a line for a kind of income ('Training charges')
_ORG_LABEL = re.compile(
    r"^(?!(?:total|other|training|staffing|police|health|council|local|the)\b)[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|and|of|the|for|&))*"
    r"\s+(?:Council|Police|Constabulary|Board|Trust|Forum|Commissioner\s+for\s+[A-Z][\w\s]+|Company|College|CCG|ICB|Service)$", re.I)
_BARE_PCC = re.compile(r"(?:the\s+)?(?:office\s+of\s+the\s+)?police\s+(?:and|&)\s+crime\s+commissioner(?:['’]s\s+office)?|(?:the\s+)?O?PCC", re.I)
_BARE_PCC_NAME = "Police and Crime Commissioner"
_PCC_FOR = re.compile(
    r"(?:the\s+)?police\s+(?:and|&)\s+crime\s+commissioner\s+for\s+[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|and|&))*$"
    r"|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+office\s+of\s+the\s+police(?:,?\s+fire)?\s+(?:and|&)\s+crime\s+commissioner$",  # "Westbrook Office of the ..."
    re.I,
)
_ICBS_FROM = "2021-22"  # integrated care boards replaced clinical commissioning groups on 1 July 2022


def _own_places(report: ReportMention | None) -> list[str]:
    """The places the partnership is named after ('Stourmere & Brindlecombe Safeguarding Children Partnership'),
    and the areas it covers."""
    if report is None:
        return []
    places = list(report.areas)
    prefix = _PARTNERSHIP_SUFFIX.sub("", report.partnership or "").strip()
    places += [p.strip() for p in re.split(r"\s+(?:and|&)\s+|,\s*", prefix) if p.strip()]
    return places


def _own_council(org, report: ReportMention | None) -> bool:
    """The local authority of the partnership's own area: its council in the areas register, or a council
    named after a place the partnership is named after ('Harbourside Council', 'Harbourside County Council')."""
    if org.org_type != "local_authority" or report is None:
        return False
    areas = set(report.areas)
    if any(area.name in areas and area.council.casefold() == org.canonical.casefold() for area in reference_areas()):
        return True
    for place in _own_places(report):
        words = r"(?:the\s+)?(?:(?:london|royal|metropolitan)\s+)?(?:borough|city|county)\s+of\s+"
        kinds = r"(?:\s+(?:county|city|borough|district|metropolitan borough|london borough|unitary))?\s+council"
        if re.fullmatch(rf"(?:{words})?{re.escape(place)}(?:{kinds})?", org.name, re.I) and (
            re.search(r"council$", org.name, re.I) or re.match(words, org.name, re.I)
        ):
            return True
    return False


def _statutory_by_nature(org, report: ReportMention | None, *, named_only: bool) -> bool:
    """Whether an organisation is one of the three statutory partners by what it is: the partnership's own
    local authority wherever the text names it; and, when the text names it as a partner (or funder), an
    integrated care board (a clinical commissioning group before they were replaced) or a territorial police force."""
    if _own_council(org, report):
        return True
    if named_only:
        return False  # a health body or force named in passing may be a neighbour's
    if org.org_type == "local_authority" and report is not None and report.partnership:
        # named as a partner or member: a council whose place the partnership's name holds ('Ashenby and Coldwell
        # Safeguarding Children Partnership'), or any council of a board (an LSCB's or a Welsh regional board's members)
        place = _COUNCIL_KIND.sub("", org.name).strip()
        if (place and re.search(rf"\b{re.escape(place)}\b", report.partnership)) or re.search(r"\b(?:Children|Safeguarding|Regional)\s+Board\b", report.partnership):
            return True
    year = report.reporting_year if report is not None else None
    if org.org_type == "health" and _HEALTH_BOARD.search(org.canonical):
        return True  # a Welsh university health board, the health partner of a regional board
    if year and org.org_type == "health":
        if _ICB.search(org.canonical) and year >= _ICBS_FROM:
            return True
        if _CCG.search(org.canonical) and year <= _ICBS_FROM:
            return True
    if year is None and org.org_type == "health" and _CCG.search(org.canonical):
        return True  # an undated page (board minutes dated by meeting) naming a CCG as a member: the CCGs' years
    if year is None and org.org_type == "health" and _ICB.search(org.canonical):
        return True  # an undated page or news story naming an integrated care board among members: the area's ICB
    if org.org_type == "police" and _POLICE_FORCE.search(org.canonical) and not _NOT_A_FORCE.search(org.canonical):
        return True
    return False


def _partners(
    mentions: list[PartnerMention], finance: list[FinanceMention], reports: list[ReportMention] | None = None
) -> tuple[list[Candidate], set[str]]:
    """One partner per organisation, with the strongest role any mention gives it and the name its first
    mention in that role uses. An organisation the text names without a role counts only when it is a
    statutory partner by what it is."""
    report = reports[0] if reports else None
    best: dict[str, tuple[int, dict[str, Any], Mention]] = {}
    year = report.reporting_year if report is not None else None

    def keep(org, role: str, mention: Mention, *, named: bool = False) -> None:
        if role == "statutory_partner" and year and year > _ICBS_FROM and org.org_type == "health" and _CCG.search(org.canonical):
            return  # named among the partners in a year after integrated care boards replaced them: the ICB's predecessor
        # of two mentions in one role, one that names the organisation as a partner gives its name before one
        # that only names it: "Harbourside Council" in "the partners are ..." over "LONDON BOROUGH OF HARBOURSIDE"
        rank = ROLE_ORDER.index(role) * 2 + named
        key = org.canonical.casefold()  # "Hackney Council" and "London Borough of Hackney": one partner
        if key not in best or rank < best[key][0]:
            best[key] = (rank, {"name": org.name, "org_type": org.org_type, "role": role}, mention)

    named_elsewhere: set[str] = set()
    for mention in mentions:
        org = resolve_org(mention.name, mention.canonical)
        if not mention.rule.startswith("finance") and not _AMOUNT.search(mention.sentence or ""):
            named_elsewhere.add(org.canonical.casefold())  # not a line of the budget table itself
        if _NOT_A_PARTNER.search(org.canonical):
            continue
        role = mention.role
        if role == "named":
            if _statutory_by_nature(org, report, named_only=True):
                keep(org, "statutory_partner", mention, named=True)
            continue
        keep(org, "statutory_partner" if _statutory_by_nature(org, report, named_only=False) else role, mention)
    for mention in finance:
        if mention.direction != "income" or mention.is_total:
            continue
        contributor = _contributor(mention.label).strip()
        if _BARE_PCC.fullmatch(contributor):  # "Police and Crime Commissioner | 6,000": the force area's commissioner
            keep(ResolvedOrg(_BARE_PCC_NAME, "police", False, _BARE_PCC_NAME), "funder", mention)
            continue
        org = resolve_org(contributor)
        if org.known or _ORG_LABEL.match(contributor) or _PCC_FOR.match(contributor):
            # an NHS trust paying towards the budget that the text also names elsewhere is one of the relevant agencies
            # the law names, not only a funder
            paying = "relevant_agency" if org.org_type == "health" and _NHS_TRUST.search(org.canonical) and org.canonical.casefold() in named_elsewhere else "funder"
            keep(org, "statutory_partner" if _statutory_by_nature(org, report, named_only=False) else paying, mention)
    if _BARE_PCC_NAME.casefold() in best and any(k != _BARE_PCC_NAME.casefold() and "police and crime commissioner" in k for k in best):
        del best[_BARE_PCC_NAME.casefold()]  # the commissioner is also named in full: one partner
    statutory = {key for key, (rank, _, _) in best.items() if rank < 2}
    return [Candidate("partner", fields, mention) for _, fields, mention in best.values()], statutory


_PERSON_TITLE = re.compile(
    r"^(?:(?:Dr|Cllr|Coun|Councillor|Professor|Prof|Reverend|Revd|Rev|Mrs|Mr|Ms|Miss)\.?"
    r"|(?:Detective\s+)?(?:(?:Assistant|Deputy)\s+)?(?:Chief\s+)?(?:Superintendent|Inspector|Constable))\s+"
)


_REPRESENTING = re.compile(r"\brepresenting\b", re.I)
_MEMBER_POST = re.compile(r"\b(?:named|designated)\s+(?:nurse|doctor|professional)|\bhead of safeguarding\b|\bsafeguarding lead\b", re.I)
_HEAD_OF = re.compile(r"\s*(?:the\s+)?head\s+of\b", re.I)


def _people(mentions: list[PersonMention], statutory: set[str]) -> list[Candidate]:
    out = []
    seen: set[tuple[str, str]] = set()
    for mention in mentions:
        role = mention.role
        if role is None:
            orgs = [resolve_org(o).canonical.casefold() for o in mention.orgs]
            if any(o in statutory for o in orgs):
                role = "statutory_partner_lead"
            elif _REPRESENTING.search(mention.role_text) or mention.rule == "person.name_from_body":
                role = "other"  # "Carl Brooke of Fennick Voluntary Action, representing the voluntary sector": a member
            elif orgs and _HEAD_OF.match(mention.role_text):
                role = "other"  # "Gethin Rees, Head of Service, Tawelan Youth Justice Service": a member from another body
            elif mention.rule == "person.name_then_role" and _MEMBER_POST.search(mention.role_text):
                role = "other"  # "Gemma Holroyd, Named Nurse Safeguarding Children, X Hospitals NHS Foundation Trust": a member from another body
            else:
                continue
        name = _PERSON_TITLE.sub("", mention.name).strip()
        key = (name.casefold(), role)
        if key in seen:
            continue
        seen.add(key)
        out.append(Candidate("person", {"name": name, "role": role}, mention))
    return out


_FUNDING_WORDS = re.compile(r"\s+(?:(?:one-off|project|core|annual)\s+)*(?:funding|grant|contribution|income)s?$", re.I)


def _contributor(label: str) -> str:
    """The contributor an income line names: 'DfE project funding', 'Police contribution' -> 'DfE', 'Police'."""
    stripped = _FUNDING_WORDS.sub("", label).strip()
    return stripped or label


def _finance(mentions: list[FinanceMention]) -> list[Candidate]:
    out = []
    for mention in mentions:
        label = re.sub(r"\s+", " ", mention.label).strip(" :-–")
        if mention.direction == "income" and not mention.is_total:
            org = resolve_org(_contributor(label))
            # a name the register lacks stays as printed, but for the health body's abbreviation spelled out
            counterparty = org.name if org.known or HEALTH_ABBREVIATION.search(_contributor(label)) else label
            if re.fullmatch(r"(?:the\s+)?O?PCC", _contributor(label).strip(), re.I):
                counterparty = _BARE_PCC_NAME  # the commissioner's office by its letters
        else:
            counterparty = label
        fields = {
            "direction": mention.direction,
            "counterparty": counterparty,
            "amount_gbp": tidy(mention.amount),
            "is_total": mention.is_total,
        }
        out.append(Candidate("finance", fields, mention))
    return out

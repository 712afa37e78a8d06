"""Mentions to candidate facts in the contract's shape, merged so that each fact is stated once."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable

from schemas import Mention, Rejection

from .numbers import NumberError, parse_number, tidy
from .orgs import resolve_org

Candidate = tuple[str, dict[str, Any], Mention]  # (kind, fields, the mention it came from)

STATUS_ORDER = ["published", "awaiting_publication", "completed", "in_progress", "commissioned", "unknown"]
ROLE_ORDER = ["statutory_partner", "relevant_agency", "funder"]
_TOTAL_METRIC = {"income": "partnership_income_gbp", "expenditure": "partnership_expenditure_gbp"}


def to_candidates(mentions: Iterable[Mention]) -> tuple[list[Candidate], list[Rejection]]:
    """Turn every mention into contract fields; a mention that cannot be read becomes a rejection."""
    by_label: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_label[mention.label].append(mention)
    rejections: list[Rejection] = []
    out: list[Candidate] = []
    out += _report(by_label["REPORT"], rejections)
    out += _figures(by_label["FIGURE"], by_label["FINANCE"], rejections)
    out += [("theme", {"theme": m.attrs["theme"]}, m) for m in by_label["THEME"]]
    out += _priorities(by_label["PRIORITY"])
    out += _reviews(by_label["REVIEW"])
    partners, statutory = _partners(by_label["PARTNER"], by_label["FINANCE"])
    out += partners
    out += _people(by_label["PERSON"], statutory)
    out += _finance(by_label["FINANCE"])
    return out, rejections


def _reject(rejections: list[Rejection], kind: str, reason: str, mention: Mention) -> None:
    rejections.append(Rejection(kind=kind, reason=reason, candidate=dict(mention.attrs), evidence=mention.evidence()))


def _report(mentions: list[Mention], rejections: list[Rejection]) -> list[Candidate]:
    out = []
    for mention in mentions:
        attrs = mention.attrs
        if not attrs.get("partnership"):
            _reject(rejections, "report", "no partnership name found in the document", mention)
            continue
        fields = {
            "partnership": attrs["partnership"],
            "document_kind": attrs["document_kind"],
            "reporting_year": attrs.get("reporting_year"),
            "areas": list(attrs.get("areas") or []),
        }
        out.append(("report", fields, mention))
    return out


def _figures(mentions: list[Mention], finance: list[Mention], rejections: list[Rejection]) -> list[Candidate]:
    out = []
    for mention in mentions:
        attrs = mention.attrs
        try:
            value = parse_number(attrs["number"])
        except NumberError as exc:
            _reject(rejections, "figure", str(exc), mention)
            continue
        fields = {
            "metric": attrs["metric"],
            "value": tidy(value),
            "unit": attrs["unit"],
            "area": attrs.get("area"),
            "breakdown": attrs.get("breakdown"),
            "comparator": attrs.get("comparator"),
        }
        out.append(("figure", fields, mention))
    placed = {(f["metric"], f["value"], f["breakdown"], f["comparator"]) for _, f, _ in out if f["area"]}
    out = [c for c in out if c[1]["area"] or (c[1]["metric"], c[1]["value"], c[1]["breakdown"], c[1]["comparator"]) not in placed]
    stated = {(fields["metric"], fields["value"]) for _, fields, _ in out}
    for mention in finance:
        if mention.attrs.get("is_total"):
            if (_TOTAL_METRIC[mention.attrs["direction"]], tidy(mention.attrs["amount"])) in stated:
                continue  # the total is also stated in a sentence: one fact
            fields = {
                "metric": _TOTAL_METRIC[mention.attrs["direction"]],
                "value": tidy(mention.attrs["amount"]),
                "unit": "gbp",
                "area": None,
                "breakdown": None,
                "comparator": None,
            }
            out.append(("figure", fields, mention.model_copy(update={"rule": "figure.budget_total"})))
    return out


def _priorities(mentions: list[Mention]) -> list[Candidate]:
    """One priority per theme: the first mention that names a period, else the first."""
    chosen: dict[str, Mention] = {}
    for mention in mentions:
        theme = mention.attrs["theme"]
        if theme not in chosen or (chosen[theme].attrs.get("period") is None and mention.attrs.get("period")):
            chosen[theme] = mention
    return [("priority", {"theme": t, "period": m.attrs.get("period")}, m) for t, m in chosen.items()]


def _case_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def _reviews(mentions: list[Mention]) -> list[Candidate]:
    """Merge every mention of one case: the most named type, the most advanced status stated."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[_case_key(mention.attrs["case_name"])].append(mention)
    out = []
    for group in groups.values():
        types = Counter(m.attrs["review_type"] for m in group if m.attrs.get("review_type"))
        if not types:
            continue  # a case only named, never as a review
        review_type = types.most_common(1)[0][0]
        statuses = {m.attrs.get("status") or "unknown" for m in group}
        status = next(s for s in STATUS_ORDER if s in statuses or s == "unknown")
        if status == "unknown" and review_type == "rapid_review":
            status = "completed"  # a rapid review is done within weeks of the notification
        conducted = Counter(m.attrs["conducted_by"] for m in group if m.attrs.get("conducted_by"))
        fields = {
            "case_name": group[0].attrs["case_name"],
            "review_type": review_type,
            "status": status,
            "conducted_by": conducted.most_common(1)[0][0] if conducted else None,
        }
        out.append(("review", fields, next(m for m in group if m.attrs.get("review_type"))))
    return out


def _partners(mentions: list[Mention], finance: list[Mention]) -> tuple[list[Candidate], set[str]]:
    best: dict[str, tuple[int, dict[str, Any], Mention]] = {}
    for mention in mentions:
        org = resolve_org(mention.attrs["name"], mention.attrs.get("canonical"))
        rank = ROLE_ORDER.index(mention.attrs["role"])
        key = org.canonical.casefold()  # "Hackney Council" and "London Borough of Hackney": one partner
        if key not in best or rank < best[key][0]:
            name = best[key][1]["name"] if key in best else org.name  # the name the document first gives
            best[key] = (rank, {"name": name, "org_type": org.org_type, "role": mention.attrs["role"]}, mention)
    for mention in finance:
        if mention.attrs["direction"] != "income" or mention.attrs.get("is_total"):
            continue
        org = resolve_org(mention.attrs["label"])
        if org.known and org.canonical.casefold() not in best:
            best[org.canonical.casefold()] = (2, {"name": org.name, "org_type": org.org_type, "role": "funder"}, mention)
    statutory = {key for key, (rank, _, _) in best.items() if rank == 0}
    return [("partner", fields, mention) for _, fields, mention in best.values()], statutory


def _people(mentions: list[Mention], statutory: set[str]) -> list[Candidate]:
    out = []
    seen: set[tuple[str, str]] = set()
    for mention in mentions:
        role = mention.attrs.get("role")
        if role is None:
            orgs = [resolve_org(o).canonical.casefold() for o in mention.attrs.get("orgs", [])]
            if not any(o in statutory for o in orgs):
                continue
            role = "statutory_partner_lead"
        name = re.sub(r"^(Dr\.?|Cllr\.?)\s+", "", mention.attrs["name"]).strip()
        key = (name.casefold(), role)
        if key in seen:
            continue
        seen.add(key)
        out.append(("person", {"name": name, "role": role}, mention))
    return out


def _finance(mentions: list[Mention]) -> list[Candidate]:
    out = []
    for mention in mentions:
        attrs = mention.attrs
        label = re.sub(r"\s+", " ", attrs["label"]).strip(" :-–")
        if attrs["direction"] == "income" and not attrs.get("is_total"):
            org = resolve_org(label)
            counterparty = org.name if org.known else label
        else:
            counterparty = label
        fields = {
            "direction": attrs["direction"],
            "counterparty": counterparty,
            "amount_gbp": tidy(attrs["amount"]),
            "is_total": bool(attrs.get("is_total")),
        }
        out.append(("finance", fields, mention))
    return out

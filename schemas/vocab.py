"""The closed vocabularies of the facts contract, as enums."""

from __future__ import annotations

from enum import Enum


class FactKind(str, Enum):
    report = "report"
    figure = "figure"
    review = "review"
    partner = "partner"
    person = "person"
    theme = "theme"
    priority = "priority"
    finance = "finance"


class DocumentKind(str, Enum):
    annual_report = "annual_report"
    committee_cover_report = "committee_cover_report"
    committee_minutes = "committee_minutes"
    other = "other"


class Unit(str, Enum):
    count = "count"
    pct = "pct"
    rate_per_10k = "rate_per_10k"
    gbp = "gbp"
    days = "days"
    years = "years"


class Comparator(str, Enum):
    previous_year = "previous_year"
    national = "national"
    regional = "regional"
    statistical_neighbour = "statistical_neighbour"


class ReviewType(str, Enum):
    lcspr = "lcspr"
    scr = "scr"
    rapid_review = "rapid_review"
    national_review = "national_review"
    learning_review = "learning_review"
    other = "other"


class ReviewStatus(str, Enum):
    commissioned = "commissioned"
    in_progress = "in_progress"
    completed = "completed"
    published = "published"
    awaiting_publication = "awaiting_publication"
    unknown = "unknown"


class OrgType(str, Enum):
    local_authority = "local_authority"
    police = "police"
    health = "health"
    education = "education"
    probation = "probation"
    fire = "fire"
    youth_justice = "youth_justice"
    voluntary = "voluntary"
    cafcass = "cafcass"
    other = "other"


class PartnerRole(str, Enum):
    statutory_partner = "statutory_partner"
    relevant_agency = "relevant_agency"
    funder = "funder"


class PersonRole(str, Enum):
    independent_scrutineer = "independent_scrutineer"
    independent_chair = "independent_chair"
    statutory_partner_lead = "statutory_partner_lead"
    business_manager = "business_manager"
    other = "other"


class Direction(str, Enum):
    income = "income"
    expenditure = "expenditure"


class Status(str, Enum):
    """Outcome of one document's run through the pipeline."""

    ok = "ok"
    partial = "partial"
    failed = "failed"
    skipped = "skipped"

"""What the tagger hands to normalise: one model per fact kind, each a span of the document with the
rule that found it and the values the rule read around it (still as written: normalise makes them canonical)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from .facts import Evidence


class Mention(BaseModel):
    """A span the tagger found: its text, where it is, the sentence around it and the rule that found it."""

    text: str
    start: int
    end: int
    page: int = 1
    sentence: str = ""
    rule: str = ""

    def evidence(self) -> Evidence:
        return Evidence(page=self.page, char_start=self.start, char_end=self.end, sentence=self.sentence, rule=self.rule)

    def fields(self) -> dict[str, Any]:
        """What the rule read, without the span: the values a rejected candidate is kept with."""
        return self.model_dump(exclude=set(Mention.model_fields))


class ReportMention(Mention):
    """What the whole document says about itself."""

    partnership: str | None
    document_kind: str
    reporting_year: str | None
    areas: list[str] = Field(default_factory=list)
    kind_scores: dict[str, int] = Field(default_factory=dict)  # document kind -> cues for it near the start


class FigureMention(Mention):
    metric: str
    number: str  # the number as written
    value: float
    unit: str
    comparator: str | None = None
    area: str | None = None
    breakdown: str | None = None


class ReviewMention(Mention):
    case_name: str
    review_type: str | None
    status: str
    conducted_by: str | None = None


class PartnerMention(Mention):
    name: str  # as written
    canonical: str  # the register's name for it, "" for a name of a known form the register lacks
    role: str  # a partner role, or "named" when nothing around it gives one


class PersonMention(Mention):
    name: str
    role_text: str  # the words around the name that say the role
    role: str | None = None  # the role those words give
    orgs: list[str] = Field(default_factory=list)  # the organisations those words name


class ThemeMention(Mention):
    theme: str
    cue: str


class PriorityMention(Mention):
    theme: str
    period: str | None = None


class FinanceMention(Mention):
    direction: str
    label: str
    amount: float
    is_total: bool


MENTION_MODELS = (ReportMention, FigureMention, ReviewMention, PartnerMention, PersonMention, ThemeMention, PriorityMention, FinanceMention)

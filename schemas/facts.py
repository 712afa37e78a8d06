"""The fact models of the contract, each with the evidence that produced it."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from .taxonomy import metrics, themes
from .vocab import (
    Comparator,
    Direction,
    DocumentKind,
    OrgType,
    PartnerRole,
    PersonRole,
    ReviewStatus,
    ReviewType,
    Unit,
)

_YEAR = re.compile(r"^\d{4}-\d{2}$")
_PERIOD = re.compile(r"^\d{4}-\d{2}(\.\.\d{4}-\d{2})?$")


def _check_year(value: str) -> str:
    if not _YEAR.match(value):
        raise ValueError(f"year {value!r} is not YYYY-YY")
    start, end = int(value[:4]), int(value[5:])
    if (start + 1) % 100 != end:
        raise ValueError(f"year {value!r} does not span two consecutive years")
    return value


class Evidence(BaseModel):
    """Where a fact was read (page, character span in Document.text, sentence, rule) and how far to trust it:
    ``confidence`` is the share of the rule's facts found right on the answer sets it was measured on, lowered
    for a fact read by OCR (``ocr``). A DOCX has no pages: its facts are on page 1 and ``paragraph`` says where."""

    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    sentence: str | None = None
    rule: str | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    ocr: bool = Field(default=False, description="read from an image by OCR (confidence is lowered for it)")
    paragraph: int | None = Field(
        default=None, ge=1,
        description="in a DOCX, which has no fixed pages, the 1-based number of the body paragraph or table holding the fact (page is then 1)",
    )


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    evidence: Evidence = Field(default_factory=Evidence)

    # the fields that identify the fact for de-duplication (the contract's fields)
    _key_fields: tuple[str, ...] = ()

    def key(self) -> tuple[Any, ...]:
        out = [self.kind]  # type: ignore[attr-defined]
        for name in self._key_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                value = value.casefold()
            elif isinstance(value, list):
                value = tuple(value)
            out.append(value)
        return tuple(out)

    def contract(self) -> dict[str, Any]:
        """The contract's fields only, in the contract's order."""
        data = {"kind": self.kind}  # type: ignore[attr-defined]
        data.update(self.model_dump(exclude={"evidence", "kind"}, mode="json"))
        return data


class ReportFact(_Fact):
    kind: Literal["report"] = "report"
    partnership: str = Field(min_length=3)
    document_kind: DocumentKind
    reporting_year: str | None = None
    areas: list[str] = Field(default_factory=list)
    _key_fields = ("partnership", "document_kind", "reporting_year")

    @field_validator("reporting_year")
    @classmethod
    def _year(cls, value: str | None) -> str | None:
        return None if value is None else _check_year(value)


class FigureFact(_Fact):
    kind: Literal["figure"] = "figure"
    metric: str
    value: float
    unit: Unit
    area: str | None = None
    breakdown: str | None = None
    comparator: Comparator | None = None
    _key_fields = ("metric", "value", "unit", "area", "breakdown", "comparator")

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        if value not in metrics():
            raise ValueError(f"unknown metric id {value!r}")
        return value

    @model_validator(mode="after")
    def _unit_and_range(self) -> "FigureFact":
        expected = metrics()[self.metric].unit
        if Unit(self.unit) is not expected:
            raise ValueError(f"metric {self.metric} takes unit {expected.value}, not {self.unit}")
        if self.value < 0:
            raise ValueError("a figure cannot be negative")
        if Unit(self.unit) is Unit.pct and self.value > 100:
            raise ValueError(f"percentage {self.value} is over 100")
        if Unit(self.unit) is Unit.rate_per_10k and self.value > 10000:
            raise ValueError(f"rate {self.value} per 10,000 is over 10,000")
        return self


class ReviewFact(_Fact):
    kind: Literal["review"] = "review"
    case_name: str = Field(min_length=1, max_length=200)
    review_type: ReviewType
    status: ReviewStatus = ReviewStatus.unknown
    conducted_by: str | None = None
    _key_fields = ("case_name", "review_type")


class PartnerFact(_Fact):
    kind: Literal["partner"] = "partner"
    name: str = Field(min_length=2)
    org_type: OrgType
    role: PartnerRole
    _key_fields = ("name",)


class PersonFact(_Fact):
    kind: Literal["person"] = "person"
    name: str = Field(min_length=3)
    role: PersonRole
    _key_fields = ("name", "role")

    @field_validator("name")
    @classmethod
    def _two_words(cls, value: str) -> str:
        if len(value.split()) < 2:
            raise ValueError(f"person name {value!r} needs a first and last name")
        return value


class ThemeFact(_Fact):
    kind: Literal["theme"] = "theme"
    theme: str
    _key_fields = ("theme",)

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        if value not in themes():
            raise ValueError(f"unknown theme id {value!r}")
        return value


class PriorityFact(ThemeFact):
    kind: Literal["priority"] = "priority"  # type: ignore[assignment]
    period: str | None = None
    _key_fields = ("theme",)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _PERIOD.match(value):
            raise ValueError(f"period {value!r} is not YYYY-YY or YYYY-YY..YYYY-YY")
        for part in value.split(".."):
            _check_year(part)
        return value


class FinanceFact(_Fact):
    kind: Literal["finance"] = "finance"
    direction: Direction
    counterparty: str = Field(min_length=2)
    amount_gbp: float = Field(ge=0)
    is_total: bool = False
    _key_fields = ("direction", "counterparty", "amount_gbp", "is_total")


Fact = Annotated[
    Union[ReportFact, FigureFact, ReviewFact, PartnerFact, PersonFact, ThemeFact, PriorityFact, FinanceFact],
    Field(discriminator="kind"),
]

FACT_MODELS: dict[str, type[_Fact]] = {
    "report": ReportFact,
    "figure": FigureFact,
    "review": ReviewFact,
    "partner": PartnerFact,
    "person": PersonFact,
    "theme": ThemeFact,
    "priority": PriorityFact,
    "finance": FinanceFact,
}

fact_adapter: TypeAdapter[Fact] = TypeAdapter(Fact)

"""One row of the statutory audit of a yearly report: a requirement, whether the report meets it, and the evidence."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class AuditStatus(str, Enum):
    met = "met"
    partly = "partly"
    not_found = "not_found"


class AuditRow(BaseModel):
    """The answer to one requirement for one annual report.

    ``met``: a strong cue (or an extracted fact that answers the requirement) was found;
    ``partly``: only a weak cue was found (what is weak is defined per requirement in
    ``audit/data/requirements.jsonl``); ``not_found``: neither. The evidence is the sentence
    (a heading counts: ``Heading — sentence under it``) and the page it was read on.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    requirement: str = Field(min_length=1, description="requirement id, e.g. wt2018.impact")
    edition: str = Field(description="WT2018, WT2023 or Panel")
    status: AuditStatus
    in_force: bool = Field(default=True, description="whether the edition applied to the report's year")
    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    sentence: str | None = None
    cue: str | None = Field(default=None, description="the cue text that matched, or the fact kind that answered")
    rule: str | None = Field(default=None, description="which rule decided: strong, weak, heading, section, both, fact")

"""The requirements a yearly report must meet, and the cues that show each is met, read from
``audit/data/requirements.jsonl`` and checked by pydantic on load.

The file has one JSON object a line: a ``header`` (with the ``version``), ``cues`` lines (named cue
sets shared by requirements that ask the same thing) and ``requirement`` lines. A cue set holds:

- ``strong``: phrases (matched on lower-cased tokens) that show the requirement met;
- ``patterns``: spaCy token patterns that show it met (``{"id": ..., "pattern": [...]}``);
- ``headings``: phrases that, in a heading with content under it, show it met;
- ``both``: pairs of phrase lists, one phrase of each in the same sentence shows it met;
- ``sections``: a sentence with one of ``sentence`` under a heading with one of ``headings`` shows it met;
- ``facts``: extracted facts that answer it (kind, and optionally role, direction, a field that must be set, a minimum count);
- ``weak`` / ``weak_patterns``: cues that show it only partly met (each requirement says in ``partly_means`` what that is);
- ``unless``: phrases that make a sentence no evidence at all (``the impact of the pandemic`` is not the partners' impact).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

Edition = Literal["WT2018", "WT2023", "Panel"]
_YEAR = r"^\d{4}-\d{2}$"


class RequirementsError(ValueError):
    """The requirements file is malformed: the message names the line and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pattern(_Strict):
    id: str = Field(min_length=1)
    pattern: list[dict[str, Any]] = Field(min_length=1)


class Both(_Strict):
    id: str = Field(min_length=1)
    any: list[list[str]] = Field(min_length=2, max_length=2)


class Section(_Strict):
    id: str = Field(min_length=1)
    headings: list[str] = Field(min_length=1)
    sentence: list[str] = Field(min_length=1)


class FactCue(_Strict):
    kind: Literal["report", "figure", "review", "partner", "person", "theme", "priority", "finance"]
    role: str | None = None
    direction: str | None = None
    field: str | None = None
    min: int = Field(default=1, ge=1)

    def matches(self, fact: dict[str, Any]) -> bool:
        if fact.get("kind") != self.kind:
            return False
        if self.role is not None and fact.get("role") != self.role:
            return False
        if self.direction is not None and fact.get("direction") != self.direction:
            return False
        return self.field is None or bool(fact.get(self.field))


class CueSet(_Strict):
    kind: Literal["cues"]
    id: str = Field(min_length=1)
    strong: list[str] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)
    headings: list[str] = Field(default_factory=list)
    both: list[Both] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    facts: list[FactCue] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)
    weak_patterns: list[Pattern] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something_to_find(self) -> "CueSet":
        if not (self.strong or self.patterns or self.headings or self.both or self.sections or self.facts):
            raise ValueError(f"cue set {self.id!r} has nothing that shows the requirement met")
        return self

    def phrases(self) -> set[str]:
        """Every phrase of the set, lower-cased: a met row's sentence holds one of them (or a pattern's match)."""
        out = {*self.strong, *self.headings, *self.weak, *self.unless}
        for both in self.both:
            out |= {*both.any[0], *both.any[1]}
        for section in self.sections:
            out |= {*section.headings, *section.sentence}
        return {phrase.lower() for phrase in out}


class Requirement(_Strict):
    kind: Literal["requirement"]
    id: str = Field(pattern=r"^(wt2018|wt2023|panel)\.[a-z_]+$")
    edition: Edition
    paragraph: str = Field(min_length=3, description="where the requirement is written: chapter and paragraph, or the analysis")
    paragraph_verified: bool = Field(description="whether the paragraph number was checked against the published text")
    statement: str = Field(min_length=10, description="the requirement in one line, in our own words")
    cues: str = Field(min_length=1, description="id of the cue set that shows it met")
    partly_means: str = Field(min_length=5, description="what a weak cue stands for, for this requirement")
    in_force_from: str | None = Field(default=None, pattern=_YEAR)
    in_force_to: str | None = Field(default=None, pattern=_YEAR)

    @field_validator("edition", mode="before")
    @classmethod
    def _known_edition(cls, value: Any) -> Any:
        if value not in ("WT2018", "WT2023", "Panel"):
            raise ValueError(f"edition {value!r} is not one of WT2018, WT2023, Panel")
        return value

    def in_force(self, year: str | None) -> bool:
        """Whether the edition applied to a report for ``year`` (YYYY-YY; unknown years count as in force)."""
        if year is None:
            return True
        return (self.in_force_from is None or year >= self.in_force_from) and (self.in_force_to is None or year <= self.in_force_to)


class Header(_Strict):
    kind: Literal["header"]
    version: str = Field(min_length=1)
    title: str
    sources: dict[str, str]


class Requirements(BaseModel):
    """The whole file: its version, the cue sets by id and the requirements in file order."""

    version: str
    cue_sets: dict[str, CueSet]
    requirements: list[Requirement]

    def cues_for(self, requirement: Requirement) -> CueSet:
        return self.cue_sets[requirement.cues]


_MODELS: dict[str, type[BaseModel]] = {"header": Header, "cues": CueSet, "requirement": Requirement}


def parse_requirements(text: str, source: str = "requirements.jsonl") -> Requirements:
    """Validate every line; raise RequirementsError naming the line and what is wrong."""
    header: Header | None = None
    cue_sets: dict[str, CueSet] = {}
    requirements: list[Requirement] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}, line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RequirementsError(f"{where}: not valid JSON ({exc.msg})") from None
        kind = raw.get("kind") if isinstance(raw, dict) else None
        if kind not in _MODELS:
            raise RequirementsError(f"{where}: 'kind' must be one of {sorted(_MODELS)}, not {kind!r}")
        try:
            item = _MODELS[kind].model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or kind}: {e['msg']}" for e in exc.errors())
            raise RequirementsError(f"{where}: {problems}") from None
        if isinstance(item, Header):
            if header is not None:
                raise RequirementsError(f"{where}: a second header")
            header = item
        elif isinstance(item, CueSet):
            if item.id in cue_sets:
                raise RequirementsError(f"{where}: cue set {item.id!r} defined twice")
            cue_sets[item.id] = item
        else:
            if any(r.id == item.id for r in requirements):
                raise RequirementsError(f"{where}: requirement {item.id!r} defined twice")
            requirements.append(item)
    if header is None:
        raise RequirementsError(f"{source}: no header line with a version")
    for requirement in requirements:
        if requirement.cues not in cue_sets:
            raise RequirementsError(f"{source}: requirement {requirement.id!r} names unknown cue set {requirement.cues!r}")
    if not requirements:
        raise RequirementsError(f"{source}: no requirements")
    return Requirements(version=header.version, cue_sets=cue_sets, requirements=requirements)


def requirements_text() -> str:
    return resources.files("lscp.audit").joinpath("data", "requirements.jsonl").read_text(encoding="utf-8")


@cache
def load_requirements(path: str | None = None) -> Requirements:
    """The shipped requirements (or those of ``path``), validated."""
    if path is None:
        return parse_requirements(requirements_text())
    return parse_requirements(Path(path).read_text(encoding="utf-8"), source=str(path))

"""Reference data kept as TSV files: the organisation register and the local authority areas."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

ORG_TYPES = {"local_authority", "police", "health", "education", "probation", "fire", "youth_justice", "voluntary", "cafcass", "other"}


class ReferenceError(ValueError):
    pass


@dataclass(frozen=True)
class Organisation:
    canonical: str
    org_type: str
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    name: str
    council: str
    region: str
    aliases: tuple[str, ...] = field(default=())


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("lscp.normalise").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


@cache
def organisations() -> tuple[Organisation, ...]:
    out = []
    seen: dict[str, str] = {}
    for number, row in enumerate(_rows("organisations.tsv"), start=2):
        org = Organisation(row["canonical"].strip(), row["org_type"].strip(), _split(row["names"]), _split(row["aliases"]))
        if org.org_type not in ORG_TYPES:
            raise ReferenceError(f"organisations.tsv:{number}: unknown org_type {org.org_type!r}")
        for form in (org.canonical, *org.names, *org.aliases):
            key = form.casefold()
            if key in seen and seen[key] != org.canonical:
                raise ReferenceError(f"organisations.tsv:{number}: {form!r} also names {seen[key]!r}")
            seen[key] = org.canonical
        out.append(org)
    return tuple(out)


@cache
def areas() -> tuple[Area, ...]:
    return tuple(
        Area(row["area"].strip(), row["council"].strip(), row["region"].strip(), _split(row["aliases"]))
        for row in _rows("areas.tsv")
    )


def organisation_surface_forms() -> list[tuple[str, str]]:
    """(surface form, canonical) for every name and alias, for the tagger's patterns."""
    out = []
    for org in organisations():
        for form in (org.canonical, *org.names, *org.aliases):
            out.append((form, org.canonical))
    return out


def area_surface_forms() -> list[tuple[str, str]]:
    return [(form, area.name) for area in areas() for form in (area.name, *area.aliases)]

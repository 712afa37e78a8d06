"""Metric and theme ids, loaded once from the TSV files shipped beside this module."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .vocab import Unit


@dataclass(frozen=True)
class Metric:
    id: str
    unit: Unit
    definition: str


@dataclass(frozen=True)
class Theme:
    id: str
    covers: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


@cache
def metrics() -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    for row in _rows("metrics.tsv"):
        metric = Metric(row["metric"], Unit(row["unit"]), row["definition"])
        if metric.id in out:
            raise ValueError(f"metrics.tsv: duplicate metric id {metric.id!r}")
        out[metric.id] = metric
    return out


@cache
def themes() -> dict[str, Theme]:
    out: dict[str, Theme] = {}
    for row in _rows("themes.tsv"):
        if row["theme"] in out:
            raise ValueError(f"themes.tsv: duplicate theme id {row['theme']!r}")
        out[row["theme"]] = Theme(row["theme"], row["what it covers"])
    return out

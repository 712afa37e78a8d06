"""Vega-Lite specifications of the report's charts, built as plain data (the browser draws them).

Every mark that stands for a fact carries its fact_id, so that clicking it opens the evidence view.
"""

from __future__ import annotations

import re
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier only: nothing is fetched
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
_CONFIG = {"font": _FONT, "view": {"stroke": None}, "axis": {"labelLimit": 220}}


_SUFFIX = re.compile(r"\s+(Local\s+)?Safeguarding\s+Children(\s+and\s+Young\s+People)?\s+(Partnership|Board)(\s+Board)?$|\s+(LSCP|SCP|LSCB)$", re.I)


def short_name(name: str | None) -> str:
    """A partnership's name without its 'Safeguarding Children Partnership' suffix, for labels."""
    return _SUFFIX.sub("", name or "") or (name or "")


def _base(title: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    return {"$schema": SCHEMA, "title": title, "data": {"values": values}, "config": _CONFIG, "width": "container"}


def _own_figures(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The whole-partnership figures (no area, no breakdown), as chart rows."""
    return [
        {
            "partnership": f["partnership"], "reporting_year": f["reporting_year"], "metric": f["metric"],
            "label": f"{short_name(f['partnership'])} {f['reporting_year']}",
            "value": f["value"], "unit": f["unit"], "fact_id": f["fact_id"], "disagree": bool(f["values_disagree"]),
        }
        for f in figures
        if f["area"] is None and f["breakdown"] is None and f["value"] is not None
    ]


def _default_metric(rows: list[dict[str, Any]]) -> str | None:
    """The metric stated by the most partnerships (alphabetically first on a tie)."""
    counts: dict[str, set[str]] = {}
    for row in rows:
        counts.setdefault(row["metric"], set()).add(row["partnership"])
    return min(counts, key=lambda m: (-len(counts[m]), m)) if counts else None


def metric_across_partnerships(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Bars: one metric (chosen from a list) for every partnership, one bar per reporting year."""
    rows = _own_figures(figures)
    metric = _default_metric(rows)
    if metric is None:
        return None
    metrics = sorted({r["metric"] for r in rows})
    spec = _base("A metric across partnerships", rows)
    spec.update(
        {
            "height": {"step": 22},
            "params": [{"name": "metric", "value": metric, "bind": {"input": "select", "options": metrics, "name": "metric "}}],
            "transform": [{"filter": "datum.metric === metric"}],
            "mark": {"type": "bar", "cursor": "pointer", "tooltip": True},
            "encoding": {
                "y": {"field": "label", "type": "nominal", "title": None, "sort": "-x"},
                "x": {"field": "value", "type": "quantitative", "title": "value"},
                "color": {"field": "reporting_year", "type": "nominal", "title": "year"},
                "stroke": {"condition": {"test": "datum.disagree", "value": "#c0392b"}, "value": None},
                "strokeWidth": {"value": 2},
                "tooltip": [
                    {"field": "partnership"}, {"field": "reporting_year", "title": "year"}, {"field": "metric"},
                    {"field": "value", "format": ","}, {"field": "unit"},
                ],
            },
        }
    )
    return spec


def partnership_over_years(figures: list[dict[str, Any]], partnership: str | None = None) -> dict[str, Any] | None:
    """Lines: one partnership's figures year by year, the partnership and metric chosen from lists."""
    rows = _own_figures(figures)
    if partnership is not None:
        rows = [r for r in rows if r["partnership"] == partnership]
    if not rows:
        return None
    partnerships = sorted({r["partnership"] for r in rows})
    years = {}
    for row in rows:
        years.setdefault((row["partnership"], row["metric"]), set()).add(row["reporting_year"])
    # start on the partnership and metric with the most years; a single year makes no line
    first_partnership, first_metric = min(years, key=lambda k: (-len(years[k]), k))
    if len(years[(first_partnership, first_metric)]) < 2:
        return None
    metrics = sorted({r["metric"] for r in rows})
    params = [{"name": "metric2", "value": first_metric, "bind": {"input": "select", "options": metrics, "name": "metric "}}]
    if partnership is None:
        params.insert(
            0, {"name": "who", "value": first_partnership, "bind": {"input": "select", "options": partnerships, "name": "partnership "}}
        )
        test = "datum.partnership === who && datum.metric === metric2"
    else:
        test = "datum.metric === metric2"
    spec = _base("One partnership over the years" if partnership is None else "Over the years", rows)
    spec.update(
        {
            "height": 220,
            "params": params,
            "transform": [{"filter": test}],
            "encoding": {
                "x": {"field": "reporting_year", "type": "ordinal", "title": "reporting year"},
                "y": {"field": "value", "type": "quantitative", "title": "value"},
                "tooltip": [{"field": "reporting_year", "title": "year"}, {"field": "value", "format": ","}, {"field": "unit"}],
            },
            "layer": [
                {"mark": {"type": "line", "point": False}},
                {"mark": {"type": "point", "filled": True, "size": 90, "cursor": "pointer"}},
            ],
        }
    )
    return spec


def funding_shares(funding_by_type: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Stacked bars: each report's contributions split by partner type, as shares of the total."""
    rows = [
        {
            "report": f"{short_name(f['partnership'])} {f['reporting_year']}", "partner_type": f["partner_type"],
            "share": f["share_of_total"], "amount_gbp": f["amount_gbp"], "partners": ", ".join(f["partners"] or []),
        }
        for f in funding_by_type
        if f["share_of_total"] is not None
    ]
    if not rows:
        return None
    spec = _base("Funding shares by partner type", rows)
    spec.update(
        {
            "height": max(160, 26 * len({r["report"] for r in rows})),  # room for the legend
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "report", "type": "nominal", "title": None},
                "x": {"field": "share", "type": "quantitative", "stack": "normalize", "axis": {"format": "%"}, "title": "share of contributions"},
                "color": {"field": "partner_type", "type": "nominal", "title": "partner type"},
                "tooltip": [
                    {"field": "report"}, {"field": "partner_type", "title": "partner type"},
                    {"field": "share", "format": ".1%"}, {"field": "amount_gbp", "title": "£", "format": ",.0f"},
                    {"field": "partners"},
                ],
            },
        }
    )
    return spec

"""The names of the warehouse's tables, in a module that imports nothing: what needs only the names (opening the
warehouse, planning a run) does not load the row builders, pyarrow or the fact models."""

from __future__ import annotations

TABLES: dict[str, str] = {
    "report": "reports",
    "figure": "figures",
    "review": "reviews",
    "partner": "partners",
    "person": "people",
    "theme": "themes",
    "priority": "priorities",
    "finance": "finance",
}
"""Fact kind -> table, in the contract's kind order."""

TEXT_TABLES: tuple[str, ...] = ("pages", "words")
"""The tables that keep the text behind the evidence spans (load/text.py)."""

"""Turning tagged mentions into canonical facts: numbers, periods, metric and theme ids, organisation names."""

from .calibration import confidence
from .facts import Candidate, to_candidates
from .numbers import NumberError, parse_number, tidy
from .orgs import ResolvedOrg, guess_org_type, load_register, resolve_org
from .reference import area_surface_forms, areas, organisation_surface_forms, organisations

__all__ = [
    "Candidate",
    "NumberError",
    "ResolvedOrg",
    "area_surface_forms",
    "areas",
    "confidence",
    "guess_org_type",
    "load_register",
    "organisation_surface_forms",
    "organisations",
    "parse_number",
    "resolve_org",
    "tidy",
    "to_candidates",
]

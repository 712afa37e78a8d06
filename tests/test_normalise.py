"""Numbers, periods and organisation names to canonical values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lscp.normalise import parse_number, resolve_org, tidy
from lscp.normalise.numbers import NumberError
from lscp.schemas import financial_year, period


@pytest.mark.parametrize(
    "text, value",
    [("6,953", 6953), ("£13,540", 13540), ("34.5 (%)", 34.5), ("56.2 per 10,000", 56.2), ("four", 4),
     ("fifty-four", 54), ("twenty one", 21), ("£1.2m", 1_200_000), ("12k", 12000), ("0", 0)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "none of them", "five four"])
def test_parse_number_rejects(text):
    with pytest.raises(NumberError):
        parse_number(text)


@given(st.integers(min_value=0, max_value=10**9))
def test_printed_numbers_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert tidy(parse_number(f"£{n:,}")) == n


@pytest.mark.parametrize(
    "text, year, span",
    [("2022/23", "2022-23", "2022-23"), ("2022-2023", "2022-23", "2022-23"), ("April 2022 - March 2023", "2022-23", "2022-23"),
     ("priorities for 2023-25", None, "2023-24..2024-25"), ("in 1999/00", "1999-00", "1999-00"), ("no year", None, None)],
)
def test_periods(text, year, span):
    assert financial_year(text) == year
    assert period(text) == span


@given(st.integers(min_value=2000, max_value=2098))
def test_period_is_idempotent(start):
    text = period(f"{start}/{(start + 1) % 100:02d}")
    assert text is not None and period(text) == text


@pytest.mark.parametrize(
    "surface, name, org_type",
    [("MPS", "Metropolitan Police Service", "police"), ("Met Police", "Metropolitan Police Service", "police"),
     ("the Metropolitan Police", "Metropolitan Police Service", "police"),
     ("Croydon Council", "Croydon Council", "local_authority"), ("LB Croydon", "London Borough of Croydon", "local_authority"),
     ("Cafcass", "Children and Family Court Advisory and Support Service", "cafcass"),
     ("South London and Maudsley NHS Foundation Trust", "South London and Maudsley NHS Foundation Trust", "health")],
)
def test_register_names(surface, name, org_type):
    org = resolve_org(surface)
    assert (org.name, org.org_type, org.known) == (name, org_type, True)


def test_unknown_organisation_keeps_its_name_and_guesses_its_type():
    org = resolve_org("Northmoor Youth Justice Service")
    assert (org.name, org.org_type, org.known) == ("Northmoor Youth Justice Service", "youth_justice", False)


def test_health_body_abbreviations_are_spelled_out_for_unknown_boards():
    assert resolve_org("NHS Greywold ICB").name == "NHS Greywold Integrated Care Board"
    assert resolve_org("NHS Northfield CCG").name == "NHS Northfield Clinical Commissioning Group"


def test_a_near_miss_must_share_its_place():
    # an invented board is not taken for a registered one of another place that is spelled alike
    assert resolve_org("NHS Northfield Clinical Commissioning Group").name == "NHS Northfield Clinical Commissioning Group"
    # nor a force whose place holds a registered one's, with a word in common
    assert resolve_org("Thamesmead Valley Police").known is False
    assert resolve_org("Eastleigh Valley Police").known is False


def test_a_misspelt_place_is_still_a_near_miss():
    assert resolve_org("Thames Valey Police").name == "Thames Valley Police"
    assert resolve_org("Bukinghamshire Fire and Rescue Service").name == "Buckinghamshire Fire and Rescue Service"

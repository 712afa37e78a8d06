"""Hostile inputs: files made to cost time, memory or a hang, and what each one leaves in the warehouse."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lscp import pipeline


def timed(path: Path):
    with pipeline.settled([path]):
        began = time.perf_counter()
        result = pipeline.process_file(path)
    return result, time.perf_counter() - began


@pytest.mark.parametrize("depth", [20_000, 50_000])
def test_deeply_nested_html_is_read_in_linear_time(tmp_path, depth):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * depth + "There were 1,234 referrals in 2022-23." + "</div>" * depth + "</body></html>")
    result, seconds = timed(path)
    assert result.status == "ok" and seconds < 10


@pytest.mark.parametrize(
    "line",
    [
        "_a " * 70_000,  # unclosed emphasis marks
        "<a " * 70_000,  # unclosed tags
        "[a](" * 60_000,  # unclosed links
        "•\t" + "a " * 100_000 + "\tb",  # a bullet glyph and a tab before a long line
        "**x**(" + "**(" * 60_000,  # a bold line that never closes
        "# a" + " " * 100_000 + "x",  # a heading mark before a long run of spaces
        " ".join(f"{i}%" for i in range(60_000)),  # one sentence of numbers
    ],
    ids=["emphasis", "tags", "links", "tab-bullet", "bold", "heading", "numbers"],
)
def test_long_hostile_lines_are_read_in_bounded_time(tmp_path, line):
    path = tmp_path / "line.txt"
    path.write_text(line + "\n")
    result, seconds = timed(path)
    assert result.status == "ok" and seconds < 15

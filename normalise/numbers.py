"""Numbers as reports print them: '6,953', '£13,540', '34.5 (%)', '56.2 per 10,000', 'four', 'fifty-four'."""

from __future__ import annotations

import re

_WORDS = {
    "zero": 0, "nil": 0, "none": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
_SCALE = re.compile(r"\d\s*(k|m|million|thousand)\b", re.I)


class NumberError(ValueError):
    pass


def parse_number(text: str) -> float:
    """The value of a printed number; raises NumberError when there is none."""
    cleaned = text.strip().lower().replace("\u00a0", " ")
    match = _DIGITS.search(cleaned)
    if match:
        value = float(match.group(1).replace(",", ""))
        scale = _SCALE.search(cleaned)
        if scale:
            value *= 1000 if scale.group(1).lower() in ("k", "thousand") else 1_000_000
        return value
    words = [w for w in re.split(r"[\s,-]+", cleaned) if w]
    if {"hundred", "thousand"} & set(words):
        return float(_large_words(words, text))
    if words and all(w in _WORDS for w in words):
        total = sum(_WORDS[w] for w in words)
        if len(words) == 2 and _WORDS[words[0]] < 20:
            raise NumberError(f"not a number: {text!r}")
        return float(total)
    raise NumberError(f"not a number: {text!r}")


def _large_words(words: list[str], text: str) -> int:
    """'one hundred and forty-two', 'two thousand, three hundred and six', 'a hundred and twelve'."""
    total, current = 0, 0
    for word in words:
        if word == "and":
            continue
        if word == "a":
            current = 1
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif word in _WORDS:
            current += _WORDS[word]
        else:
            raise NumberError(f"not a number: {text!r}")
    return total + current


def tidy(value: float) -> int | float:
    """6953.0 -> 6953; 34.5 stays 34.5."""
    return int(value) if float(value).is_integer() else round(value, 4)

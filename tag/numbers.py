"""Find the numbers in a sentence that can be figures, and say what kind of number each is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_NUMBER = re.compile(
    r"(?<![\w./£+-])(?P<gbp>£\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suffix>\s?k\b|\s?m\b|\s?million\b)?"
    r"(?P<pct>\s?\(?%\)?|\s?per\s?cent\b|\s?percent\b)?(?:(?<=,\d{3})(?=[a-z]{4,}\b)|(?![\w/]|-\w|\.\d))",
    re.I,
)
_WORD_NUMBERS = {
    "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_BELOW_HUNDRED = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)
# "One hundred and forty-two", "two thousand, three hundred and six", "a hundred and twelve"
_BIG_WORD_NUMBER = re.compile(
    r"\b(?:(?P<thousands>" + _BELOW_HUNDRED + r"|a)\s+thousand(?:,?\s+(?:and\s+)?(?=(?:" + _BELOW_HUNDRED + r"|a)\b))?)?"
    r"(?:(?P<hundreds>one|two|three|four|five|six|seven|eight|nine|a)\s+hundred(?:\s+and\s+(?=(?:" + _BELOW_HUNDRED + r")\b))?)?"
    r"(?P<rest>(?<=and )(?:" + _BELOW_HUNDRED + r")|(?<=, )(?:" + _BELOW_HUNDRED + r"))?\b",
    re.I,
)
# the look-ahead on the letters number words begin with lets the scan skip every other position quickly
_WORD_NUMBER = re.compile(
    r"(?=[efnostw])\b(?:(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?P<unit>one|two|three|four|five|six|seven|eight|nine))?\b"
    r"|(?P<small>no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b)",
    re.I,
)
_RATE_AFTER = re.compile(r"^\)?\s*([A-Za-z][A-Za-z0-9 ]{0,40}?\s)?(per|/)\s?(10,?000|10k\b)", re.I)
_RATE_BEFORE = re.compile(r"(per|/)\s?(10,?000|10k)\b(?:[^.;]|\.(?=\d))*$|\brates?\b(?:[^.;]|\.(?=\d))*$", re.I)
_UNIT_WORDS_AFTER = re.compile(
    r"^\s*(-|\s)?((?:working|calendar|school)\s+(?:days?|weeks?)|years?|yrs?|year-olds?|months?|weeks?|days?|hours?|minutes?|mins?|miles?|sq\b|am\b|pm\b|th\b|st\b|nd\b|rd\b|times\b|x\b)",
    re.I,
)
_LABEL_BEFORE = re.compile(
    r"\b(section|sections|page|pages|priority|priorities|objective|appendix|level|item|phase|stage|tier|wave|step|chapter|"
    r"para|paragraph|ward|key stage|aged|age|ages|under|between|version|v|no\.|number|year|years|covid-|top|day|week|module|"
    r"recommendation|recommendations|standard|clause|part|table|figure|chart|graph|annex|point)\s*$",
    re.I,
)
_CHANGE_AFTER = re.compile(
    r"^\s*(\(?%\)?\s*|per\s?cent\s*|percentage points?\s*|pp\s*)?(increase|decrease|reduction|rise|fall|drop|higher|lower|more|fewer|less|up|down|"
    r"uplift|growth|improvement|change|on the previous|on last|year on year)",
    re.I,
)
_CHANGE_BEFORE = re.compile(
    r"((increase|increased|decrease|decreased|reduction|reduced|rise|risen|rose|fall|fell|drop|dropped|growth|grew|"
    r"improvement|improved|change|declined|decline|uplift)\s*(of|by|in)?|[,(–—]\s*(up|down)(\s+by)?|\b(up|down)\s+by)"
    r"\s*(around|about|approximately|almost|nearly|over|some)?\s*$",
    re.I,
)
_MONTH_AFTER = re.compile(
    r"^\s*(st|nd|rd|th)?\s*(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b",
    re.I,
)
_QUALIFIED_AFTER = re.compile(r"^\s*([a-z]+\s+)?(\+|or more|or fewer|or less|or over|or above|and over|and above)", re.I)
# "two of them progressed to a practice review", "three were recommended for an LCSPR": a count of the reviews just
# named that went further
_PART_THAT_WENT_ON = re.compile(
    r"^\s*of\s+(?:them|these|those|which|the\s+[^.;:\d]{0,60}?)\s+(?:were\s+|was\s+|have\s+|had\s+)?(?:been\s+)?"
    r"(?:progressed|led|proceeded|went\s+on|moved\s+on|recommended\s+for|turned\s+into|became)\b"
    r"|^\s*(?:were|was|had\s+been|have\s+been)\s+recommended\s+for\s+(?:an?\s+)?(?:local\s+|child\s+|L?CSPR)", re.I)
# a local review written out or abbreviated, as a review goes on to one ("progressed to an LCSPR")
LOCAL_REVIEW = r"(?:local\s+)?(?:child\s+)?(?:safeguarding\s+practice\s+reviews?|L?CSPRs?)\b"
_WENT_ON_TO_REVIEW = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+)?(?:progressed|led|proceeded|went\s+on|moved\s+on)\s+to\s+(?:an?\s+)?" + LOCAL_REVIEW, re.I)
# "of which 412 were episodes of children missing from care": the split the answers keep
_MISSING_PART_AFTER = re.compile(r"^\s+(?:were\s+|was\s+)?(?:(?:missing\s+)?(?:episodes|incidents)\s+of\s+[^.;]{0,40}?missing\s+)?from\s+(?:care|home)\b", re.I)
_TITLE_WORD_BEFORE = re.compile(r"\b[A-Z][a-z]+\s$")
# a sentence's first word that links it to the one before is no label: "Consequently 8 rapid reviews took place"
_LINK_WORD_BEFORE = re.compile(
    r"^\s*(?:Consequently|However|Additionally|Overall|Altogether|Therefore|Thus|Also|Subsequently|Furthermore|Moreover|Currently|"
    r"Finally|Similarly|Likewise|Separately|Meanwhile|Accordingly|Again|Together|Then)\s$"
)
_COMPARED_PLACE_BEFORE = re.compile(r"\b(England|Wales|London|National|Nationally|Regional|Region|Average|Neighbours?)\s$")  # "(England 67)"
_DEFINITE_BEFORE = re.compile(r"\b(the|these|those|other|both|all|each|every)\s+$", re.I)
_MONTH_OR_TIME_BEFORE = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|"
    r"sep|sept|oct|nov|dec|since|in|by|from|until|till|during|to|summer|spring|autumn|winter|end of|financial year|fy|of|year|before|after|"
    r"between|and|early|late|mid|q[1-4])\s*$",
    re.I,
)
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")
_NO_AS_NO_COUNT = re.compile(r"[\s-]*(?:one|longer|more|less|later|sooner|further|doubt|matter)\b", re.I)
_ONE_AS_PRONOUN_BEFORE = re.compile(r"\b(?:previous|last|next|same|latest|earlier|new|another|any|no|(?<!of\s)which)[\s-]+$", re.I)  # not "of which one"
_VERB_AFTER_A_YEAR = re.compile(r"^\s+(?:was|were|is|are|stood|showed|shows|has|had|and|to)\b", re.I)
# a count that looks like a year, told by its place in a change: "from 1490 in 2017/18 to 1967 in the current year"
_IN_A_YEAR_AFTER = re.compile(r"^\s+in\s+(?:(?:19|20)\d\d\b|the\s+(?:current|reporting|last|past|same)\s+(?:financial\s+)?(?:year|period)\b)", re.I)
_FROM_A_COUNT_TO = re.compile(r"\bfrom\s+(\d[\d,]*)(?:\s+in\s+[^,.;]{1,30}?)?\s+to\s*$", re.I)


def _count_like_a_year(tail: str, after: str) -> bool:
    """A number between 1950 and 2049 that is a count, not a year: a year is not 'in 2018/19', and what a change runs
    to from a count that is no year is a count too."""
    if _IN_A_YEAR_AFTER.match(after):
        return True
    before = _FROM_A_COUNT_TO.search(tail)
    return bool(before) and not _YEAR.match(before.group(1).replace(",", ""))


@dataclass(frozen=True)
class NumberHit:
    start: int  # offsets within the text searched
    end: int
    text: str
    value: float
    unit: str  # count, pct, gbp, rate_per_10k
    from_words: bool = False


def parse_digits(text: str) -> float:
    return float(text.replace(",", ""))


def find_numbers(text: str, in_cell: bool = False) -> list[NumberHit]:
    """Numbers that may be figures: not years, ages, dates, section numbers, durations or changes. In a table
    cell (``in_cell``) a number opening the text is a value, not a paragraph number ('42.6 (England: 45.3)')."""
    return list(_find_numbers(text, in_cell))


@lru_cache(maxsize=2048)
def _find_numbers(text: str, in_cell: bool) -> tuple[NumberHit, ...]:
    """find_numbers, remembered: the figure rules ask again about a sentence they have already read (the hits are
    frozen, so they are shared safely)."""
    return tuple(_scan_numbers(text, in_cell))


def _scan_numbers(text: str, in_cell: bool) -> list[NumberHit]:
    hits: list[NumberHit] = []
    noise_end = -1
    for match in _NUMBER.finditer(text):
        num = match.group("num")
        before, after = text[: match.start()], text[match.end() :]
        if _is_noise(num, before, after, bool(match.group("pct")), in_cell) or _follows_noise(text, noise_end, match.start()):
            restated = _CHANGE_BEFORE.search(before[-40:]) or re.search(r"\bpeak of\s*$", before, re.I) or re.match(r"^ \d", after)
            noise_end = match.end() if restated else -1  # a change or a peak may be restated in brackets; an age or year not
            continue
        value = parse_digits(num)
        suffix = (match.group("suffix") or "").strip().lower()
        if suffix in ("k",):
            value *= 1000
        elif suffix in ("m", "million"):
            value *= 1_000_000
        unit = "count"
        if match.group("pct"):
            unit = "pct"
        elif match.group("gbp"):
            unit = "gbp"
        elif _RATE_AFTER.match(after) or (_RATE_BEFORE.search(before[-120:]) and "." in num):
            unit = "rate_per_10k"
        end = match.end()
        hits.append(NumberHit(match.start(), end, match.group(0).strip(), value, unit))
    taken = _big_word_numbers(text, hits)
    for match in _WORD_NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        if match.group("small"):
            if match.group("small").lower() == "no" and _NO_AS_NO_COUNT.match(text, match.end()):
                continue  # "No one attended", "no longer", "no more than": no count of anything
            value = _WORD_NUMBERS[match.group("small").lower()]
        else:
            value = _WORD_NUMBERS[match.group("tens").lower()] + _WORD_NUMBERS.get((match.group("unit") or "").lower(), 0)
        after = text[match.end() :]
        share = re.match(r"\s?per\s?cent\b", after, re.I)  # "Twenty-one per cent of the plans"
        if share:
            end = match.end() + share.end()
            hits.append(NumberHit(match.start(), end, match.group(0), float(value), "pct", from_words=True))
            continue
        if (_UNIT_WORDS_AFTER.match(after) or re.match(r"^\s*(of|or|and|to|in)\b(?!\s+(19|20)\d\d)", after, re.I)) and not _PART_THAT_WENT_ON.match(after):
            continue
        if _QUALIFIED_AFTER.match(after) or re.match(r"^[\s-]*(thirds?|quarters?|halves|half|fifths?|tenths?)\b", after, re.I):
            continue  # "five or fewer", "two thirds of referrals"
        if _DEFINITE_BEFORE.search(text[: match.start()]):
            continue
        if value == 1 and _ONE_AS_PRONOUN_BEFORE.search(text[max(0, match.start() - 30) : match.start()]):
            continue  # "within 12 months of the previous one": a pronoun, not a count
        hits.append(NumberHit(match.start(), match.end(), match.group(0), float(value), "count", from_words=True))
    hits.sort(key=lambda h: h.start)
    return hits


def _words_value(words: str) -> int:
    words = words.lower().replace("-", " ")
    if words == "a":
        return 1
    return sum(_WORD_NUMBERS[w] for w in words.split())


def _big_word_numbers(text: str, hits: list[NumberHit]) -> list[tuple[int, int]]:
    """Numbers of a hundred or more written in words ('One hundred and forty-two children', 'one thousand and
    twelve referrals'): added to ``hits``; their spans are returned so their parts are not read again as numbers."""
    taken = []
    if "hundred" not in text.lower() and "thousand" not in text.lower():
        return taken
    for match in _BIG_WORD_NUMBER.finditer(text):
        if not (match.group("thousands") or match.group("hundreds")):
            continue
        value = 0
        if match.group("thousands"):
            value += _words_value(match.group("thousands")) * 1000
        if match.group("hundreds"):
            value += _words_value(match.group("hundreds")) * 100
        if match.group("rest"):
            value += _words_value(match.group("rest"))
        end = match.end()
        taken.append((match.start(), end))
        after = text[end:]
        if _UNIT_WORDS_AFTER.match(after) or re.match(r"^\s*(of|or)\b", after, re.I) or _DEFINITE_BEFORE.search(text[: match.start()]):
            continue
        hits.append(NumberHit(match.start(), end, match.group(0), float(value), "count", from_words=True))
    return taken


def _follows_noise(text: str, noise_end: int, start: int) -> bool:
    """A number right after one that is not a figure belongs to it: the rest of a telephone number
    ('0808 800 5000'), or its restatement in brackets ('a peak of 477 children (75 per 10k)')."""
    if noise_end < 0:
        return False
    between = text[noise_end:start]
    return bool(re.fullmatch(r" ", between) or re.fullmatch(r"[\s\w]{0,20}\(\s*", between))


def _is_noise(num: str, before: str, after: str, is_pct: bool, in_cell: bool = False) -> bool:
    tail = before[-40:]
    if not in_cell and not is_pct and not before.strip() and re.fullmatch(r"\d{1,2}(\.\d{1,2})+", num) and re.match(r"^\s+[A-Z(]", after):
        return True  # a paragraph number opening a line: "2.1 Oakhurst has a child population of 47,100" (not "21.6% Children ...")
    if len(num) >= 3 and num.startswith("0") and "." not in num:
        return True  # telephone numbers and codes: "01733 863744"
    if re.search(r"\b(aged|ages|between)\s+\d+\s*(and|to|-|–)\s*$", tail, re.I) or re.search(r"\b(?:peak of|approaching|(?:the\s+)?(?:height|high|low|highest point|lowest point) of)\s*$", tail, re.I):
        return True  # "aged between 17 and 21", "from a peak of 477", "approaching 1,000": a round mark, not the count
    if _YEAR.match(num) and not is_pct and re.search(r"\b([A-Z][a-z]+|Act)\s$", tail):
        return True  # "the Children Act 1989", "Working Together to Safeguard Children 2018"
    if re.search(r"\b(?:under|over|aged)\s+(?:the\s+age\s+of\s+)?$|\bage\s+of\s+$", tail, re.I) and num.isdigit() and 10 <= int(num) <= 25 and re.match(r"^\s*(?:$|[.,;:)]|\+|and\b|or\b|years?\b)", after, re.I):
        return True  # "60 UASC under the age of 18 and 30 over 18": ages, not counts
    if re.search(r"\b(just|slightly|a little)\s+under\s*$", tail, re.I):
        return False  # "just under 2,000 people": an approximate count, not an age limit
    if re.search(r"\bper\s*$", tail, re.I) or _MONTH_AFTER.match(after) or _QUALIFIED_AFTER.match(after):
        return True
    if not is_pct and "." not in num and "," not in num and int(num) < 100 and _TITLE_WORD_BEFORE.search(tail) and not _COMPARED_PLACE_BEFORE.search(tail) and not _LINK_WORD_BEFORE.match(tail):
        return True  # "Level 3", "Profile 2", "Covid 19"
    if len(num) == 2 and re.search(r"\b(19|20)\d\d\s$", tail):  # "2022 23"
        return True
    if _YEAR.match(num) and not is_pct and not _count_like_a_year(tail, after):
        if _MONTH_OR_TIME_BEFORE.search(tail) or re.match(r"^\s*([-/–]\s*|\s)\d\d\b", after) or re.match(r"^\s*(to|and)\s+(19|20)\d\d", after):
            return True
        if re.search(r"\d\s*[-/–]\s*$", tail) or not after.strip() or re.match(r"^\s*[).,;:]", after):
            return True
        if re.search(r"\bfor\s$", tail, re.I) and _VERB_AFTER_A_YEAR.match(after):
            return True  # "the England rate for 2023 was 43.2"; not "plans for 2011 children"
    if not is_pct and _UNIT_WORDS_AFTER.match(after):
        return True
    if (_LABEL_BEFORE.search(tail) and not re.search(r"\bthe\s+year\s*$", tail, re.I)) or re.search(r"\b(levels?|stages?|tiers?|steps?|phases?|years?)\s+\d+\s*(and|or|to|&|,)\s*$", tail, re.I):
        return True  # "Level 3", "Level 1 and 3"
    if re.search(r"\ban average of\s+(?:approximately\s+|about\s+|around\s+|roughly\s+|some\s+)?$", tail, re.I):
        return True  # "compared with an average of approximately 5,000 a year before the pandemic"
    if re.search(r"\bof (which|whom)\s*$", tail, re.I) and not _MISSING_PART_AFTER.match(after) and not _WENT_ON_TO_REVIEW.match(after):
        return True  # "of which 5 referrals were supported": a part of the figure before (not "of which one progressed
        # to an LCSPR": the count of reviews commissioned)
    if _YEAR.match(num) and not is_pct and tail.strip() and re.match(r"^\s+([A-Z][a-z]+\b|Act\b)", after):
        return True  # "the 1989 Children Act"
    if _CHANGE_AFTER.match(after) or _CHANGE_BEFORE.search(tail):
        return True
    if re.search(r"(^|\s)[a-z]$", tail, re.I) and not re.search(r"(^|\s)(a|i)$", tail, re.I):  # "Child B 2", "Year 6"
        return True
    if re.match(r"^\s*(:\d|\.\d\d?\s*(am|pm))", after, re.I):  # times
        return True
    if re.search(r"[£$]\s*$", tail) is None and re.search(r"\b(ofsted|grade|score)\s*$", tail, re.I):
        return True
    return False

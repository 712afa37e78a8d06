"""The names reviews are known by in a sentence: coded cases ('Child Q', 'Siblings E and F'), pseudonyms after or
before a review type ('the LCSPR into Mason', 'the Jake SPR'), pseudonyms after a plain 'review' ('the reviews into
Ruby and Leo', 'a review, known as Sam'), quoted titles, and Welsh child practice review codes ('CPR Derwen 2/2016')."""

from __future__ import annotations

import re

from .context import DocContext

_NAME = r"[A-Z][^\W\d_]{2,}(?:-[A-Z][^\W\d_]+)?"  # "Jake", "Lily-Mae"
# not "Child K's", but "'Child K'" closed by its quote; a child's code may end in a small letter ("Child Ta", "Baby Wb"),
# not a word ("Child In Need")
_SMALL_CODE = r"(?:(?<=Child )|(?<=Baby ))(?!(?:In|At|On|Of|To|Is|As|An|Be|By|Do|Go|If|It|My|No|Or|So|Up|Us|We)\b)[A-Z][a-z]"
CASE_CODE = re.compile(
    r"\b(Child|Baby|Infant|Young Person|Sibling|Family|Children|Adult|Case|Mr|Mrs|Ms|Miss)\s+([A-Z]{1,2}|" + _SMALL_CODE + r")(?!\w|['’](?:s\b|\w))(\s*\([^)]{1,30}\))?"
)
# reviews listed by code after one "Child": "three serious case reviews: Child BA; BC; and D" (one review each)
CODE_LIST = re.compile(
    r"\b(Child|Baby|Young Person)\s+[A-Z]{1,2}(?P<rest>(?:\s*[;,]\s*[A-Z]{1,2}(?![\w'’]))*\s*[;,]?\s*(?:and|&)\s+[A-Z]{1,2})(?![\w'’])"
)
_PLURAL_REVIEWS = re.compile(r"\b(?:reviews|SCRs|LCSPRs|CSPRs|cases)\b", re.I)
ADULT_CODE = re.compile(r"^(?:Adult|Mr|Mrs|Ms|Miss|APR)\s")  # "APR GVSB 2": a Welsh adult practice review
_REVIEW_ACRONYM = r"(?:LCSPR|CSPR|SPR|SCR|SAR|DHR|Rapid Review|Serious Case Review|Safeguarding Practice Review|Safeguarding Adults? Review|Domestic Homicide Review|Learning Review|Thematic Review)"
_NAMED_AFTER = re.compile(
    "(?i:" + _REVIEW_ACRONYM[3:] + r"s?(?:\s*\([A-Z]{2,6}\))?\s*(?:[-–:]\s*|\s+|,\s*(?=known|(?![A-Z]{2})" + _NAME + r"\s*,?\s+(?:and|&)\s+[A-Z]))?(?:known\s+as\s+)?"
    r"(?:for\s+|into\s+|of\s+|on\s+|regarding\s+|concerning\s+|(?:relating|related|in\s+relation|in\s+respect)\s+(?:to|of)\s+)?(?:the\s+(?:death|case|experiences?|life|circumstances)\s+of\s+)?(?:\((?=['‘\"“]?[A-Z][a-z][^\W\d_]*(?:-[A-Z][^\W\d_]+)?['’\"”]?\)))?"
    r"['‘\"“]?(" + _NAME + r"(?:\s+[A-Z][^\W\d_]+)?)['’\"”]?(?:,?\s+(?:and|&)\s+['‘\"“]?(" + _NAME + r")(?![\w'’-]|\s+[A-Z]))?"
)
_NAMED_BEFORE = re.compile(r"['‘\"“]?(" + _NAME + r")['’\"”]?\s+" + _REVIEW_ACRONYM + r"s?\b")
_NAMED_PAIR_BEFORE = re.compile(r"\b([A-Z][^\W\d_]{2,})\s+(?:and|&)\s+[A-Z][^\W\d_]{2,}\s+" + _REVIEW_ACRONYM + r"s\b")
_QUOTED_TITLE = re.compile(r"['‘\"“]((?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)(?:\s+(?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)){1,9})['’\"”]")
# a Panel review quoted by its title, in whatever case it is written: "I wanted them all to notice"
_QUOTED_NATIONAL = re.compile(r"['‘\"“*](?P<title>[A-Z][\w&’'-]*(?:[ ,]+[\w&’'-]+){1,9})['’\"”*]")
# the plain word review before a pseudonym: "the review into Mia", "the reviews into Ellie and Jayden", "a third review,
# into the death of a baby girl known as "Rosie"", "Two reviews, into children known as Ruby and Leo", "a national
# review following the death of Baby T"
_GENERIC_NAMED = re.compile(
    r"\b(?P<rev>[Rr]eviews?)\b,?\s+(?:(?:was|has\s+been|had\s+been)\s+(?:commissioned|undertaken|carried\s+out|published|completed|started|launched|begun|initiated|conducted)(?:\s+in\s+[A-Z][a-z]+(?:\s+\d{4})?)?\s+"
    r"|the\s+(?:board|partnership|panel)\s+(?:published|commissioned|completed)(?:\s+(?:last|this)\s+year|\s+in\s+\d{4})?\s+)?"
    r"(?:(?:into|of|for|about|concerning|regarding|relat(?:ing|ed)\s+to|in\s+respect\s+of|in\s+relation\s+to)\s+(?:the\s+(?:death|case|care|circumstances)\s+of\s+)?"
    r"(?:(?:[\w-]+,?\s+){1,6}?(?:known\s+(?:only\s+)?as|called|named)\s+|(?:toddler|baby|infant|newborn|teenager|schoolboy|schoolgirl|[a-z]+-(?:year|month|week)-old)\s+)?|known\s+(?:only\s+)?as\s+"
    r"|(?:following|after)\s+the\s+(?:death|serious\s+injur(?:y|ies))\s+(?:of|to)\s+(?:[\w-]+-(?:year|month|week|day)-old\s+)?)"
    r"['‘\"“]?(?P<name>(?:Baby\s+['‘\"“]?)?" + _NAME + r"(?:\s+[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)?)['’\"”]?(?![\w'’-]|\s+[A-Z]|\s*\()(?:,?\s+(?:and|&)\s+['‘\"“]?(?P<name2>" + _NAME + r")['’\"”]?(?![\w'’-]|\s+[A-Z]))?"
)
# a family known by its surname: "a learning review of the help given to the Garside Family"
_FAMILY_NAME = re.compile(r"\bthe\s+(?P<name>[A-Z][a-z][\w'’-]+)\s+Family\b(?!\s+[A-Z]|['’]s\b)")
# the names listed after a count of plain reviews and a dash: "published two reviews – Milo and Aria"
# or after a plural type and its stage, each name with its month: "Two LCSPRs were published: 'Leah' in June 2022 and 'Noah' in January 2023"
_WHEN = r"(?:\s+in\s+[A-Z][a-z]+\s+(?:19|20)\d\d)?"
_DASH_LIST = re.compile(
    r"\b(?:[Rr]eviews|L?CSPRs|SCRs)(?:\s+(?:were|have\s+been|had\s+been)\s+(?:published|completed|commissioned))?\s*[–—:-]\s*(?P<list>['‘\"“]?" + _NAME + r"['’\"”]?" + _WHEN
    + r"(?:\s*,\s*['‘\"“]?" + _NAME + r"['’\"”]?" + _WHEN + r")*\s*,?\s+(?:and|&)\s+['‘\"“]?" + _NAME + r"['’\"”]?)(?![\w'’-]|\s+[A-Z])"
)
# a pseudonym the report gives the child: "into the death of a baby boy, referred to in the review as Stephen", "a young
# person known, for the purposes of this report, as Sam"
_REFERRED_AS = re.compile(
    r"\b(?:referred\s+to\s*,?\s+(?:(?:in|throughout|for\s+the\s+purposes\s+of)\s+(?:this|the)\s+(?:review|report)\s*,?\s+)?"
    r"|known\s*,?\s+(?:in|throughout|for\s+the\s+purposes\s+of)\s+(?:this|the)\s+(?:review|report)\s*,?\s+)as\s+"
    r"['‘\"“]?(?P<name>(?:Baby\s+)?" + _NAME + r")['’\"”]?(?![\w'’-]|\s+[A-Z])"
)
# a child the review is about, named by the name the review gives: "concerning a baby known as Tilly, had gone on to
# become a local review", "the review into a toddler who shall be known as Zac"; and a death the review followed,
# named before it: "Following the death of Harley in 2022, the partnership's review was published"
_KNOWN_CHILD = re.compile(
    r"\b(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:baby|child|toddler|teenager|girl|boy|infant|young\s+person)\s+(?:(?:who\s+(?:shall|will)\s+be|now)\s+)?"
    r"(?:known|referred\s+to)\s+(?:only\s+)?as\s+['‘\"“]?(?P<name>(?:Baby\s+)?" + _NAME + r")['’\"”]?(?![\w'’-]|\s+[A-Z])"
)
_DEATH_BEFORE = re.compile(
    r"\b(?:[Ff]ollowing|[Aa]fter)\s+the\s+death\s+of\s+['‘\"“]?(?P<name>(?:Baby\s+)?" + _NAME + r")['’\"”]?(?:\s+in\s+(?:19|20)\d\d)?,\s+"
    r"(?:the|its|our|a)\s+(?:[\w'’-]+\s+){0,2}?(?:review|LCSPR|CSPR|SCR)\b"
)
# the sentence after one naming a review, that says whom it concerned: "It concerned Mason, a 15-year-old who was stabbed."
_IT_CONCERNED = re.compile(
    r"^\s*(?:It|The\s+review|This\s+review)\s+(?:concerned|concerns|looked\s+at|looks\s+at|related\s+to|relates\s+to|focused\s+on)\s+"
    r"(?:the\s+(?:death|case|care)\s+of\s+)?['‘\"“]?(?P<name>(?:Baby\s+)?" + _NAME + r"(?:\s+[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)?)['’\"”]?(?=[,.;]|\s+(?:who|whose|and|aged)\b)"
)
_QUOTED_CODE = re.compile(r"\b(Child|Baby)\s+['‘\"“]([A-Z]{1,2})['’\"”](?![\w'’])")
# a brother or sister named in another child's review: "an older brother identified as Child Q was also part of the review"
_PART_OF = re.compile(r"\b(?:brother|sister|sibling|twin)\s+(?:(?:identified|known|referred\s+to)\s+as\s+)?$")
_ALSO_PART = re.compile(r"\balso\s+(?:part\s+of|included\s+in|considered\s+in|covered\s+by)\b")
# "One, Baby Lily, concerned ...; the other, Kai, looked at ...", "The other, "Child J", concerned", "One looked at the case of "Tyler""
_ONE_OF = re.compile(
    r"\b(?:[Oo]ne|[Tt]he other|[Aa]nother|[Aa] (?:second|third|fourth)|[Tt]he (?:first|second|third))(?:\s+review)?"
    r"(?:,\s*(?:known as\s+)?['‘\"“]?(?P<name>(?:(?:Child|Baby)\s+)?" + _NAME + r"|(?:Child|Baby)\s+[A-Z])['’\"”]?,"
    r"|\s+(?:looked at|concerned|considered|examined|was into|is into)\s+(?:the\s+(?:case|death)\s+of\s+)?['‘\"“](?P<quoted>(?:(?:Child|Baby)\s+)?" + _NAME + r")['’\"”])"
)
# a row of a table of reviews read as a sentence: "Harrison | Local child safeguarding practice review | Published October 2021"
_ROW_NAMED = re.compile(
    r"^(?P<name>(?:Sibling group|Siblings|Brothers|Sisters|Family|Twins)\s+[A-Z](?:\s+(?:and|&)\s+[A-Z])?(?![\w'’])|"
    + _NAME + r"(?:\s+[A-Z][^\W\d_]+)?)\s+\|\s+(?=[^|]*\b(?:[Rr]eview|LCSPR|CSPR|SCR)\b)"
)
CPR_CODE = re.compile(r"\bCPR\s+[A-Z][\w-]+\s+\d{1,2}/\d{2,4}\b")  # a Welsh child practice review: "CPR Derwen 2/2016"
# a Welsh review known by its board's letters, a number and a year: "TVRSCB 2/2019", "CYSUR 4 2019"
# or, with no year, by the letters and a number, an adults' review by its "APR" letters too: "GVSB 3", "APR GVSB 2"
BOARD_CODE = re.compile(r"\b(?:APR\s+)?(?!COVID|NHS|SARS)[A-Z]{3,8}\s+\d{1,2}(?:(?:/|\s)(?:19|20)\d{2}\b|(?![\w/%-]|[.,:]\d|\s+(?:per|of|to|[a-z]+s)\b))")
_CHILD_PRACTICE = re.compile(r"(?:child|adult) practice review|\b[CA]PRs?\b", re.I)
NOT_NAMES = {
    "The", "This", "These", "That", "Local", "National", "Child", "Children", "Review", "Reviews", "Safeguarding", "Practice",
    "Partnership", "Panel", "Serious", "Rapid", "Case", "Learning", "Thematic", "Report", "Reports", "Action", "Plan", "Group",
    "Board", "Our", "All", "Each", "Both", "Two", "Three", "Four", "One", "Five", "Its", "Their", "Key", "Following", "Findings",
    "Published", "Recommendations", "Themes", "Multi", "Agency", "Executive", "Summary", "Annual", "Independent", "Police",
    "Council", "Health", "Social", "Care", "Domestic", "Homicide", "Adults", "Adult", "Where", "When", "Within", "From", "With",
    "Update", "Briefing", "Briefings", "Page", "Appendix", "Priority", "Since", "During", "After", "Before", "Further", "Quality",
    "Assurance", "Early", "Help", "Family", "Voice", "Subgroup", "Sub", "Meeting", "Meetings", "Process", "Processes", "Committee",
    "Scrutiny", "Strategic", "Stage", "Phase", "Team", "Teams", "Lessons", "Learnt", "Training", "Programme", "Section",
    # the labels of minutes, budgets and forms: "Response: Three rapid reviews had been held", "Spending: ... reviews £18,500"
    "Response", "Answer", "Question", "Reply", "Spending", "Income", "Expenditure", "Contributions", "Budget", "Costs", "Total",
    "Decision", "Resolved", "Reason", "Reasons", "Outcome", "Outcomes", "Purpose", "Note", "Notes", "Members", "Recommendation",
    # a page's source line: "Data: X Council performance team, published September 2023"
    "Data", "Source", "Sources", "Contact", "Author", "Authors",
    # a news page's label: "News: Board publishes three serious case reviews"
    "News", "Press", "Media", "Statement", "Latest", "Announcement", "Announcements", "Notice", "Reminder", "Alert",
    # a title page's or a notice's label: "Publication Date: 17th June 2020", "SCR Publication: Child LG"
    "Publication", "Date", "Dates",
    # a status column of a table of reviews flattened into lines: "Baby C Rapid review Completed"
    "Completed", "Ongoing", "Commissioned", "Awaiting", "Pending", "Concluded", "Status", "Type",
    # the documents of a review process: "the Regional Local Child Safeguarding Practice Reviews Framework"
    "Framework", "Frameworks", "Protocol", "Protocols", "Procedure", "Procedures", "Guidance", "Policy", "Policies", "Toolkit",
    "Template", "Templates", "Handbook", "Tracker", "Pathway", "Criteria",
}


def plain_name(name: str, proper: set[str], ctx: DocContext, *, learning: bool) -> bool:
    """A case name: a coded case ('Child F and Child G'), a name the document never writes in lower case, or, for a
    learning or thematic review, its title."""
    name = name.strip()
    if CASE_CODE.fullmatch(name) or re.fullmatch(r"(?:Child|Baby|Young Person|Adult|Family|Case|Mr|Mrs|Ms|Miss|Siblings|Brothers|Sisters|Twins)\s+[A-Z](?:\s+(?:and|&)\s+(?:(?:Child|Baby)\s+)?[A-Z])?", name):
        return True
    words = name.split()
    if learning:
        return 2 <= len(words) <= 10 and words[0] not in NOT_NAMES
    if re.fullmatch(r"(?:Child|Baby)\s+" + _NAME, name):
        words = words[1:]  # 'Child "Joe"' written without its quotes: the child's pseudonym after the word Child
    elif re.fullmatch(_NAME + r"\s+(?:&|and)\s+" + _NAME, name):
        words = [words[0], words[2]]  # "Carl & Max": two brothers in one review
    return 1 <= len(words) <= 2 and all(w in proper and w not in NOT_NAMES for w in words) and name.lower() not in ctx.area_ids


def unquoted(name: str) -> str:
    """A case name with the quotes inside it dropped: "Child 'L'" is Child L, 'Child "Joe"' is Child Joe."""
    name = name.strip().strip("'‘’\"“”").strip()
    name = re.sub(r"^(Child|Baby)\s+['‘\"“]([^'’\"”]+)['’\"”]?$", r"\1 \2", name)
    pair = re.fullmatch(r"([^'’\"”]+)['’\"”]\s*(&|and)\s*['‘\"“]([^'‘\"“]+)", name)  # "'Emily' & 'Jack'": two quoted names
    return f"{pair.group(1)} {pair.group(2)} {pair.group(3)}" if pair else name


def proper_words(text: str) -> set[str]:
    """Capitalised words the document never writes in lower case: names ('Jake', 'Lily-Mae'), not words ('Suicide')."""
    lower = set(re.findall(r"\b[a-z][^\W\d_]+\b", text))
    words = set(re.findall(r"\b[A-Z][a-z][^\W\d_]*(?:-[A-Z][^\W\d_]+)?(?![\w-])", text)) | set(re.findall(r"\b[A-Z][a-z][^\W\d_]*\b", text))
    return {w for w in words if w.lower() not in lower}


# "the two serious case reviews concern twin babies, known as Baby O and Baby W": one review each
_COUNTED_REVIEWS = re.compile(r"\b(?:two|three|four|five|[2-9])\s+(?:[\w-]+\s+){0,4}?(?:reviews|LCSPRs|CSPRs|SCRs|SPRs)\b", re.I)
CASE_PAIR = re.compile(
    r"\b(?:(?:Child|Baby)\s+[A-Z]\s+(?:and|&)\s+(?:Child|Baby)\s+[A-Z]|(?:[Ss]iblings|[Tt]wins|Children|Babies|[Bb]rothers|[Ss]isters)\s+[A-Z](?:\s*,\s*[A-Z])*\s*,?\s+(?:and|&)\s+[A-Z])(?![\w'’])"
)
# reviews listed by letter after a plural: "three serious case reviews: Cases E, F and G" (one review each)
# or by two letters: "two serious case reviews (Cases BK and BM)"
CASE_LIST = re.compile(r"\bCases\s+([A-Z]{1,2}(?:\s*,\s*[A-Z]{1,2})*)\s*,?\s*(?:and|&)\s+([A-Z]{1,2})(?![\w'’])")
_QUOTED_AFTER_REVIEW = re.compile(
    r"\breview\b(?:,?\s+known\s+(?:locally\s+)?as(?:\s+the)?|,|\s+(?:of|into|in|on|called|titled|entitled|named|known as))?(?:\s+the\s+(?:death|case)\s+of)?"
    r"(?:\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,5},)?\s*['‘\"“](?P<title>[^'’\"”]{2,60})['’\"”]", re.I
)
NATIONAL_SENTENCE = re.compile(r"national (review|panel)|review panel|\bthe panel'?s\b", re.I)


# a sentence holding none of these cannot match any pattern below (the review words as _NAMED_AFTER reads
# them, without regard to case, so "sar" in "necessary" counts): most sentences are ruled out by substring tests
_REVIEW_HINT_CASED = ("Cases", "Child", "Bab", "Infant", "Young Person", "Sibling", "Family", "Twins", "Adult", "CPR", "One", "one", "other")
_REVIEW_HINT_WORDS = ("review", "spr", "scr", "sar", "dhr", "panel")
# one scan of the sentence for any of them (this runs for every sentence of a document)
_REVIEW_HINT = re.compile("|".join(re.escape(w) for w in _REVIEW_HINT_CASED) + "|(?i:" + "|".join(_REVIEW_HINT_WORDS) + ")")


_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_TITLE_TAIL = re.compile(r"(?:\s+(?:(?:of|in|and|for|at|to|on|from|with|among|&)\s+)?(?!" + _MONTHS + r")[A-Z][\w'’-]*)*")
# the words before a name that make it the end of a longer title: "Serious Youth Violence", "Older Teenagers at Risk"
# (not "the Madeleine and Sylvia SARs": two names)
_TITLE_BEFORE = re.compile(r"\b(?P<word>[A-Z][a-z][\w'’-]*)\s+(?:(?:at|of|in|for|on|to|from)\s+)?$")
_LEADS = {"The", "In", "On", "Our", "A", "An", "By", "For", "Of", "Its", "Their", "This", "That", "And", "With", "From", "At", "To", "Both", "Each", "Published", "Completed"}


def _name_ok(name: str, text: str, end: int, proper: set[str], ctx: DocContext) -> bool:
    words = name.split()
    return (
        all(w in proper and w not in NOT_NAMES for w in words if w != "Baby")
        and name.lower() not in ctx.area_ids
        and not re.match(r"['’]s\b", text[end:])
    )


def review_names(text: str, ctx: DocContext, proper: set[str] = frozenset()):
    """(name, start, end, rule) for every case the sentence names."""
    concerned = _IT_CONCERNED.match(text) if proper else None
    if concerned and _name_ok(concerned.group("name"), text, concerned.end("name"), proper, ctx):
        yield concerned.group("name"), concerned.start("name"), concerned.end("name"), "review.it_concerned"
    if not _REVIEW_HINT.search(text):
        return
    # not the last two of a list of three ("(Child R, Child S and Baby T)"): one review each
    # nor two after a plural review type ("Two led to LCSPRs: Child E and Child F")
    pairs = [m for m in CASE_PAIR.finditer(text) if not re.search(r"\b(?:Child|Baby)\s+[A-Z]{1,2}\s*,\s*$|\b(?:[Rr]eviews|L?CSPRs|SCRs|SPRs)\s*[:–—-]\s*$", text[: m.start()])
             and not (re.match(r"(?:Child|Baby)\b", m.group(0)) and _COUNTED_REVIEWS.search(text[: m.start()]))]
    for match in pairs:  # "Child F and Child G", "Siblings D and E": one review of both
        name = match.group(0)
        yield name[:1].upper() + name[1:], match.start(), match.end(), "review.case_pair"
    for match in CASE_LIST.finditer(text):
        for letter in re.finditer(r"[A-Z]{1,2}", text[match.start(1) : match.end(2)]):
            at = match.start(1) + letter.start()
            yield f"Case {letter.group(0)}", at, at + len(letter.group(0)), "review.case_list"
    for match in CPR_CODE.finditer(text):
        yield match.group(0), match.start(), match.end(), "review.cpr_code"
    if _CHILD_PRACTICE.search(text):
        for match in BOARD_CODE.finditer(text):
            if not any(m.start() <= match.start() < m.end() for m in CPR_CODE.finditer(text)):
                yield match.group(0), match.start(), match.end(), "review.cpr_code"
    for match in _QUOTED_CODE.finditer(text):  # "published a new SCR – Child 'C'": a coded case with its letter quoted
        yield f"{match.group(1)} {match.group(2)}", match.start(), match.end(), "review.case_code"
    codes = [m for m in CASE_CODE.finditer(text) if not any(p.start() <= m.start() < p.end() for p in pairs)]
    national = NATIONAL_SENTENCE.search(text)
    quoted = [] if national else list(_QUOTED_AFTER_REVIEW.finditer(text))
    for match in quoted:
        title = match.group("title").strip()
        if any(p.start() <= match.start("title") < p.end() for p in pairs) or CASE_CODE.fullmatch(title):
            continue
        yield title, match.start("title"), match.end("title"), "review.quoted_after_type"
    for match in codes:
        name = f"{match.group(1)} {match.group(2)}"
        before = re.search(r"([A-Z][^\W\d_]{2,})\s*\(\s*$", text[: match.start()])
        if before and before.group(1) not in NOT_NAMES and not before.group(1)[:2].isupper():  # not "one LCSPR (Child P)"
            # "Tashaûn (Child C)": the name the case is known by, with its code
            yield f"{before.group(1)} ({name})", before.start(1), match.end() + 1, "review.named_code"
            continue
        if match.group(3) and re.match(r"\s*\(Child [A-Z]\)", match.group(3)):
            name += match.group(3)
        if _PART_OF.search(text[: match.start()]) and _ALSO_PART.search(text):
            continue
        yield name.strip(), match.start(), match.end(), "review.case_code"
        listed = CODE_LIST.match(text, match.start())
        if listed and _PLURAL_REVIEWS.search(text):
            for code in re.finditer(r"[A-Z]{1,2}(?![\w'’])", listed.group("rest")):
                at = listed.start("rest") + code.start()
                yield f"{match.group(1)} {code.group(0)}", at, at + len(code.group(0)), "review.code_list"
    titled: list[tuple[int, int]] = []  # the learning reviews' titles read whole: no name inside them is read again
    for pattern, rule in ((_NAMED_AFTER, "review.named_after_type"), (_NAMED_BEFORE, "review.named_before_type")):
        for match in pattern.finditer(text):
            name = match.group(1)
            if any(q.start("title") <= match.start(1) < q.end("title") for q in quoted) or re.match(r"\s+[A-Z](?![\w'’])", text[match.end(1) :]):
                continue  # a word of a quoted title read above; "Baby H", a coded case read above
            first = name.split()[0]
            if first in NOT_NAMES or name.isupper() or name in ("Baby", "Infant"):
                continue  # "in respect of 'Baby T'": the coded case is read above
            if pattern is _NAMED_AFTER and re.search(r"\b(?:regarding|concerning|relat|in\s+re)", text[match.start() : match.start(1)], re.I) and not _name_ok(name, text, match.end(1), proper, ctx):
                continue  # "the SCR (SCR) in relation to Ellie", "the LCSPR regarding Alfie": a child's name, not "Working Together"
            plural = match.group(0).endswith("s") and not re.search(r"(?:and|&)\s+['‘\"“]?$", text[: match.start()])  # not "Madeleine and Sylvia SARs"
            if pattern is _NAMED_BEFORE and (plural or first.lower() in (ctx.partnership or "").lower().split()):
                continue  # "recently published Culmere Serious Case Reviews": the board's place before its reviews, not a child
            if pattern is _NAMED_BEFORE and _TITLE_BEFORE.search(text[: match.start()]) and _TITLE_BEFORE.search(text[: match.start()]).group("word") not in _LEADS:
                continue  # "Older Teenagers at Risk Thematic Review": the last word of a review's title, not a child
            if len(name.split()) > 1 and name.split()[1] in NOT_NAMES:
                name = first
            tail = _TITLE_TAIL.match(text, match.end(1)) if pattern is _NAMED_AFTER and re.search(r"thematic|learning", match.group(0), re.I) else None
            if tail and tail.group(0) and " " in name + tail.group(0):
                # "a Thematic Review into Neglect of Teenagers": a learning review's title runs on through its small words
                titled.append((match.start(1), tail.end()))
                yield name + tail.group(0), match.start(1), tail.end(), rule
                continue
            if name.lower() in ctx.area_ids or re.match(r"\s*\(\s*(Child|Baby|Young Person|Family)\s+[A-Z]", text[match.end(1) :]):
                continue  # "City & Hackney LCSPR": a place, not a case; "Tashaûn (Child C)" already read
            yield name, match.start(1), match.end(1), rule
            if pattern is _NAMED_AFTER and match.group(2) and _name_ok(match.group(2), text, match.end(2), proper, ctx):
                yield match.group(2), match.start(2), match.end(2), rule  # "the LCSPRs into Ellie and Jayden"
    for match in _NAMED_PAIR_BEFORE.finditer(text):  # "the Madeleine and Sylvia SARs"
        if match.group(1) not in NOT_NAMES and match.group(1).lower() not in ctx.area_ids:
            yield match.group(1), match.start(1), match.end(1), "review.named_pair"
    row = _ROW_NAMED.match(text) if " | " in text else None
    if row and (row.group("name").split()[0] in ("Sibling", "Siblings", "Brothers", "Sisters", "Family", "Twins") or _name_ok(row.group("name"), text, row.end("name"), proper, ctx)):
        yield row.group("name"), row.start("name"), row.end("name"), "review.table_row"
    if proper:
        for match in _GENERIC_NAMED.finditer(text):
            for group in ("name", "name2"):
                name = match.group(group)
                if name and name.startswith("Baby "):
                    name = re.sub(r"['‘\"“]", "", name)  # "Baby 'Eve'": the baby's name is Eve
                if name and _name_ok(name, text, match.end(group), proper, ctx) and not any(a <= match.start(group) < b for a, b in titled):
                    yield name, match.start(group), match.end(group), "review.generic_named"
        if re.search(r"\breview|\breport|\bL?CSPR|\bSCR", text, re.I):
            for match in _FAMILY_NAME.finditer(text):
                if _name_ok(match.group("name"), text, match.end("name"), proper, ctx):
                    yield f"{match.group('name')} Family", match.start("name"), match.end(0), "review.family_name"
            for match in _DASH_LIST.finditer(text):
                for name in re.finditer(_NAME, match.group("list")):
                    at = match.start("list") + name.start()
                    if not re.fullmatch(_MONTHS, name.group(0)) and _name_ok(name.group(0), text, at + len(name.group(0)), proper, ctx):
                        yield name.group(0), at, at + len(name.group(0)), "review.generic_named"
            for match in (*_REFERRED_AS.finditer(text), *_KNOWN_CHILD.finditer(text), *_DEATH_BEFORE.finditer(text)):
                if _name_ok(match.group("name"), text, match.end("name"), proper, ctx):
                    yield match.group("name"), match.start("name"), match.end("name"), "review.generic_named"
        for match in _ONE_OF.finditer(text):
            group = "name" if match.group("name") else "quoted"
            name = match.group(group)
            if CASE_CODE.fullmatch(name) or _name_ok(name, text, match.end(group), proper, ctx):
                yield name, match.start(group), match.end(group), "review.one_of"
    if national:
        seen = set()
        for match in _QUOTED_TITLE.finditer(text):
            seen.add(match.start(1))
            yield match.group(1), match.start(1), match.end(1), "review.quoted_title"
        for match in _QUOTED_NATIONAL.finditer(text):
            title = match.group("title").rstrip(" ,")
            if match.start("title") not in seen and not title.isupper() and not CASE_CODE.fullmatch(title):
                yield title, match.start("title"), match.start("title") + len(title), "review.quoted_national"

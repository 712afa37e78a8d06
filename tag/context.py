"""What the whole document says about itself, needed to read single sentences right."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lscp.schemas import BlockKind, financial_year as normalise_year

from .names import _COUNCIL, _board_for, _councils, _place_safeguarding, _spelled_by_acronym, partnership_from_acronym
from .orgs import council_ends, ends_with_word
from .report_year import find_reporting_year
from .segments import NUMBER_ONLY as NUMBER_LINE, Segment, TaggedDocument

PARTNERSHIP = re.compile(
    r"\b((?:(?:[A-Z][\w'’.-]*(?:,(?=(?:\s+[A-Z][\w'’.-]*,)*\s+[A-Z][\w'’.-]*\s+(?:and|&)\s))?|&|and|of|the|upon|on|under)\s+){1,7}?)"
    r"(Safeguarding\s+Children(?:['’]?s)?\s+(?:Partnership(?:\s+Board)?|Board)|Safeguarding\s+Children\s+(?:and|&)\s+Adults\s+(?:Partnership|Board)|Children(?:['’]?s)?\s+Safeguarding\s+Partnership(?:\s+Board)?"
    r"|Regional\s+Safeguarding\s+(?:Children(?:['’]?s)?\s+)?Board|Safeguarding\s+Board"  # Welsh regional boards
    # bodies for children and adults, or with community safety: 'X Community Safety & Safeguarding Partnership',
    # 'X All-age Safeguarding Partnership'
    r"|Safeguarding\s+Partnership(?!\s+(?:for|of)\s+Adults)|Safe\s+Partnership)\b",  # 'Keeping X Safe Partnership': a brand
)
# words that name no place: 'the Regional Safeguarding Children Board' is part of a board, not its name
_GENERIC_PREFIX = {"local", "regional", "national", "new", "former", "joint", "multi-agency", "area", "county", "city", "borough",
                   "children", "children's", "children’s", "childrens", "all-age", "community", "safety", "and", "&"}
_LEADING_NOISE = re.compile(r"^((the|of|and|&|draft|final|annual|yearly|report|welcome|to|our|for|from|by|in|on|at|as|with|about|is|was|are|what|who|how|why|where|when|we|this|that|these|chair|independent)\s+)+", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])")  # not after an initial or "St."
_REGION = re.compile(
    r"\b(south east|south west|north east|north west|east of england|eastern|east midlands|west midlands|"
    r"yorkshire|humber|inner london|outer london)\b"
)
_CHANGE_HEADER = re.compile(r"change|difference|variance|trend|direction|\+/-|\brag\b", re.I)


@dataclass
class DocContext:
    partnership: str | None = None
    reporting_year: str | None = None
    areas: list[str] = field(default_factory=list)
    area_ids: dict[str, str] = field(default_factory=dict)  # lower-cased alias -> area name
    section_areas: list[str | None] = field(default_factory=list)  # per block: the area its section is about
    block_texts: list[str] = field(default_factory=list)  # per block: its text
    text: str = ""  # the whole document's text
    places: frozenset[str] = frozenset()  # every area name and alias of the areas register, lower-cased

    def councils(self) -> list[tuple[str, str]]:
        """(place, full name) of every council the document names, in order of first mention."""
        cached = self.__dict__.get("_councils")
        if cached is None:
            cached, seen = [], set()
            for match in _COUNCIL.finditer(self.text):
                place = match.group("of") or match.group("place")
                name = re.sub(r"^the\s+", "", match.group(0), flags=re.I)
                if name not in seen:
                    seen.add(name)
                    cached.append((place, name))
            self.__dict__["_councils"] = cached
        return cached

    def names_council(self, name: str) -> bool:
        """Whether the document names '<name> Council' (or '<name> Borough Council', 'City', 'County',
        'District', 'County Borough', 'Metropolitan Borough') anywhere, ``name`` standing after a word boundary.
        The text before each 'Council' is collected once per document, so that each name costs a look at those
        few ends, not a search of the whole text."""
        known = self.__dict__.setdefault("_names_council", {})
        if name not in known:
            ends = self.__dict__.get("_council_ends")
            if ends is None:
                ends = self.__dict__["_council_ends"] = council_ends(self.text)
            known[name] = any(ends_with_word(end, name) for end in ends)
        return known[name]

    def council_of(self, area: str) -> str | None:
        """The council of one of the partnership's areas as the document names it ('Tollbridge Borough Council')."""
        aliases = {alias for alias, name in self.area_ids.items() if name == area} | {area.lower()}
        return next((name for place, name in self.councils() if place.lower() in aliases), None)

    def own_council(self) -> str | None:
        """What 'the Council' is: of the councils of the partnership's areas (or of the place its name starts
        with), the one the document names first, as a council's own report or minutes do at their head."""
        places = {a.lower() for a in self.areas} | ({self.partnership.split()[0].lower()} if self.partnership else set())
        if self.partnership:  # a place of two words ('Pelham Cross Safeguarding Children Board')
            places.add(re.split(r"\s+(?:Local\s+|Regional\s+)?(?:Safeguarding|Children)", self.partnership)[0].lower())
        places |= {alias for alias, area in self.area_ids.items() if area in self.areas}
        return next((name for place, name in self.councils() if place.lower() in places), None)

    def lead_in(self, block_index: int, blocks: int = 2) -> str:
        """The text of the blocks just above one (numbers standing alone skipped): what a short line continues."""
        out: list[str] = []
        index = block_index - 1
        while index >= 0 and len(out) < blocks:
            text = self.block_texts[index].strip()
            if text and not NUMBER_LINE.match(text):
                out.append(text)
            index -= 1
        return " ".join(reversed(out))

    def area_in(self, text: str) -> str | None:
        """The last area of the partnership named in ``text``."""
        found = None
        best = -1
        for alias, area in self.area_ids.items():
            if area not in self.areas:
                continue
            for match in re.finditer(r"\b" + re.escape(alias) + r"\b", text, re.I):
                if match.start() > best:
                    best, found = match.start(), area
        return found

    def without_own_name(self, text: str) -> str:
        """The text with the partnership's own name blanked out (to the same length): the place in
        'Northmoor Safeguarding Children Partnership' says nothing about which area a line is about."""
        if not self.partnership or self.partnership.lower() not in text.lower():
            return text
        return re.sub(re.escape(self.partnership), lambda m: " " * len(m.group(0)), text, flags=re.I)

    def area_after(self, text: str) -> str | None:
        """The area a phrase right after a number places it in: '1,105 in Linwick', '264 referrals in Kestermouth'
        (up to the next number or punctuation)."""
        cut = re.search(r"[,;:.()\d]", text)
        window = text[: cut.start() if cut else len(text)][:60]
        found = re.search(r"\b(?:in|for|across|within)\s+(?:the\s+)?(?:(?:city|borough|county) of\s+)?(.+)$", window, re.I)
        if not found:
            return None
        rest = found.group(1)
        for alias, area in self.area_ids.items():
            if area in self.areas and re.match(re.escape(alias) + r"\b", rest, re.I):
                return area
        return None

    def area_for(self, seg: Segment, position: int, end: int | None = None) -> str | None:
        """For a partnership of several areas: the area a figure is about (a place named right after the number,
        then before it in the sentence, then headings)."""
        if len(self.areas) < 2:
            return None
        text = self.without_own_name(seg.text)
        area = self.area_after(text[end:]) if end is not None else None
        area = area or self.area_in(text[:position]) or self.area_in(text)
        if area:
            return area
        for heading in reversed(seg.headings):
            area = self.area_in(self.without_own_name(heading))
            if area:
                return area
        if seg.block_index < len(self.section_areas):
            return self.section_areas[seg.block_index]
        return None

    def short_name_in(self, text: str) -> str | None:
        """In a short title line, an area called by the first word of its name ('City Safeguarding Snapshot'
        for the City of London) when no other area of the partnership starts with that word."""
        firsts: dict[str, list[str]] = {}
        for area in self.areas:
            firsts.setdefault(area.split()[0], []).append(area)
        for word, named in firsts.items():
            if len(named) == 1 and len(named[0].split()) > 1 and re.match(re.escape(word) + r"\b", text.strip()):
                return named[0]
        return None

    def mark_sections(self, document) -> None:
        """Short lines like 'Snapshot of Peterborough' open a section about one area, as headings do.

        Lines repeated on many pages (running heads, navigation menus) open nothing."""
        current: str | None = None
        self.section_areas = []
        texts = [document.block_text(block).strip() for block in document.blocks]
        repeats = Counter(t.casefold() for t in texts if len(t.split()) <= 8)
        contents = _contents_titles(document)
        for text in texts:
            text = self.without_own_name(text).strip()  # "Independent Scrutineer, Northmoor Safeguarding Children Partnership" opens no section
            key = _title_key(text)
            if len(self.areas) > 1 and key in contents and repeats[text.casefold()] < 3:
                named = {self.area_in(text)} & set(self.areas) or {self.short_name_in(text)} - {None}
                current = named.pop() if len(named) == 1 else None  # a section the contents list names
            elif len(self.areas) > 1 and len(text.split()) <= 8 and not re.search(r"\d", text) and repeats[text.casefold()] < 3:
                named = {self.area_in(text)} & set(self.areas)  # once, not once for each area
                if not named and text[:1].isupper():
                    short = self.short_name_in(text)
                    named = {short} if short else set()
                if len(named) == 1:
                    current = named.pop()
            self.section_areas.append(current)

    def column_meaning(self, header: str) -> tuple[str | None, str | None]:
        """What a table column header says about its values: (comparator, area); comparator 'skip' for change columns."""
        if _CHANGE_HEADER.search(header):
            return "skip", None
        low = header.lower()
        if "statistical" in low or re.search(r"\bsn\b", low):
            return "statistical_neighbour", None
        if "national" in low or "england" in low:
            return "national", None
        if "london" in low or "region" in low or _REGION.search(low):
            return "regional", None
        if _PREVIOUS_HEADER.search(low):
            return "previous_year", None  # "This year | Last year"
        year = normalise_year(header)
        if year and self.reporting_year and year < self.reporting_year:
            return "previous_year", None
        if year and self.reporting_year and year > self.reporting_year:
            return "skip", None
        return None, self.area_in(header) if len(self.areas) > 1 else None


_PREVIOUS_HEADER = re.compile(r"^\s*(?:the\s+)?(?:last|previous|prior)\s+(?:financial\s+|reporting\s+)?year\b|^\s*(?:the\s+)?year before\b")


def _title_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _contents_titles(document) -> set[str]:
    """The section titles a table of contents lists ('Snapshot of Cambridgeshire   7'): tables whose
    rows or cells end in page numbers."""
    titles: set[str] = set()
    for block in document.blocks:
        if block.kind is not BlockKind.table or not block.rows:
            continue
        cells = [c.strip() for row in block.rows for c in row if c.strip()]
        entries = []
        for row in block.rows:
            cells_in_row = [c.strip() for c in row if c.strip()]
            if len(cells_in_row) == 2 and re.fullmatch(r"\d{1,3}", cells_in_row[1]):
                entries.append(cells_in_row[0])
            else:
                entries += [m.group(1) for c in cells_in_row if (m := re.fullmatch(r"(\D{3,}?)\s+\d{1,3}", c))]
        if len(entries) >= 4 and len(entries) * 2 >= len(cells) / 2:
            titles.update(_title_key(e) for e in entries)
    titles.discard("")
    return titles


def find_partnership(tagged: TaggedDocument) -> str | None:
    """The partnership the text names most; for a web page whose text never names it, the one its title or
    banner names ('Yearly Report 2024/25 - X Safeguarding Children Partnership')."""
    document = tagged.document
    texts = [document.block_text(block) for block in document.blocks]
    banner = [part for line in getattr(document, "banner", "").splitlines() for part in re.split(r"\s+[|–—-]\s+", line)]
    return _most_named(texts) or _most_named(banner) or _board_for(document.text) or _place_safeguarding(document.text)


def _most_named(texts: list[str]) -> str | None:
    names: Counter[str] = Counter()
    tied: Counter[str] = Counter()  # names given as the report's own: 'X LSCB Annual Report', 'Annual Report of the X ...'
    first_seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        if text.isupper() and len(text.split()) >= 3:  # an item title in capitals: 'X SAFEGUARDING PARTNERSHIP ANNUAL REPORT'
            text = re.sub(r"[A-Z][A-Z'’]*", lambda m: m.group(0) if m.group(0) in ("LSCB", "SCP", "SCB") else m.group(0)[0] + m.group(0)[1:].lower(), text)
            text = re.sub(r"\b(And|Of|The|For|On|Upon|Under)\b", lambda m: m.group(0).lower(), text)
        text = re.sub(r"\t| \| ", "\n\n", text)  # a name does not run across table cells
        text = re.sub(r"\s+\([A-Z][A-Za-z&]{0,5}\)(?=\s+(?:Local\s+)?(?:Safeguarding|Children))", "", text)  # 'X (XY) Local ...'
        for match in PARTNERSHIP.finditer(text := re.sub(r"\n\n+", " \x00 ", text)):
            # 'Executive Summary of the X ...', 'Independent Scrutineer of the X ...': the name follows 'of the'
            # ... and past another body: 'the Safeguarding Adults Board and the Children's Safeguarding Partnership'
            prefix = re.split(r"\s+of\s+the\s+|\b(?:Board|Partnership|Adults)\s+(?:and|&)\s+", match.group(1).strip())[-1]
            # a name starts after the sentence before it ends: 'reported to the Executive Group. The Children's ...'
            prefix = _SENTENCE_END.split(prefix)[-1]
            prefix = _LEADING_NOISE.sub("", prefix + " ").strip()
            if not prefix or not prefix[0].isupper() or "\x00" in prefix:
                continue
            if all(word.lower() in _GENERIC_PREFIX for word in re.findall(r"[\w'’-]+", prefix)):
                continue
            if match.group(2).startswith("Safe ") and not re.match(r"Keeping\s+[A-Z]", prefix):
                continue
            if match.group(2).startswith(("Safeguarding Partnership", "Safeguarding Board")) and re.search(r"\bAdult(?:s|['’]s)?$", prefix) and not re.search(
                    r"\bChildren(?:['’]s)?\s+(?:and|&)\s+Adults$", prefix):
                continue  # 'the Adults Safeguarding Partnership': the adults' body, not the children's ('Children and Adults' is both)
            name = re.sub(r"\s+", " ", f"{prefix} {match.group(2)}")
            names[name] += 1
            first_seen.setdefault(name, index)
            after = text[match.end() : match.end() + 30]
            tied[name] += bool(re.match(r"(?:['’]s)?\s+(?:\([A-Z]{2,6}\)\s+)?(?:Annual|Yearly)\s+Report", after) or re.search(r"(?:Annual|Yearly)\s+Report\s+of\s+the\s", match.group(1)))
    if not names:
        return None
    return max(names, key=lambda n: (tied[n], names[n], len(n) if names[n] > 1 else 0, -first_seen[n]))


def find_areas(tagged: TaggedDocument, partnership: str | None, area_ids: dict[str, str]) -> list[str]:
    """The local authority areas the partnership covers: those its name gives, else the most named one."""
    ordered: list[str] = []
    if partnership:
        found: dict[str, int] = {}  # area -> where its name (or an alias) starts in the partnership's name
        folded = partnership.casefold()
        for alias, area in sorted(area_ids.items(), key=lambda item: -len(item[0])):
            # a substring test first: a pattern for each of the register's hundreds of names, made for every
            # document, overflowed the regex cache and compiled them all again each time
            match = re.search(r"\b" + re.escape(alias) + r"\b", partnership, re.I) if alias.casefold() in folded else None
            if match and area not in found:  # 'City of York' and 'York' name one area
                found[area] = match.start()
        ordered = sorted(found, key=found.__getitem__)
    if ordered:
        return ordered
    counts: Counter[str] = Counter()
    for seg in tagged.segments:
        for span in seg.spans("area"):
            counts[span.id_] += 1
    return [counts.most_common(1)[0][0]] if counts else []


# 'The Board covers the areas of Bro Halen, Tregarn and Llanfor', 'covering the councils of X, Y and Z'
_PLACE = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
_COVERS = re.compile(
    r"\b(?:covers|covering|cover|covered|spans|spanning|serves|serving|brings together)\s+(?:the\s+)?(?:(?:local authority|council|administrative)\s+)?"
    r"(?:areas?|councils?|local authorities|authorities|boroughs|counties|districts)\s+of\s+"
    r"(?P<list>" + _PLACE + r"(?:\s*,\s*" + _PLACE + r")*,?\s+and\s+" + _PLACE + r")"
)
_STATUTORY_LEAD_IN = re.compile(r"\b(statutory (safeguarding )?partners|safeguarding partners (are|for|in|were)|three (safeguarding |statutory )?partners)\b", re.I)


def areas_from_councils(tagged: TaggedDocument, partnership: str | None) -> list[str]:
    """The areas of a partnership the areas register does not know: the places its name joins ('X, Y and Z
    Safeguarding Children Partnership') when the document names a council for each, else the places the text
    says it covers ('covers the areas of X, Y and Z'), else the councils named
    where the document says who the statutory partners are (the sentence, or the list it introduces)."""
    text = tagged.document.text
    councils = set(_councils(text))
    if partnership:
        prefix = re.split(r"\s+(?:Safeguarding|Children)", partnership)[0]
        named_after = re.search(r"\bBoard\s+for\s+(.+)$", partnership)  # "Local Safeguarding Children Board for X and Y"
        prefix = named_after.group(1) if named_after else prefix
        parts = [p.strip() for p in re.split(r",|\s+and\s+|\s*&\s*", prefix) if p.strip()]
        if len(parts) >= 2 and all(p in councils for p in parts):
            return parts
    covered = _COVERS.search(text)
    if covered:  # the text says which areas it covers
        return [p.strip() for p in re.split(r",|\s+and\s+", covered.group("list")) if p.strip()]
    found: list[str] = []
    in_list = False
    lead_block = -1  # the block of the last sentence naming the statutory partners: its next sentence may list them
    list_block = -1  # the block after a lead-in ending with ':' (its list, one block of lines, or its items)
    for seg in tagged.segments:
        if in_list and (seg.kind is BlockKind.list_item or seg.block_index == list_block):
            named = _councils(seg.text)
        elif seg.kind is not BlockKind.list_item and (_STATUTORY_LEAD_IN.search(seg.text) or seg.block_index == lead_block):
            named = _councils(seg.text)
            in_list = seg.text.rstrip().endswith(":")
            list_block = seg.block_index + 1
            lead_block = seg.block_index if _STATUTORY_LEAD_IN.search(seg.text) else -1
        else:
            in_list = in_list and seg.kind is BlockKind.list_item
            lead_block = -1
            continue
        found += [p for p in named if p not in found]
    return found if len(found) >= 2 else []


def build_context(tagged: TaggedDocument, area_ids: dict[str, str], places: frozenset[str] = frozenset()) -> DocContext:
    """What every component reads the document's sentences with, worked out once: the partnership, its
    reporting year and areas, and the area each section is about."""
    partnership = find_partnership(tagged)
    ctx = DocContext(partnership=partnership, reporting_year=find_reporting_year(tagged), area_ids=area_ids, places=places)
    ctx.block_texts = [tagged.document.block_text(block) for block in tagged.document.blocks]
    ctx.text = tagged.document.text
    ctx.areas = find_areas(tagged, partnership, area_ids)
    if len(ctx.areas) < 2:
        derived = areas_from_councils(tagged, partnership)
        if derived:
            ctx.areas = derived
            ctx.area_ids = {**area_ids, **{place.lower(): place for place in derived}}
    if partnership is None:
        ctx.partnership = partnership_from_acronym(tagged, ctx.areas)
        if ctx.partnership is None and not ctx.areas:  # the acronym alone: the one area whose initials it spells
            ctx.partnership, ctx.areas = _spelled_by_acronym(tagged, set(area_ids.values()))
    _add_heading_areas(tagged, ctx)
    ctx.mark_sections(tagged.document)
    return ctx


def _add_heading_areas(tagged: TaggedDocument, ctx: DocContext) -> None:
    """A partnership of several areas gives each its own sections: an area named in headings or short
    section lines about as often as one the partnership's name gives is covered too."""
    counts: dict[str, int] = {}
    for block, doc in zip(tagged.document.blocks, tagged.docs):
        if block.kind is BlockKind.heading or len(doc) <= 8:
            for area in {s.id_ for s in doc.spans.get("area", [])}:
                counts[area] = counts.get(area, 0) + 1
    if not ctx.areas:
        return
    top = max(counts.get(a, 0) for a in ctx.areas)
    for area, n in sorted(counts.items(), key=lambda item: -item[1]):
        if n >= 2 and n * 4 >= top and area not in ctx.areas:
            ctx.areas.append(area)

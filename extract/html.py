"""Read council committee web pages: keep headings, paragraphs, lists and tables; drop the site chrome."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from lscp.schemas import BlockKind, Document, EmptyDocument

from .builder import DocumentBuilder

DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select")
DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "menubar", "dialog", "alertdialog"}
DROP_CLASS_OR_ID = re.compile(r"(^|[-_ ])(cookie|consent|breadcrumbs?|skip-?link|site-?nav|navbar|menu|share|social)([-_ ]|$)", re.I)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCK_TAGS = {"p", "li", "table", "dt", "dd", "blockquote", "pre", "caption", *HEADINGS}
CONTAINERS = {"div", "section", "article", "main", "body", "td", "th", "span", "font", "center"}
MAX_DEPTH = 60
"""Deepest element read as structure; anything nested deeper is read as one paragraph of its text. Real pages
nest a few dozen levels at most; a page nested thousands deep would otherwise cost time with the square of its depth."""


def read_html(path: Path, data: bytes, media_type: str) -> Document:
    if not data.strip():
        raise EmptyDocument("file is empty (0 bytes of HTML)")
    soup = BeautifulSoup(data, "lxml")
    banner = _banner(soup)
    _drop_chrome(soup)
    _flatten_deep(soup)
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    builder = DocumentBuilder()
    builder.start_page(1)
    _walk(root, builder)
    document = builder.build(path=path, data=data, media_type=media_type)
    if not document.text.strip():
        raise EmptyDocument("HTML page has no readable text once scripts, styles and navigation are removed")
    document.banner = banner
    return document


def _banner(soup: BeautifulSoup) -> str:
    """The page's <title> and the short lines of its header banner (a site's name), one a line: a page may
    name its owner only there ('Yearly report | X Safeguarding Children Partnership')."""
    lines = []
    if soup.title and soup.title.string:
        lines.append(soup.title.get_text(" "))
    for header in soup.find_all(["header"], limit=3) + soup.find_all(attrs={"role": "banner"}, limit=3):
        for tag in header.find_all(["nav", "ul", "ol", "script", "style", "form"]):
            tag.decompose()
        lines += [line for line in header.get_text("\n").splitlines() if 0 < len(line.strip()) <= 120]
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in lines if line.strip())[:1000]


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove scripts, navigation and hidden parts, visiting each element once (a removed one's subtree is not visited).

    (A `decomposed` check per element would cost a walk of its subtree: BeautifulSoup looks a missing attribute up
    as a child tag.)"""
    stack = [child for child in reversed(soup.contents) if isinstance(child, Tag)]
    while stack:
        tag = stack.pop()
        if _is_chrome(tag):
            tag.decompose()
            continue
        stack.extend(child for child in reversed(tag.contents) if isinstance(child, Tag))


def _is_chrome(tag: Tag) -> bool:
    if tag.name in DROP_TAGS:
        return True
    role = (tag.get("role") or "").lower()
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    hidden = tag.get("aria-hidden") == "true" or "display:none" in (tag.get("style") or "").replace(" ", "")
    return role in DROP_ROLES or hidden or bool(names.strip() and DROP_CLASS_OR_ID.search(names))


def _flatten_deep(soup: BeautifulSoup) -> None:
    """Replace each element at MAX_DEPTH by a paragraph of its text, so that reading stays linear in the page's size."""
    stack = [(child, 1) for child in soup.contents if isinstance(child, Tag)]
    deep: list[Tag] = []
    while stack:
        tag, depth = stack.pop()
        if depth >= MAX_DEPTH:
            deep.append(tag)
            continue
        stack.extend((child, depth + 1) for child in tag.contents if isinstance(child, Tag))
    for tag in deep:
        paragraph = soup.new_tag("p")
        paragraph.string = tag.get_text(" ")
        tag.replace_with(paragraph)


def _walk(node: Tag, builder: DocumentBuilder) -> None:
    """Emit a block per block-level element; loose text in containers becomes a paragraph."""
    loose: list[str] = []

    def flush() -> None:
        text = " ".join(loose).strip()
        if text:
            builder.add(BlockKind.paragraph, text)
        loose.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                loose.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name == "br":
            flush()
        elif name in HEADINGS:
            flush()
            builder.add(BlockKind.heading, _text(child), level=HEADINGS[name])
        elif name == "table":
            flush()
            if _is_layout(child):
                for cell in _cells(child):
                    _walk(cell, builder)
            else:
                _table(child, builder)
        elif name in ("ul", "ol", "dl"):
            flush()
            _walk(child, builder)
        elif name == "li" or name in ("dt", "dd"):
            flush()
            if child.find(["ul", "ol", "table", "p"]):
                _walk_item(child, builder)
            else:
                builder.add(BlockKind.list_item, _text(child))
        elif name in ("p", "blockquote", "pre", "caption"):
            flush()
            if child.find(["table", "ul", "ol"]):
                _walk(child, builder)
            else:
                builder.add(BlockKind.paragraph, _text(child))
        elif child.find(list(BLOCK_TAGS) + ["div", "section", "article", "br"]):
            flush()
            _walk(child, builder)
        else:
            loose.append(child.get_text(" "))
    flush()


def _walk_item(item: Tag, builder: DocumentBuilder) -> None:
    """A list item holding nested blocks: its own text first, then the nested blocks."""
    own = " ".join(str(s) for s in item.children if isinstance(s, NavigableString)).strip()
    if own:
        builder.add(BlockKind.list_item, own)
    for child in item.children:
        if isinstance(child, Tag):
            wrapper = BeautifulSoup("<div></div>", "lxml").div
            wrapper.append(child.__copy__())
            _walk(wrapper, builder)


def _cells(table: Tag) -> list[Tag]:
    return [cell for tr in table.find_all("tr") if tr.find_parent("table") is table
            for cell in tr.find_all(["td", "th"], recursive=False)]


def _is_layout(table: Tag) -> bool:
    """A table used for page layout (an agenda page's item cells, each holding several paragraphs
    of minutes) is read as the blocks in its cells, not as rows of data."""
    for cell in _cells(table):
        blocks = [b for b in cell.find_all(["p", "ul", "ol", *HEADINGS]) if b.find_parent("table") is table]
        if len(blocks) >= 2:
            return True
    return False


def _table(table: Tag, builder: DocumentBuilder) -> None:
    rows: list[list[str]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            text = _text(cell)
            span = int(cell.get("colspan") or 1) if str(cell.get("colspan") or "1").isdigit() else 1
            cells.extend([text] + [""] * (min(span, 20) - 1))
        rows.append(cells)
    builder.add_table(rows)


def _text(tag: Tag) -> str:
    return tag.get_text(" ", strip=True)

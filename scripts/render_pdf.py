#!/usr/bin/env python3
"""Render a source document into a designed PDF with headless Chromium.

The PDFs this script makes are test material for the extraction pipeline: the
same text laid out in different designs (one column, two columns with running
headers, landscape pages with stat call-out boxes), so that a reader can be
checked against layouts that real partnership reports use.

Usage
-----
    python scripts/render_pdf.py SRC --layout LAYOUT --out OUT.pdf
    python scripts/render_pdf.py SRC --all-layouts OUTDIR

    --layout       one of: one-column, two-column, landscape-callouts
    --out          the PDF to write
    --all-layouts  write OUTDIR/<stem>.<layout>.pdf for every layout
    --header TEXT  running header text (default: the document's <title>,
                   else its first <h1>/<h2>, else the file name)
    --footer TEXT  running footer text (default: "Annual Report YYYY-YY" when
                   the title names a year, else the header text)

Only the standard library is used. Chromium must be on PATH as ``chromium``
or ``chromium-browser`` (Debian: ``apt-get install chromium``).

Sources
-------
* ``.html`` / ``.htm``: the content of <body> is used (the whole file when it
  has no <body>); <script>, <style>, <link> and <meta> elements are dropped so
  that the layout alone decides the design.
* ``.md`` / ``.txt`` in the style of the converted corpus: ``#`` headings,
  bullet lines (``- ``, ``· ``, ``• ``, ``* ``), ``**bold**``, HTML fragments
  such as <p> and <b> (passed through), and tab-separated lines (consecutive
  lines containing a tab become one <table>, a <tr> per line and a <td> per
  cell). Every other non-blank line is a paragraph.

Layouts
-------
* ``one-column``: A4 portrait, a single column, ruled tables (a 1px solid
  border on every cell). No running header, footer or page numbers.
* ``two-column``: A4 portrait, body set in two columns (``columns: 2``) with
  h1, h2 and tables spanning both (``column-span: all``); a running header
  (the partnership / report title) and a running footer ("Annual Report
  2023-24" and "Page N of M") on every page.
* ``landscape-callouts``: A4 landscape, two columns, same running header and
  footer, and stat call-out boxes: a bordered box with the big number (28pt)
  on one line and its label on the next. A call-out is made from
    - an element with class ``callout`` whose text starts with a number,
    - a paragraph holding only a number followed by a short paragraph (the
      label), e.g. ``6,953`` then ``referrals to children's social care``,
    - a short paragraph that is a number followed by a label.
  Call-out elements must not nest an element of their own tag name.

What is achieved
----------------
Running headers, footers and page numbers use CSS page-margin boxes
(``@top-left``, ``@bottom-left``, ``@bottom-right`` with ``counter(page)`` and
``counter(pages)``), which Chromium prints since version 131, also with
``--no-pdf-header-footer`` (that flag only removes Chromium's own date/URL
header and footer). They repeat on every page, outside the body text, and
the page numbers are real ("Page 2 of 4"). ``position: fixed`` elements were
not used: in print Chromium places them inside the page area, where they
overlap the body text and cannot show a page number. With a Chromium older
than 131 the PDF is still written, without running header, footer or page
numbers, and a warning says so.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template

LAYOUT_NAMES = ("one-column", "two-column", "landscape-callouts")
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".md", ".txt", ".markdown"}
CHROMIUM_BINARIES = ("chromium", "chromium-browser")
CHROMIUM_TIMEOUT_SECONDS = 180
MIN_MARGIN_BOX_VERSION = 131
DEFAULT_FOOTER_PREFIX = "Annual Report"

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)

# Longest label (in characters) that still makes a short paragraph a call-out.
CALLOUT_LABEL_MAX = 80
CALLOUT_INLINE_LABEL_MAX = 60
NUMBER = r"£?\d[\d,]*(?:\.\d+)?%?"

TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET_RE = re.compile(r"^\s*[-*•·]\s+(.*)$")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
BLOCK_HTML_RE = re.compile(
    r"^\s*</?(?:p|div|table|thead|tbody|tr|ul|ol|li|h[1-6]|section|article|"
    r"blockquote|figure|hr|br|img)\b",
    re.I,
)
YEAR_RE = re.compile(r"\b(20\d\d)\s*[-/–]\s*(\d\d(?:\d\d)?)\b")

BASE_CSS = """
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
       font-size: 10.5pt; line-height: 1.35; color: #1b1b1b; }
body { margin: 0; }
h1 { font-size: 20pt; color: #123d63; margin: 0 0 4mm; }
h2 { font-size: 14pt; color: #123d63; margin: 5mm 0 2mm;
     border-bottom: 1.5pt solid #123d63; padding-bottom: 1mm; }
h3 { font-size: 11.5pt; color: #123d63; margin: 4mm 0 1.5mm; }
h1, h2, h3 { break-after: avoid; }
p { margin: 0 0 2.5mm; }
ul, ol { margin: 0 0 2.5mm; padding-left: 6mm; }
li { margin-bottom: 0.8mm; }
table { border-collapse: collapse; margin: 2mm 0 4mm; }
tr { break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2.5mm; }
th { background: #dfe8f1; }
td.num, th.num { text-align: right; }
"""

ONE_COLUMN_CSS = """
@page { size: A4 portrait; margin: 16mm 18mm 16mm 18mm; }
html { font-size: 10pt; }
table { width: 100%; }
th, td { border: 1px solid #000; }
.callout { font-weight: bold; }
"""

RUNNING_CSS = """
@page {
  @top-left { content: "$header"; font: 8.5pt "Liberation Sans", sans-serif;
              color: #123d63; vertical-align: bottom; padding-bottom: 2mm;
              border-bottom: 0.75pt solid #123d63; }
  @bottom-left { content: "$footer"; font: 8.5pt "Liberation Sans", sans-serif;
                 color: #555; vertical-align: top; padding-top: 2mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 8.5pt "Liberation Sans", sans-serif; color: #555;
                  vertical-align: top; padding-top: 2mm; }
}
"""

TWO_COLUMN_CSS = """
@page { size: A4 portrait; margin: 22mm 15mm 20mm 15mm; }
.doc { columns: 2; column-gap: 8mm; column-rule: 0.5pt solid #c8d3de; }
h1, h2, table, .span-all { column-span: all; }
table { width: 100%; }
th, td { border-bottom: 0.75pt solid #8aa0b5; }
.callout { font-weight: bold; }
"""

LANDSCAPE_CALLOUTS_CSS = """
@page { size: A4 landscape; margin: 20mm 15mm 18mm 15mm; }
.doc { columns: 2; column-gap: 10mm; }
h1, table, .span-all { column-span: all; }
table { width: 100%; }
th, td { border-bottom: 0.75pt solid #8aa0b5; }
.callout { border: 1.5pt solid #123d63; background: #eef3f8;
           padding: 2.5mm 4mm; margin: 0 0 3mm; break-inside: avoid; }
.callout-number { display: block; font-size: 28pt; font-weight: bold;
                  line-height: 1.1; color: #123d63; }
.callout-label { display: block; font-size: 10.5pt; }
"""

LAYOUT_CSS = {
    "one-column": ONE_COLUMN_CSS,
    "two-column": RUNNING_CSS + TWO_COLUMN_CSS,
    "landscape-callouts": RUNNING_CSS + LANDSCAPE_CALLOUTS_CSS,
}
LAYOUTS_WITH_CALLOUTS = {"landscape-callouts"}

PAGE_TEMPLATE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>$title</title>
<style>$css</style>
</head>
<body>
<main class="doc">
$body
</main>
</body>
</html>
""")


# --------------------------------------------------------------------------
# Inline text


def escape_text(text: str) -> str:
    """Escape &, < and > in text that holds no tags, keeping entities."""
    parts = ENTITY_RE.split(text)
    entities = ENTITY_RE.findall(text)
    out = [html.escape(parts[0], quote=False)]
    for entity, part in zip(entities, parts[1:]):
        out.append(entity)
        out.append(html.escape(part, quote=False))
    return "".join(out)


def inline_markup(text: str) -> str:
    """Turn a line of corpus-style text into inline HTML.

    HTML tags already in the text are kept; everything between them is
    escaped, and ``**x**`` becomes ``<b>x</b>``.
    """
    out, pos = [], 0
    for match in TAG_RE.finditer(text):
        out.append(escape_text(text[pos:match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(escape_text(text[pos:]))
    return BOLD_RE.sub(r"<b>\1</b>", "".join(out))


def strip_tags(fragment: str) -> str:
    return html.unescape(TAG_RE.sub("", fragment)).strip()


# --------------------------------------------------------------------------
# Markdown / text sources


def table_html(rows: list[str]) -> str:
    lines = ["<table>"]
    for row in rows:
        cells = "".join(f"<td>{inline_markup(cell.strip())}</td>" for cell in row.split("\t"))
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def list_html(items: list[str]) -> str:
    body = "".join(f"<li>{inline_markup(item)}</li>" for item in items)
    return f"<ul>{body}</ul>"


def line_html(line: str) -> str:
    heading = HEADING_RE.match(line)
    if heading:
        level = len(heading.group(1))
        return f"<h{level}>{inline_markup(heading.group(2))}</h{level}>"
    if BLOCK_HTML_RE.match(line):
        return inline_markup(line.strip())
    return f"<p>{inline_markup(line.strip())}</p>"


def markdown_to_html(text: str) -> str:
    """Convert corpus-style markdown/text to simple HTML blocks."""
    blocks: list[str] = []
    table_rows: list[str] = []
    list_items: list[str] = []

    def flush() -> None:
        if table_rows:
            blocks.append(table_html(table_rows))
            table_rows.clear()
        if list_items:
            blocks.append(list_html(list_items))
            list_items.clear()

    for raw in text.splitlines():
        line = raw.rstrip("\r\n")
        if "\t" in line and line.strip():
            if list_items:
                flush()
            table_rows.append(line)
            continue
        bullet = BULLET_RE.match(line)
        if bullet:
            if table_rows:
                flush()
            list_items.append(bullet.group(1).strip())
            continue
        flush()
        if line.strip():
            blocks.append(line_html(line))
    flush()
    return "\n".join(blocks)


# --------------------------------------------------------------------------
# HTML sources

DROPPED_ELEMENTS_RE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
DROPPED_TAGS_RE = re.compile(r"<(?:link|meta|base)\b[^>]*>", re.I)
BODY_RE = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.I | re.S)
TITLE_RE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
HEADING_TAG_RE = re.compile(r"<h([12])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)


def html_body(text: str) -> str:
    match = BODY_RE.search(text)
    body = match.group(1) if match else text
    body = DROPPED_ELEMENTS_RE.sub("", body)
    return DROPPED_TAGS_RE.sub("", body).strip()


def document_title(text: str, body: str) -> str | None:
    """The <title>, else the first <h1>/<h2> of the body, else None."""
    candidates = [m.group(1) for m in TITLE_RE.finditer(text)][:1]
    candidates += [m.group(2) for m in HEADING_TAG_RE.finditer(body)][:1]
    for candidate in candidates:
        title = " ".join(strip_tags(candidate).split())
        if title:
            return title
    return None


def load_source(path: Path) -> tuple[str, str]:
    """Return (body HTML, title) for a source file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        body = html_body(text)
    elif suffix in TEXT_SUFFIXES:
        body = markdown_to_html(text)
    else:
        raise SystemExit(f"render_pdf: unsupported source type {path.suffix!r} "
                         f"(expected .html, .htm, .md or .txt)")
    return body, document_title(text, body) or path.stem


# --------------------------------------------------------------------------
# Stat call-outs

CALLOUT_ELEMENT_RE = re.compile(
    r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)(?P<attrs>[^>]*\bclass\s*=\s*\"[^\"]*\bcallout\b[^\"]*\"[^>]*)>"
    r"(?P<inner>.*?)</(?P=tag)\s*>",
    re.S,
)
CALLOUT_PAIR_RE = re.compile(
    rf"<p>\s*(?P<number>{NUMBER})\s*</p>\s*<p>(?P<label>[^<]{{1,{CALLOUT_LABEL_MAX}}})</p>"
)
CALLOUT_INLINE_RE = re.compile(
    rf"<p>\s*(?P<number>{NUMBER})\s+(?P<label>[^<]{{1,{CALLOUT_INLINE_LABEL_MAX}}}?)\s*</p>"
)
LEADING_NUMBER_RE = re.compile(rf"^\s*(?P<number>{NUMBER})\s*(?P<label>.*)$", re.S)


def callout_box(number: str, label: str) -> str:
    return (f'<div class="callout"><span class="callout-number">{escape_text(number)}</span>'
            f'<span class="callout-label">{escape_text(label.strip())}</span></div>')


def element_callout(match: re.Match) -> str:
    parts = LEADING_NUMBER_RE.match(strip_tags(match.group("inner")))
    if not parts or not parts.group("label"):
        return match.group(0)
    return callout_box(parts.group("number"), parts.group("label"))


def inline_callout(match: re.Match) -> str:
    label = html.unescape(match.group("label"))
    if label.rstrip().endswith((".", ":", ";")):
        return match.group(0)
    return callout_box(match.group("number"), label)


def apply_callouts(body: str) -> str:
    """Turn stat paragraphs and ``class="callout"`` elements into boxes."""
    body = CALLOUT_ELEMENT_RE.sub(element_callout, body)
    body = CALLOUT_PAIR_RE.sub(
        lambda m: callout_box(m.group("number"), html.unescape(m.group("label"))), body)
    return CALLOUT_INLINE_RE.sub(inline_callout, body)


# --------------------------------------------------------------------------
# Page assembly


def css_string(text: str) -> str:
    """Quote text for a CSS ``content`` string (without the quotes)."""
    flat = " ".join(text.split())
    return flat.replace("\\", "\\\\").replace('"', '\\"')


def default_footer(title: str) -> str:
    year = YEAR_RE.search(title)
    if not year:
        return title
    start, end = year.group(1), year.group(2)
    return f"{DEFAULT_FOOTER_PREFIX} {start}-{end[-2:]}"


def build_page(body: str, title: str, layout: str, header: str, footer: str) -> str:
    css = Template(BASE_CSS + LAYOUT_CSS[layout]).substitute(
        header=css_string(header), footer=css_string(footer))
    if layout in LAYOUTS_WITH_CALLOUTS:
        body = apply_callouts(body)
    return PAGE_TEMPLATE.substitute(title=escape_text(title), css=css, body=body)


# --------------------------------------------------------------------------
# Chromium


def find_chromium() -> str:
    for name in CHROMIUM_BINARIES:
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("render_pdf: Chromium not found on PATH (looked for "
                     f"{' or '.join(CHROMIUM_BINARIES)}). Install it, e.g. "
                     "`apt-get install chromium` on Debian.")


def chromium_major_version(binary: str) -> int | None:
    try:
        result = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"(\d+)\.\d+\.\d+", result.stdout)
    return int(match.group(1)) if match else None


def print_to_pdf(binary: str, html_text: str, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render_pdf_") as tmp:
        tmp_dir = Path(tmp)
        page = tmp_dir / "page.html"
        page.write_text(html_text, encoding="utf-8")
        profile = tmp_dir / "profile"
        command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   f"--print-to-pdf={out.resolve()}", page.as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, text=True,
                                    timeout=CHROMIUM_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise SystemExit(f"render_pdf: Chromium timed out after "
                             f"{CHROMIUM_TIMEOUT_SECONDS}s rendering {out}") from None
    if result.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise SystemExit(f"render_pdf: Chromium failed to write {out} "
                         f"(exit {result.returncode})\n{tail}")


# --------------------------------------------------------------------------
# Command line


def render(src: Path, layout: str, out: Path, binary: str,
           header: str | None, footer: str | None) -> None:
    body, title = load_source(src)
    header = header or title
    footer = footer or default_footer(title)
    print_to_pdf(binary, build_page(body, title, layout, header, footer), out)
    print(f"wrote {out} ({layout}, {out.stat().st_size:,} bytes)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Render an HTML or corpus-style text document to a designed PDF "
                    "with headless Chromium.")
    parser.add_argument("src", type=Path, help="source document (.html, .md or .txt)")
    parser.add_argument("--layout", choices=LAYOUT_NAMES, help="layout to render")
    parser.add_argument("--out", type=Path, help="PDF to write (with --layout)")
    parser.add_argument("--all-layouts", type=Path, metavar="OUTDIR",
                        help="render every layout into OUTDIR/<stem>.<layout>.pdf")
    parser.add_argument("--header", help="running header text (default: document title)")
    parser.add_argument("--footer", help='running footer text (default: "Annual Report YYYY-YY")')
    args = parser.parse_args(argv)
    if args.all_layouts is None and (args.layout is None or args.out is None):
        parser.error("give --layout and --out, or --all-layouts OUTDIR")
    if args.all_layouts is not None and (args.layout or args.out):
        parser.error("--all-layouts cannot be combined with --layout/--out")
    if not args.src.is_file():
        parser.error(f"no such file: {args.src}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    binary = find_chromium()
    version = chromium_major_version(binary)
    if version is not None and version < MIN_MARGIN_BOX_VERSION:
        print(f"render_pdf: warning: Chromium {version} predates page-margin boxes "
              f"({MIN_MARGIN_BOX_VERSION}+): no running header, footer or page numbers",
              file=sys.stderr)
    if args.all_layouts is not None:
        jobs = [(layout, args.all_layouts / f"{args.src.stem}.{layout}.pdf")
                for layout in LAYOUT_NAMES]
    else:
        jobs = [(args.layout, args.out)]
    for layout, out in jobs:
        render(args.src, layout, out, binary, args.header, args.footer)
    return 0


if __name__ == "__main__":
    sys.exit(main())

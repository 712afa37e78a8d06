"""Build the static report site from the warehouse's rows: an overview, a page per partnership and year,
a page per document, and the evidence view behind every number.

The site is self-contained: its pages, styles, scripts (the charts' Vega bundle included) and the rendered
PDF pages are files in the output folder, and nothing is loaded from the network.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import jinja2

from . import charts
from .evidence import DocumentText, Evidence, resolve
from .render import render_pages

KINDS: tuple[str, ...] = ("report", "figure", "review", "partner", "person", "theme", "priority", "finance")
EVIDENCE_COLUMNS = ("fact_id", "document_id", "position", "page", "char_start", "char_end", "sentence", "rule", "ocr", "paragraph")
"""Columns of a fact row that the evidence panel shows (where it was read from), not the fact's table."""
PDF = "application/pdf"
SITE_MARKER = ".lscp-report"


@dataclass
class SiteData:
    """What the site is built from: rows of the warehouse's tables and views, as dicts."""

    documents: list[dict[str, Any]]
    facts: dict[str, list[dict[str, Any]]]  # kind -> rows of its table
    partnership_reports: list[dict[str, Any]] = field(default_factory=list)
    figures_comparable: list[dict[str, Any]] = field(default_factory=list)
    funding: list[dict[str, Any]] = field(default_factory=list)
    funding_by_type: list[dict[str, Any]] = field(default_factory=list)
    reviews_comparable: list[dict[str, Any]] = field(default_factory=list)
    priorities_comparable: list[dict[str, Any]] = field(default_factory=list)
    pages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # document_id -> stored pages
    words: dict[str, list[tuple]] = field(default_factory=dict)  # document_id -> stored word boxes


@dataclass
class SiteSummary:
    out: Path
    pages: list[Path]
    images: int
    facts: int
    seconds: float

    @property
    def largest_page(self) -> tuple[Path, int]:
        sizes = [(p, p.stat().st_size) for p in self.pages]
        return max(sizes, key=lambda s: s[1]) if sizes else (self.out, 0)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lscp.view", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = format_number
    env.filters["value"] = format_value
    env.filters["short"] = charts.short_name
    env.filters["label"] = lambda s: (s or "").replace("_", " ")
    return env


def format_number(value: Any) -> str:
    """1234.0 -> '1,234'; 12.5 -> '12.5'; None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def format_value(value: Any, unit: str | None) -> str:
    text = format_number(value)
    if unit == "pct":
        return f"{text}%"
    if unit == "gbp":
        return f"£{text}"
    if unit in ("days", "years"):
        return f"{text} {unit}"
    return text


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-") or "x"


class PageContext:
    """Per page: the facts it shows, whose evidence goes into the page for the evidence view."""

    def __init__(self, evidence: dict[str, dict[str, Any]]) -> None:
        self._evidence = evidence
        self.used: dict[str, dict[str, Any]] = {}

    def fact(self, fact_id: str | None) -> str:
        """Remember a fact shown on the page; returns its id (for data-fact attributes)."""
        if fact_id and fact_id in self._evidence:
            self.used[fact_id] = self._evidence[fact_id]
            return fact_id
        return ""

    def evidence_json(self) -> str:
        return _script_json(self.used)


def _script_json(data: Any) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")).replace("</", "<\\/")


def build_site(data: SiteData, out: Path, *, vega_bundle: Callable[[], str] | None = None) -> SiteSummary:
    """Write the site into ``out`` (created; earlier pages and images in it are replaced)."""
    began = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    marker = out / SITE_MARKER
    if marker.exists():  # a site built before: its pages and images go, other files stay
        for folder in ("static", "pages"):
            shutil.rmtree(out / folder, ignore_errors=True)
        for old in out.glob("*.html"):
            old.unlink()
    for folder in ("static", "pages"):
        (out / folder).mkdir(exist_ok=True)
    marker.write_text("A site written by lscp report: its *.html, static/ and pages/ are replaced by the next build.\n", encoding="utf-8")
    env = _environment()

    documents = {d["document_id"]: d for d in data.documents}
    texts = {doc: DocumentText(pages, data.words.get(doc, [])) for doc, pages in data.pages.items()}
    resolved: dict[str, Evidence] = {}
    kind_of: dict[str, str] = {}
    for kind in KINDS:
        for row in data.facts.get(kind, []):
            resolved[row["fact_id"]] = resolve(row, texts.get(row["document_id"]))
            kind_of[row["fact_id"]] = kind
    images = _render_images(resolved, documents, out / "pages")
    evidence = {fid: _payload(ev, kind_of[fid], documents, images, texts) for fid, ev in resolved.items()}

    reports = _reports(data)
    doc_report = {doc: r for r in reports for doc in r["document_ids"]}
    written: list[Path] = []

    def write(name: str, template: str, **context: Any) -> None:
        page = PageContext(evidence)
        html = env.get_template(template).render(
            page=page, evidence_of=lambda fid: resolved.get(fid), doc_href=_doc_href, report_href=_report_href,
            documents=documents, **context,
        )
        path = out / name
        path.write_text(html, encoding="utf-8")
        written.append(path)

    figures = sorted(data.figures_comparable, key=lambda f: (f["partnership"] or "", f["reporting_year"] or "", f["metric"], f["area"] or "", f["breakdown"] or ""))
    overview_charts = [
        c for c in (
            charts.metric_across_partnerships(figures),
            charts.partnership_over_years(figures),
            charts.funding_shares(data.funding_by_type),
        ) if c
    ]
    write(
        "index.html", "overview.html.j2", title="Overview", charts=overview_charts, figures=figures, reports=reports,
        reviews=sorted(data.reviews_comparable, key=lambda r: (r["partnership"] or "", r["reporting_year"] or "", r["case_name"])),
        priorities=sorted(data.priorities_comparable, key=lambda r: (r["partnership"] or "", r["reporting_year"] or "", r["theme"])),
        failed=[d for d in data.documents if d["status"] == "failed"],
        all_documents=sorted(data.documents, key=lambda d: d["file_name"]),
        counts={"documents": len(data.documents), "facts": len(resolved), "reports": len(reports)},
    )
    for report in reports:
        rid = report["report_id"]
        own = [f for f in figures if f["report_id"] == rid]
        funding_types = [f for f in data.funding_by_type if f["report_id"] == rid]
        history = [f for f in figures if f["partnership_id"] == report["partnership_id"]]
        report_charts = [c for c in (charts.partnership_over_years(history, report["partnership"]), charts.funding_shares(funding_types)) if c]
        write(
            _report_href(rid), "partnership.html.j2", title=f"{report['partnership']} {report['reporting_year']}",
            report=report, figures=own, charts=report_charts,
            reviews=[r for r in data.reviews_comparable if r["report_id"] == rid],
            priorities=[r for r in data.priorities_comparable if r["report_id"] == rid],
            funding=[f for f in data.funding if f["report_id"] == rid],
            other_years=[r for r in reports if r["partnership_id"] == report["partnership_id"] and r["report_id"] != rid],
        )
    for doc in data.documents:
        did = doc["document_id"]
        facts = {kind: sorted((r for r in data.facts.get(kind, []) if r["document_id"] == did), key=lambda r: r["position"]) for kind in KINDS}
        write(
            _doc_href(did), "document.html.j2", title=doc["file_name"], doc=doc, facts=facts,
            fields={kind: [c for c in (rows[0].keys() if rows else []) if c not in EVIDENCE_COLUMNS] for kind, rows in facts.items()},
            report=doc_report.get(did),
        )

    static = resources.files("lscp.view").joinpath("assets")
    for item in static.iterdir():
        if item.is_file():
            (out / "static" / item.name).write_bytes(item.read_bytes())
    (out / "static" / "vega.js").write_text((vega_bundle or _default_bundle)(), encoding="utf-8")
    return SiteSummary(out, written, sum(len(v) for v in images.values()), len(resolved), time.perf_counter() - began)


def _default_bundle() -> str:
    from .vega import bundle

    return bundle()


def _doc_href(document_id: str) -> str:
    return f"doc-{document_id}.html"


def _report_href(report_id: str) -> str:
    return f"report-{slug(report_id)}.html"


def _reports(data: SiteData) -> list[dict[str, Any]]:
    rows = [r for r in data.partnership_reports if r.get("report_id")]
    return sorted(rows, key=lambda r: (r["partnership"] or "", r["reporting_year"] or ""))


def _render_images(resolved: dict[str, Evidence], documents: dict[str, dict[str, Any]], folder: Path) -> dict[str, dict[int, str]]:
    """Render every PDF page that holds a fact's words; document_id -> page -> file name in pages/."""
    wanted: dict[str, set[int]] = {}
    for ev in resolved.values():
        doc = documents.get(ev.document_id)
        if doc and doc.get("media_type") == PDF and ev.boxes:
            wanted.setdefault(ev.document_id, set()).update(ev.boxes)
    return {doc: render_pages(documents[doc]["path"], sorted(pages), folder, doc) for doc, pages in wanted.items()}


def _payload(
    ev: Evidence, kind: str, documents: dict[str, dict[str, Any]], images: dict[str, dict[int, str]], texts: dict[str, DocumentText]
) -> dict[str, Any]:
    """What the evidence view of one fact needs, as JSON data: the sentence in three parts, and the rendered
    pages with the boxes of the matched words (in points, with the page's size in points)."""
    doc = documents.get(ev.document_id, {})
    rendered = images.get(ev.document_id, {})
    sizes = texts[ev.document_id].sizes if ev.document_id in texts else {}
    shown = []
    for page, boxes in sorted(ev.boxes.items()):
        width, height = sizes.get(page, (None, None))
        if page in rendered and width and height:
            shown.append({"page": page, "src": f"pages/{rendered[page]}", "width": width, "height": height, "boxes": boxes})
    return {
        **ev.as_dict(), "kind": kind, "doc_id": doc.get("doc_id"), "file_name": doc.get("file_name"),
        "doc_href": _doc_href(ev.document_id), "images": shown,
    }

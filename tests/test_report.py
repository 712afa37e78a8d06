"""lscp report and lscp show: the site's pages, its evidence view over every fact, and the browser checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser_check import browser_page, evidence_problems, screenshot
from lscp import cli, load, pipeline, view as report

ROOT = Path(__file__).resolve().parents[1]
EVIDENCE = re.compile(r'<script type="application/json" id="evidence-data">(.*?)</script>', re.S)
FACT_SQL = " UNION ALL ".join(
    f"SELECT '{kind}' AS kind, fact_id, document_id, page, char_start, char_end, sentence FROM {table}" for kind, table in load.TABLES.items()
)
TRUTH_SQL = f"""
SELECT f.kind, f.fact_id, f.document_id, d.media_type, f.sentence,
       substring(p.text, f.char_start - p.char_start + 1, f.char_end - f.char_start) AS matched
FROM ({FACT_SQL}) f JOIN documents d USING (document_id)
JOIN pages p ON p.document_id = f.document_id AND f.char_start >= p.char_start AND f.char_start < p.char_end
"""


def ingest(db: Path, *paths: Path) -> None:
    result = CliRunner().invoke(cli.app, ["ingest", "-q", "--workers", "1", "--db", str(db), *map(str, paths)])
    assert result.exit_code == 0, result.output


def build(db: Path, out: Path) -> None:
    result = CliRunner().invoke(cli.app, ["report", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output


def truth(db: Path) -> list[dict]:
    with load.Warehouse(db, read_only=True) as warehouse:
        columns, rows = warehouse.query(TRUTH_SQL)
        total = warehouse.row(f"SELECT count(*) FROM ({FACT_SQL})")[0]
    found = [dict(zip(columns, row)) for row in rows]
    assert len(found) == total, "every fact's offsets fall on a stored page"
    return found


def site_evidence(out: Path) -> dict[str, dict]:
    """The evidence payload of every page of the site, merged (a fact shown on several pages must agree)."""
    merged: dict[str, dict] = {}
    for page in out.glob("*.html"):
        for fact_id, payload in json.loads(EVIDENCE.search(page.read_text(encoding="utf-8")).group(1)).items():
            assert merged.setdefault(fact_id, payload) == payload, fact_id
    return merged


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    db, out = folder / "w.duckdb", folder / "site"
    ingest(db, ROOT / "data" / "raw")
    build(db, out)
    return db, out


def assert_every_fact_is_highlighted(db: Path, out: Path) -> int:
    facts = truth(db)
    payloads = site_evidence(out)
    # a report fact (partnership, year, kind) is read from the document as a whole: it has no span
    spanless = [f for f in facts if not f["matched"]]
    assert {f["kind"] for f in spanless} <= {"report"}, spanless[:3]
    facts = [f for f in facts if f["matched"]]
    for fact in facts:
        payload = payloads.get(fact["fact_id"])
        assert payload is not None, f"fact {fact['fact_id']} is on no page"
        assert fact["matched"] in fact["sentence"], fact
        assert payload["in_sentence"] and payload["match"] == fact["matched"], (fact, payload)
        assert payload["before"] + payload["match"] + payload["after"] == fact["sentence"], (fact, payload)
        if fact["media_type"] == "application/pdf":
            assert payload["images"] and all(image["boxes"] for image in payload["images"]), fact
    # and the document pages print the same highlight in their HTML
    for page in out.glob("doc-*.html"):
        html = page.read_text(encoding="utf-8")
        for mark in re.findall(r"<mark>(.*?)</mark>", html, re.S):
            assert mark.strip(), page
    return len(facts)


def test_every_fact_of_the_samples_is_highlighted_as_its_span(samples):
    db, out = samples
    assert assert_every_fact_is_highlighted(db, out) > 100


@pytest.mark.shared
@pytest.mark.slow
def test_every_fact_of_the_corpus_is_highlighted_as_its_span(tmp_path, shared):
    corpus = shared("corpus")
    db, out = tmp_path / "w.duckdb", tmp_path / "site"
    ingest(db, corpus, ROOT / "data" / "raw")
    build(db, out)
    assert assert_every_fact_is_highlighted(db, out) > 600


def test_the_site_has_its_pages_and_loads_nothing_from_outside(samples):
    db, out = samples
    names = {p.name for p in out.glob("*.html")}
    assert "index.html" in names
    assert any(n.startswith("report-northmoor-scp-2023-24") for n in names)
    assert sum(n.startswith("doc-") for n in names) == 3
    assert list((out / "pages").glob("*.png")), "the PDF's pages with facts are rendered"
    assert (out / "static" / "vega.js").stat().st_size > 100_000
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(https?:)?//", ref), f"{page.name} loads {ref}"
            if not ref.startswith("#"):
                assert (out / ref).exists(), f"{page.name} links to missing {ref}"
    css = (out / "static" / "report.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_disagreeing_figures_are_flagged(samples):
    db, out = samples
    with load.Warehouse(db, read_only=True) as warehouse:
        disagreeing = warehouse.rows("SELECT fact_id FROM figures_comparable WHERE values_disagree")
    assert disagreeing
    html = (out / "index.html").read_text(encoding="utf-8")
    html = html[html.index('<table class="sortable data" id="figures">') :]
    html = html[: html.index("</table>")]
    rows = re.findall(r'<tr class="disagree">(.*?)</tr>', html, re.S)
    flagged = {fid for row in rows for fid in re.findall(r'data-fact="([^"]+)"', row)}
    assert flagged == {fid for (fid,) in disagreeing}


def test_the_site_is_rebuilt_in_place(samples, tmp_path):
    db, out = samples
    stale = out / "doc-gone.html"
    stale.write_text("old", encoding="utf-8")
    build(db, out)
    assert not stale.exists()


def test_show_prints_a_document_with_its_facts(samples):
    db, _ = samples
    result = CliRunner().invoke(cli.app, ["show", "northmoor-annual-report-2023-24", "--db", str(db), "--kind", "figure", "--format", "json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["document"]["status"] == "ok" and view["report"]["partnership"].startswith("Northmoor")
    assert set(view["facts"]) == {"figure"} and view["facts"]["figure"]
    for fact in view["facts"]["figure"]:
        ev = fact["evidence"]
        assert ev["before"] + ev["match"] + ev["after"] == ev["sentence"] and ev["match"]
    text = CliRunner().invoke(cli.app, ["show", str(ROOT / "data" / "raw" / "northmoor-cover-report-2024.md"), "--db", str(db)])
    assert text.exit_code == 0 and "status ok" in text.stdout and "figure (" in text.stdout
    missing = CliRunner().invoke(cli.app, ["show", "nothing-like-it", "--db", str(db)])
    assert missing.exit_code == 2
    bad_kind = CliRunner().invoke(cli.app, ["show", "northmoor-cover-report-2024", "--db", str(db), "--kind", "nonsense"])
    assert bad_kind.exit_code == 2


# ---------------------------------------------------------------- in the browser


def _pdf_figure(db: Path) -> dict:
    facts = [f for f in truth(db) if f["kind"] == "figure" and f["media_type"] == "application/pdf"]
    with load.Warehouse(db, read_only=True) as warehouse:
        chosen = {fid for (fid,) in warehouse.rows("SELECT fact_id FROM figures_comparable")}
    return next(f for f in facts if f["fact_id"] in chosen)


def test_clicking_a_figure_shows_its_sentence_and_page(samples, tmp_path):
    db, out = samples
    fact = _pdf_figure(db)
    with browser_page() as page:
        page.goto((out / "index.html").as_uri())
        page.wait_for_selector("div.vega[data-ready]", timeout=15000)
        assert page.locator("div.vega[data-ready=true] svg").count() >= 2, "the charts are drawn"
        screenshot(page, tmp_path, "overview")
        problems = evidence_problems(page, fact["fact_id"], fact["sentence"], fact["matched"], expect_image=True)
        screenshot(page, tmp_path, "overview-evidence")
        assert not problems, problems
        assert not page.outside_requests, page.outside_requests
        assert not page.script_errors, page.script_errors


def test_every_number_of_a_document_page_opens_its_own_evidence(samples, tmp_path):
    db, out = samples
    facts = [f for f in truth(db) if f["media_type"] == "application/pdf" and f["matched"]]
    with browser_page() as page:
        page.goto((out / f"doc-{facts[0]['document_id']}.html").as_uri())
        for fact in facts[::7]:
            problems = evidence_problems(page, fact["fact_id"], fact["sentence"], fact["matched"], expect_image=True)
            assert not problems, (fact, problems)
        screenshot(page, tmp_path, "document-evidence")
        assert not page.outside_requests and not page.script_errors


def test_a_partnership_page_shows_its_figures(samples, tmp_path):
    db, out = samples
    (report_page,) = out.glob("report-northmoor-scp-2023-24*.html")
    with browser_page() as page:
        page.goto(report_page.as_uri())
        page.wait_for_selector("div.vega[data-ready]", timeout=15000)
        assert page.locator("table#figures tbody tr").count() > 5
        header = page.locator("table#figures thead th", has_text="value")
        header.click()
        values = [float(v) for v in page.locator("table#figures tbody td.num[data-sort]").evaluate_all("cells => cells.map(c => c.dataset.sort)")]
        assert values == sorted(values), "sorted by value"
        screenshot(page, tmp_path, "partnership")
        assert not page.outside_requests and not page.script_errors


def test_the_browser_check_catches_a_wrong_evidence_mapping(samples, tmp_path):
    """The check above would pass vacuously if it could not see a wrong highlight: a site built from offsets
    moved by a few characters must fail it."""
    db, _ = samples
    fact = _pdf_figure(db)
    with load.Warehouse(db, read_only=True) as warehouse:
        data = pipeline.report_data(warehouse)
    for rows in data.facts.values():
        for row in rows:
            row["char_start"] += 2
            row["char_end"] += 2
    wrong = tmp_path / "wrong"
    report.build_site(data, wrong)
    with browser_page() as page:
        page.goto((wrong / "index.html").as_uri())
        problems = evidence_problems(page, fact["fact_id"], fact["sentence"], fact["matched"], expect_image=True)
    assert problems, "a highlight two characters off went unnoticed"

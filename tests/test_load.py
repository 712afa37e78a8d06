"""Tests for the DuckDB warehouse: schema, per-document writes, exports and queries."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lscp.load import TABLES, Warehouse, WarehouseError, document_id
from lscp.schemas import (
    DocumentResult,
    Evidence,
    FigureFact,
    FinanceFact,
    PartnerFact,
    PersonFact,
    PriorityFact,
    Rejection,
    ReportFact,
    ReviewFact,
    ThemeFact,
)

VERSION = "test-1"
EVIDENCE_FIELDS = ("page", "char_start", "char_end", "sentence", "rule", "confidence", "ocr", "paragraph")


def evidence(page: int = 1) -> Evidence:
    return Evidence(page=page, char_start=10 * page, char_end=10 * page + 5, sentence=f"Sentence {page}.", rule="r.v1")


def every_kind() -> list[dict]:
    """One or two facts of every kind, dumped as the pipeline dumps them."""
    models = [
        ReportFact(
            partnership="Camden Safeguarding Children Partnership",
            document_kind="annual_report",
            reporting_year="2022-23",
            areas=["Camden"],
        ),
        FigureFact(metric="referrals", value=6953, unit="count"),
        FigureFact(metric="cp_category_pct", value=34.5, unit="pct", breakdown="neglect", comparator="national"),
        ReviewFact(case_name="Child Q", review_type="lcspr", status="published", conducted_by="City & Hackney"),
        PartnerFact(name="Metropolitan Police Service", org_type="police", role="statutory_partner"),
        PersonFact(name="Dominic Clout", role="independent_scrutineer"),
        ThemeFact(theme="neglect"),
        PriorityFact(theme="domestic_abuse", period="2023-24"),
        FinanceFact(direction="income", counterparty="Camden Council", amount_gbp=120500.5),
        FinanceFact(direction="expenditure", counterparty="Total", amount_gbp=200000, is_total=True),
    ]
    for page, model in enumerate(models, start=1):
        model.evidence = evidence(page)
    return [model.model_dump(mode="json") for model in models]


def result(path: Path, facts: list[dict] | None = None, **fields) -> DocumentResult:
    fields.setdefault("status", "ok")
    fields.setdefault("sha256", "a" * 64)
    return DocumentResult(path=str(path), doc_id=path.stem, facts=facts if facts is not None else [], **fields)


def contract_part(fact: dict) -> dict:
    """A dumped fact without kind-independent extras, as iter_facts gives it minus doc and evidence."""
    return {key: value for key, value in fact.items() if key != "evidence"}


def exported(con, doc: str | None = None) -> list[dict]:
    return [fact for fact in con.iter_facts() if doc is None or fact["doc"] == doc]


def strip_exported(fact: dict) -> dict:
    return {key: value for key, value in fact.items() if key != "doc" and key not in EVIDENCE_FIELDS}


@pytest.fixture
def con(tmp_path):
    connection = Warehouse(tmp_path / "nested" / "warehouse.duckdb")
    yield connection
    connection.close()


def test_connect_creates_folder_and_schema_idempotently(tmp_path):
    db = tmp_path / "a" / "b" / "w.duckdb"
    Warehouse(db).close()
    with Warehouse(db) as again:
        assert set(again.table_counts()) == {"documents", *TABLES.values(), "rejections", "pages", "words"}
        assert all(count == 0 for count in again.table_counts().values())


def test_every_table_and_column_is_documented(con):
    tables = con.rows("SELECT table_name FROM duckdb_tables() WHERE comment IS NULL AND NOT internal")
    columns = con.rows(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND (comment IS NULL OR comment = '')"
    )
    assert tables == [] and columns == []


def test_document_id_is_deterministic_on_the_resolved_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert document_id("x.pdf") == document_id(str(tmp_path / "x.pdf"))
    assert len(document_id("x.pdf")) == 16
    assert document_id("x.pdf") != document_id("y.pdf")


def test_write_then_export_round_trips_every_kind(con, tmp_path):
    facts = every_kind()
    con.write_document(result(tmp_path / "camden-2022-23.pdf", facts), extractor_version=VERSION)
    out = exported(con)
    assert [strip_exported(fact) for fact in out] == [contract_part(fact) for fact in facts]
    assert {fact["doc"] for fact in out} == {"camden-2022-23"}
    assert out[0]["page"] == 1 and out[0]["rule"] == "r.v1" and out[0]["sentence"] == "Sentence 1."


def test_export_keeps_contract_field_order_and_plain_numbers(con, tmp_path):
    con.write_document(result(tmp_path / "d.pdf", every_kind()), extractor_version=VERSION)
    figure = next(fact for fact in exported(con) if fact["kind"] == "figure")
    assert list(figure) == [
        "doc", "kind", "metric", "value", "unit", "area", "breakdown", "comparator", *EVIDENCE_FIELDS,
    ]  # fmt: skip
    assert figure["value"] == 6953 and isinstance(figure["value"], int)
    finance = [fact["amount_gbp"] for fact in exported(con) if fact["kind"] == "finance"]
    assert finance == [120500.5, 200000] and isinstance(finance[1], int)


def test_export_orders_by_doc_then_kind_then_insertion(con, tmp_path):
    facts = every_kind()
    con.write_document(result(tmp_path / "b.pdf", facts[::-1]), extractor_version=VERSION)
    con.write_document(result(tmp_path / "a.pdf", facts), extractor_version=VERSION)
    out = exported(con)
    assert [fact["doc"] for fact in out] == ["a"] * len(facts) + ["b"] * len(facts)
    kinds = [fact["kind"] for fact in out[len(facts) :]]
    assert kinds == [fact["kind"] for fact in facts]
    b_finance = [fact["amount_gbp"] for fact in out if fact["doc"] == "b" and fact["kind"] == "finance"]
    assert b_finance == [200000, 120500.5]


def test_duplicate_facts_are_stored_and_exported_once(con, tmp_path):
    theme = ThemeFact(theme="neglect", evidence=evidence(1)).model_dump(mode="json")
    again = ThemeFact(theme="neglect", evidence=evidence(7)).model_dump(mode="json")
    con.write_document(result(tmp_path / "d.pdf", [theme, again]), extractor_version=VERSION)
    assert con.table_counts()["themes"] == 1
    assert [fact["page"] for fact in exported(con)] == [1]
    assert con.row("SELECT fact_count FROM documents") == (1,)


def test_same_file_name_in_two_folders_exports_a_fact_once(con, tmp_path):
    theme = ThemeFact(theme="neglect").model_dump(mode="json")
    con.write_document(result(tmp_path / "one" / "d.pdf", [theme]), extractor_version=VERSION)
    con.write_document(result(tmp_path / "two" / "d.pdf", [theme]), extractor_version=VERSION)
    assert con.table_counts()["themes"] == 2
    assert len(exported(con)) == 1


figure_facts = st.lists(
    st.builds(
        FigureFact,
        metric=st.sampled_from(["referrals", "contacts", "cp_plans"]),
        value=st.one_of(st.integers(0, 10**9), st.floats(0, 1e9, allow_nan=False)),
        unit=st.just("count"),
        area=st.one_of(st.none(), st.sampled_from(["Peterborough", "Cambridgeshire", "Brighton & Hove"])),
        breakdown=st.one_of(st.none(), st.text(min_size=1, max_size=12)),
        comparator=st.one_of(st.none(), st.sampled_from(["previous_year", "national", "regional"])),
    ),
    max_size=12,
)


def first_of_each(facts: list[dict]) -> list[dict]:
    seen, out = set(), []
    for fact in facts:
        key = tuple(fact[name] for name in ("metric", "value", "unit", "area", "breakdown", "comparator"))
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figures=figure_facts)
def test_property_figures_round_trip(con, tmp_path, figures):
    facts = [fact.model_dump(mode="json") for fact in figures]
    con.write_document(result(tmp_path / "prop.pdf", facts), extractor_version=VERSION)
    out = [strip_exported(fact) for fact in exported(con)]
    expected = [contract_part(fact) for fact in first_of_each(facts)]
    assert out == expected  # 6953 == 6953.0, so plain ints compare equal to the dumped floats


def test_rewriting_a_document_replaces_its_rows(con, tmp_path):
    path = tmp_path / "d.pdf"
    rejection = Rejection(kind="figure", reason="unknown metric", candidate={"metric": "x"}, evidence=evidence(3))
    con.write_document(result(path, every_kind(), rejections=[rejection]), extractor_version=VERSION)
    first = con.table_counts()
    con.write_document(result(path, every_kind(), rejections=[rejection]), extractor_version=VERSION)
    assert con.table_counts() == first
    assert first["documents"] == 1 and first["rejections"] == 1 and first["finance"] == 2


def test_rewrite_with_fewer_facts_drops_the_old_ones(con, tmp_path):
    path = tmp_path / "d.pdf"
    con.write_document(result(path, every_kind()), extractor_version=VERSION)
    con.write_document(result(path, every_kind()[:2], sha256="b" * 64), extractor_version="test-2")
    assert [fact["kind"] for fact in exported(con)] == ["report", "figure"]
    assert con.previous_state(str(path)) == ("b" * 64, "test-2", "ok")


def test_previous_state_of_unknown_path_is_none(con, tmp_path):
    assert con.previous_state(str(tmp_path / "nothing.pdf")) == (None, None, None)


def test_failed_result_removes_earlier_facts_and_keeps_other_documents(con, tmp_path):
    changed, other = tmp_path / "changed.pdf", tmp_path / "other.pdf"
    con.write_document(result(changed, every_kind()), extractor_version=VERSION)
    con.write_document(result(other, every_kind()), extractor_version=VERSION)
    failed = result(changed, status="failed", stage="extract", error="encrypted PDF", sha256="c" * 64)
    con.write_document(failed, extractor_version=VERSION)
    assert {fact["doc"] for fact in exported(con)} == {"other"}
    counts = con.table_counts()
    assert counts["documents"] == 2 and counts["figures"] == 2
    row = con.row("SELECT status, stage, error, fact_count FROM documents WHERE doc_id = 'changed'")
    assert row == ("failed", "extract", "encrypted PDF", 0)


def test_partial_is_exported_and_failed_is_not(con, tmp_path):
    theme = [ThemeFact(theme="neglect").model_dump(mode="json")]
    con.write_document(result(tmp_path / "p.pdf", theme, status="partial"), extractor_version=VERSION)
    con.write_document(result(tmp_path / "f.pdf", theme, status="failed"), extractor_version=VERSION)
    assert [fact["doc"] for fact in exported(con)] == ["p"]


def test_skipped_result_leaves_stored_rows(con, tmp_path):
    path = tmp_path / "d.pdf"
    con.write_document(result(path, every_kind()), extractor_version=VERSION)
    before = con.table_counts()
    con.write_document(result(path, status="skipped"), extractor_version=VERSION)
    assert con.table_counts() == before and con.previous_state(str(path))[2] == "ok"


def test_write_failing_midway_rolls_back(con, tmp_path):
    path = tmp_path / "d.pdf"
    con.write_document(result(path, every_kind()), extractor_version=VERSION)
    before, facts_before = con.table_counts(), exported(con)
    bad = every_kind()
    bad[-1]["amount_gbp"] = "a lot"  # finance is written last, after the deletes and the other kinds
    with pytest.raises(Exception, match="a lot"):
        con.write_document(result(path, bad, sha256="d" * 64), extractor_version="test-2")
    assert con.table_counts() == before
    assert exported(con) == facts_before
    assert con.previous_state(str(path)) == ("a" * 64, VERSION, "ok")
    con.write_document(result(tmp_path / "next.pdf", every_kind()), extractor_version=VERSION)
    assert con.table_counts()["documents"] == 2  # the connection is usable after the rollback


def test_unknown_fact_kind_is_refused(con, tmp_path):
    with pytest.raises(WarehouseError, match="unknown kind"):
        con.write_document(result(tmp_path / "d.pdf", [{"kind": "rumour"}]), extractor_version=VERSION)
    assert con.table_counts()["documents"] == 0


def test_document_row_records_the_result(con, tmp_path):
    started = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    rejection = Rejection(kind="person", reason="one word", candidate={"name": "Smith"})
    doc = result(
        tmp_path / "camden.pdf",
        every_kind(),
        media_type="application/pdf",
        size_bytes=1234,
        pages=12,
        warnings=["page 3 has no text"],
        started_at=started,
        finished_at=started,
        rejections=[rejection],
    )
    con.write_document(doc, extractor_version=VERSION)
    row = con.row(
        "SELECT doc_id, path, file_name, media_type, size_bytes, pages, warnings, fact_count, rejected_count, "
        "started_at, loaded_at IS NOT NULL FROM documents"
    )
    assert row == (
        "camden", str((tmp_path / "camden.pdf").resolve()), "camden.pdf", "application/pdf", 1234, 12,
        ["page 3 has no text"], 10, 1, datetime(2025, 1, 2, 3, 4, 5), True,
    )  # fmt: skip
    assert con.row("SELECT kind, reason, candidate FROM rejections") == (
        "person", "one word", '{"name": "Smith"}'
    )  # fmt: skip


def test_fact_ids_are_deterministic(con, tmp_path):
    path = tmp_path / "d.pdf"
    con.write_document(result(path, every_kind()), extractor_version=VERSION)
    first = con.rows("SELECT fact_id FROM figures ORDER BY fact_id")
    con.write_document(result(path, every_kind()), extractor_version=VERSION)
    assert con.rows("SELECT fact_id FROM figures ORDER BY fact_id") == first
    assert all(len(fact_id) == 20 for (fact_id,) in first)


def test_forget_missing_removes_documents_and_their_facts(con, tmp_path):
    kept, gone = tmp_path / "kept.pdf", tmp_path / "gone.pdf"
    con.write_document(result(kept, every_kind()), extractor_version=VERSION)
    con.write_document(result(gone, every_kind()), extractor_version=VERSION)
    assert con.forget_missing({str(kept)}) == [str(gone.resolve())]
    assert {fact["doc"] for fact in exported(con)} == {"kept"}
    assert con.table_counts()["documents"] == 1 and con.table_counts()["figures"] == 2
    assert con.forget_missing({str(kept)}) == []


def test_read_only_connect_on_missing_file_raises(tmp_path):
    with pytest.raises(WarehouseError, match="no warehouse"):
        Warehouse(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_read_only_query_reads_and_refuses_writes(tmp_path):
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as con:
        con.write_document(result(tmp_path / "d.pdf", every_kind()), extractor_version=VERSION)
    columns, rows = run_query(db, "SELECT metric, value FROM figures ORDER BY metric")
    assert columns == ["metric", "value"]
    assert rows == [("cp_category_pct", 34.5), ("referrals", 6953.0)]
    with pytest.raises(WarehouseError, match="query failed"):
        run_query(db, "DELETE FROM figures")
    assert run_query(db, "SELECT count(*) AS n FROM figures") == (["n"], [(2,)])


# ---------------------------------------------------------------- partnerships, reports and comparable views


def report_fact(partnership: str | None, kind: str, year: str | None) -> dict:
    fact = ReportFact(partnership=partnership or "x", document_kind=kind, reporting_year=year, evidence=evidence(1))
    dumped = fact.model_dump(mode="json")
    if partnership is None:
        dumped["partnership"] = None
    return dumped


def figure(metric: str, value: float, unit: str = "count", page: int = 2, **fields) -> dict:
    return FigureFact(metric=metric, value=value, unit=unit, evidence=evidence(page), **fields).model_dump(mode="json")


def income(counterparty: str, amount: float, is_total: bool = False) -> dict:
    fact = FinanceFact(direction="income", counterparty=counterparty, amount_gbp=amount, is_total=is_total)
    fact.evidence = evidence(4)
    return fact.model_dump(mode="json")


def add(con, folder: Path, name: str, facts: list[dict], *, age: float = 3600.0, **fields) -> Path:
    """Write a real file (so that its modification time counts) and its facts."""
    path = folder / name
    path.write_text(name, encoding="utf-8")
    moment = datetime.now(UTC).timestamp() - age
    os.utime(path, (moment, moment))
    con.write_document(result(path, facts, size_bytes=path.stat().st_size, **fields), extractor_version=VERSION)
    return path


def select(con, sql: str, *params) -> list[dict]:
    names, rows = con.query(sql, list(params))
    return [dict(zip(names, row)) for row in rows]


@pytest.mark.parametrize("name", [
    "Westshire Safeguarding Children Partnership",
    "WESTSHIRE LSCP",
    "The Westshire Local Safeguarding Children Board",
    "Westshire SCP",
    "Westshire Children’s Safeguarding Partnership",
    "Westshire Safeguarding Children and Young People Partnership",
    "  Westshire   Safeguarding Children Partnership ",
    "Westshire",
])  # fmt: skip
def test_partnership_id_ignores_case_suffix_and_spacing(con, name):
    assert con.row("SELECT lscp_partnership_id(?)", [name])[0] == "westshire-scp"


@pytest.mark.parametrize("name, expected", [
    ("Brighton & Hove LSCP", "brighton-and-hove-scp"),
    ("Brighton and Hove Safeguarding Children Partnership", "brighton-and-hove-scp"),
    ("St. Helens Safeguarding Children Partnership", "st-helens-scp"),
    ("King's Lynn Safeguarding Children Board", "kings-lynn-scp"),
    ("Telford & Wrekin Safeguarding Partnership", "telford-and-wrekin-scp"),
    ("Bath and North East Somerset Community Safety and Safeguarding Partnership", "bath-and-north-east-somerset-scp"),
    ("Safeguarding Children Partnership", None),
    (None, None),
])  # fmt: skip
def test_partnership_id_examples(con, name, expected):
    assert con.row("SELECT lscp_partnership_id(?)", [name])[0] == expected


def test_org_type_macro_guesses_like_the_extractor(con):
    from lscp.normalise import guess_org_type

    names = [
        "Northmoor Council", "Eastwick Borough Council", "Northmoor Constabulary", "Metropolitan Police Service",
        "NHS Northmoor Integrated Care Board", "Northmoor Hospitals NHS Foundation Trust", "Public Health Northmoor",
        "Northmoor Fire and Rescue Service", "Probation Service", "Cafcass", "Youth Justice Service",
        "Department for Education", "Northmoor College", "Northmoor CVS", "Training income", "Schools Forum",
    ]  # fmt: skip
    got = dict(con.rows("SELECT name, lscp_org_type(name) FROM unnest(?::VARCHAR[]) t(name)", [names]))
    assert got == {name: guess_org_type(name) for name in names}


@pytest.fixture
def northmoor(con, tmp_path):
    """An annual report, its cover report and minutes (three spellings of one partnership), and a stray file."""
    folder = tmp_path / "docs"
    folder.mkdir()
    annual = [
        report_fact("Northmoor Safeguarding Children Partnership", "annual_report", "2023-24"),
        figure("referrals", 5412), figure("referrals", 5180, comparator="previous_year"),
        figure("contacts", 21870), figure("contacts", 20940, page=3),
        figure("cp_category_pct", 52, "pct", breakdown="neglect"),
        ReviewFact(case_name="Child T", review_type="lcspr", status="published").model_dump(mode="json"),
        PriorityFact(theme="neglect", period="2024-25").model_dump(mode="json"),
        PartnerFact(name="Probation Service", org_type="probation", role="funder").model_dump(mode="json"),
        income("Northmoor Council", 60000), income("Northmoor Constabulary", 30000),
        income("Probation Service", 10000), income("Total income", 100000, is_total=True),
    ]  # fmt: skip
    cover = [
        report_fact("NORTHMOOR LSCP", "committee_cover_report", "2023-24"),
        figure("referrals", 5400), figure("rapid_reviews", 3),
        income("Northmoor Council", 1), income("Northmoor Constabulary", 2),
    ]  # fmt: skip
    minutes = [
        report_fact("The Northmoor Safeguarding Children Partnership", "committee_minutes", "2023-24"),
        figure("referrals", 5412), figure("rapid_reviews", 4), figure("lado_referrals", 318),
        ReviewFact(case_name="child t", review_type="lcspr", status="awaiting_publication").model_dump(mode="json"),
        PriorityFact(theme="neglect", period="2024-25..2026-27").model_dump(mode="json"),
    ]  # fmt: skip
    add(con, folder, "minutes.html", minutes)
    add(con, folder, "annual.pdf", annual)
    add(con, folder, "cover.md", cover)
    add(con, folder, "notes.txt", [ThemeFact(theme="neglect").model_dump(mode="json")])
    add(con, folder, "broken.pdf", [], status="failed", stage="extract", error="encrypted")
    return folder


def test_documents_link_to_one_partnership_and_one_report(con, northmoor):
    links = {row["file_name"]: row for row in select(con, "SELECT * FROM document_links")}
    assert set(links) == {"annual.pdf", "cover.md", "minutes.html", "notes.txt", "broken.pdf"}
    linked = [links[name] for name in ("annual.pdf", "cover.md", "minutes.html")]
    assert {row["partnership_id"] for row in linked} == {"northmoor-scp"}
    assert {row["report_id"] for row in linked} == {"northmoor-scp/2023-24"}
    assert [row["preference"] for row in linked] == [1, 2, 3]
    for stray in ("notes.txt", "broken.pdf"):
        assert links[stray]["partnership"] is None and links[stray]["report_id"] is None
        assert links[stray]["preference"] is None
    [partnership] = select(con, "SELECT * FROM partnerships")
    assert partnership["partnership_id"] == "northmoor-scp" and partnership["n_documents"] == 3
    assert partnership["names"] == sorted(row["partnership"] for row in linked)
    assert (partnership["n_reports"], partnership["first_year"], partnership["last_year"]) == (1, "2023-24", "2023-24")
    [report] = select(con, "SELECT * FROM partnership_reports")
    assert report["report_id"] == "northmoor-scp/2023-24" and report["n_documents"] == 3
    assert report["document_kinds"] == ["annual_report", "committee_cover_report", "committee_minutes"]
    assert report["has_annual_report"] and report["preferred_kind"] == "annual_report"
    assert report["preferred_document_id"] == links["annual.pdf"]["document_id"]


def test_figures_comparable_prefers_the_annual_report_and_shows_the_choice(con, northmoor):
    rows = {
        (row["metric"], row["breakdown"]): row
        for row in select(con, "SELECT * FROM figures_comparable WHERE report_id = 'northmoor-scp/2023-24'")
    }
    assert set(rows) == {("referrals", None), ("contacts", None), ("cp_category_pct", "neglect"),
                         ("rapid_reviews", None), ("lado_referrals", None)}  # fmt: skip
    referrals = rows[("referrals", None)]
    assert (referrals["value"], referrals["chosen_from_kind"]) == (5412, "annual_report")
    assert (referrals["n_documents"], referrals["n_values"], referrals["values_disagree"]) == (3, 2, True)
    assert referrals["other_values"] == [5400]  # the previous-year comparator 5180 is not a candidate
    assert referrals["document_kinds"] == ["annual_report", "committee_cover_report", "committee_minutes"]
    assert referrals["doc_id"] == "annual" and referrals["page"] == 2 and referrals["sentence"] == "Sentence 2."
    contacts = rows[("contacts", None)]
    assert (contacts["value"], contacts["other_values"], contacts["n_documents"]) == (21870, [20940], 1)
    rapid = rows[("rapid_reviews", None)]
    assert (rapid["value"], rapid["chosen_from_kind"], rapid["values_disagree"]) == (3, "committee_cover_report", True)
    lado = rows[("lado_referrals", None)]
    assert (lado["chosen_from_kind"], lado["values_disagree"], lado["other_values"]) == ("committee_minutes", False, [])
    assert rows[("cp_category_pct", "neglect")]["unit"] == "pct"


def test_of_two_documents_of_the_same_kind_the_newer_file_wins(con, tmp_path):
    folder = tmp_path / "versions"
    folder.mkdir()
    facts = [report_fact("Westshire SCP", "annual_report", "2022-23")]
    add(con, folder, "report.pdf", [*facts, figure("referrals", 100)], age=7200)
    add(con, folder, "report.0123456789ab.pdf", [*facts, figure("referrals", 110)], age=60)
    [row] = select(con, "SELECT value, doc_id, other_values FROM figures_comparable")
    assert row == {"value": 110, "doc_id": "report.0123456789ab", "other_values": [100]}


def test_funding_gives_each_partner_and_type_a_share_of_the_total(con, northmoor):
    rows = {row["partner"]: row for row in select(con, "SELECT * FROM funding")}
    assert set(rows) == {"Northmoor Council", "Northmoor Constabulary", "Probation Service"}
    assert {row["chosen_from_kind"] for row in rows.values()} == {"annual_report"}
    council = rows["Northmoor Council"]
    assert (council["amount_gbp"], council["share_of_total"]) == (60000, 0.6)
    assert (council["partner_type"], council["partner_type_source"]) == ("local_authority", "name_words")
    assert (rows["Probation Service"]["partner_type"], rows["Probation Service"]["partner_type_source"]) == (
        "probation", "partners"
    )  # fmt: skip
    assert rows["Northmoor Constabulary"]["partner_type"] == "police"
    assert all(row["contributions_total_gbp"] == row["stated_total_gbp"] == 100000 for row in rows.values())
    assert sum(row["share_of_total"] for row in rows.values()) == pytest.approx(1.0)
    by_type = {row["partner_type"]: row for row in select(con, "SELECT * FROM funding_by_type")}
    assert set(by_type) == {"local_authority", "police", "probation"}
    assert by_type["police"]["share_of_total"] == pytest.approx(0.3) and by_type["police"]["n_partners"] == 1


def test_reviews_and_priorities_comparable(con, northmoor):
    [review] = select(con, "SELECT * FROM reviews_comparable")
    assert (review["case_name"], review["status"], review["chosen_from_kind"]) == ("Child T", "published", "annual_report")
    assert review["statuses_seen"] == ["awaiting_publication", "published"] and review["values_disagree"]
    assert review["n_documents"] == 2
    [priority] = select(con, "SELECT * FROM priorities_comparable")
    assert (priority["theme"], priority["period"], priority["periods_seen"]) == ("neglect", "2024-25", ["2024-25", "2024-25..2026-27"])
    assert priority["values_disagree"] and priority["document_kinds"] == ["annual_report", "committee_minutes"]


def test_views_follow_rewrites_and_forgotten_files(con, northmoor):
    annual = northmoor / "annual.pdf"
    con.write_document(result(annual, [report_fact("Northmoor SCP", "annual_report", "2023-24"), figure("referrals", 6000)]),
                   extractor_version=VERSION)  # fmt: skip
    [row] = select(con, "SELECT value, other_values FROM figures_comparable WHERE metric = 'referrals'")
    assert row == {"value": 6000, "other_values": [5400, 5412]}
    funding = select(con, "SELECT partner, amount_gbp, chosen_from_kind FROM funding ORDER BY partner")
    assert funding == [  # the new annual report has no income lines: the cover report's are next in line
        {"partner": "Northmoor Constabulary", "amount_gbp": 2, "chosen_from_kind": "committee_cover_report"},
        {"partner": "Northmoor Council", "amount_gbp": 1, "chosen_from_kind": "committee_cover_report"},
    ]
    con.forget_missing({str(northmoor / name) for name in ("cover.md", "notes.txt", "broken.pdf")})
    [row] = select(con, "SELECT value, chosen_from_kind FROM figures_comparable WHERE metric = 'referrals'")
    assert row == {"value": 5400, "chosen_from_kind": "committee_cover_report"}
    assert select(con, "SELECT n_documents FROM partnership_reports") == [{"n_documents": 1}]


def test_a_query_on_an_outdated_warehouse_says_how_to_update_it(tmp_path):
    db = tmp_path / "old.duckdb"
    Warehouse(db).close()
    with duckdb.connect(str(db)) as old:  # as a warehouse from before the views and the schema version
        old.execute("DROP VIEW figures_comparable")
        old.execute("DROP MACRO lscp_schema_version")
    with pytest.raises(WarehouseError, match=r"(?s)does not exist.*next `lscp ingest` or `lscp nightly` brings"):
        run_query(db, "SELECT * FROM figures_comparable")
    with Warehouse(db):
        pass
    with pytest.raises(WarehouseError) as current:
        run_query(db, "SELECT * FROM no_such_table")
    assert "another version of lscp" not in str(current.value)
    assert run_query(db, "SELECT count(*) FROM figures_comparable") == (["count_star()"], [(0,)])


def run_query(db: Path, sql: str) -> tuple[list[str], list[tuple]]:
    with Warehouse(db, read_only=True) as warehouse:
        return warehouse.query(sql)

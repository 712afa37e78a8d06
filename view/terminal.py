"""One document's facts for the terminal (`lscp show`): status, report fact, and the facts by kind, each
with its page and sentence, the matched words highlighted."""

from __future__ import annotations

from typing import Any

from .evidence import DocumentText, resolve
from .site import EVIDENCE_COLUMNS, KINDS, SiteData, format_value


def document_view(data: SiteData, kinds: list[str] | None = None) -> dict[str, Any]:
    """The document of ``data`` (which holds one) with its facts by kind, each with its resolved evidence."""
    (doc,) = data.documents
    text = DocumentText(data.pages.get(doc["document_id"], []), data.words.get(doc["document_id"], []))
    facts: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        if kinds and kind not in kinds:
            continue
        rows = sorted(data.facts.get(kind, []), key=lambda r: r["position"])
        facts[kind] = []
        for row in rows:
            ev = resolve(row, text)
            facts[kind].append(
                {
                    "fact_id": row["fact_id"],
                    "fields": {k: v for k, v in row.items() if k not in EVIDENCE_COLUMNS},
                    "evidence": {**ev.as_dict(), "char_start": row["char_start"], "char_end": row["char_end"]},
                }
            )
    keep = ("document_id", "doc_id", "path", "media_type", "pages", "status", "stage", "error", "warnings", "fact_count", "rejected_count", "loaded_at")
    report = [f["fields"] for f in facts.get("report", [])] or [
        {k: v for k, v in r.items() if k not in EVIDENCE_COLUMNS} for r in data.facts.get("report", [])
    ]
    return {"document": {k: doc.get(k) for k in keep}, "report": report[0] if report else None, "facts": facts}


def _summary(kind: str, fields: dict[str, Any]) -> str:
    """A fact's fields in one line, the main value first."""
    if kind == "figure":
        head = f"{fields['metric']} = {format_value(fields['value'], fields['unit'])}"
        rest = [f"{k} {fields[k]}" for k in ("area", "breakdown", "comparator") if fields.get(k)]
    elif kind == "finance":
        head = f"{fields['direction']} {fields['counterparty']} {format_value(fields['amount_gbp'], 'gbp')}"
        rest = ["total"] if fields.get("is_total") else []
    else:
        values = [v for v in fields.values() if v not in (None, "", [])]
        head = str(values[0]) if values else ""
        rest = [", ".join(v) if isinstance(v, list) else str(v) for v in values[1:]]
    return head + (f"  ({'; '.join(rest)})" if rest else "")


def print_document(view: dict[str, Any], console=None) -> None:
    """Print the view with rich: the matched words of each sentence in bold on yellow."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    doc = view["document"]
    style = {"ok": "green", "partial": "yellow", "failed": "bold red"}.get(doc["status"], "")
    head = Text()
    head.append(f"{doc['doc_id']}", style="bold")
    head.append(f"  {doc['path']}\n", style="dim")
    head.append("status ")
    head.append(doc["status"], style=style)
    if doc.get("stage"):
        head.append(f" at {doc['stage']}: {doc.get('error') or ''}")
    head.append(f"   {doc.get('media_type') or ''}, {doc.get('pages') or 0} pages, {doc.get('fact_count')} facts, {doc.get('rejected_count')} rejected")
    console.print(head)
    if view["report"]:
        r = view["report"]
        areas = ", ".join(r.get("areas") or [])
        console.print(Text(f"report: {r['partnership']} · {r['document_kind']} · {r.get('reporting_year') or '?'}" + (f" · {areas}" if areas else ""), style="cyan"))
    for kind, facts in view["facts"].items():
        if not facts:
            continue
        table = Table(title=f"{kind} ({len(facts)})", title_justify="left", show_lines=False, expand=True, pad_edge=False)
        table.add_column("fact", ratio=2, overflow="fold")
        table.add_column("page", justify="right", width=5)
        table.add_column("sentence", ratio=5, overflow="fold")
        for fact in facts:
            ev = fact["evidence"]
            sentence = Text(ev["before"])
            if ev["in_sentence"]:
                sentence.append(ev["match"], style="bold black on yellow")
                sentence.append(ev["after"])
            where = f"¶{ev['paragraph']}" if ev.get("paragraph") else str(ev["page"] or "")  # a DOCX has paragraphs, not pages
            table.add_row(_summary(kind, fact["fields"]) + (" (OCR)" if ev.get("ocr") else ""), where, sentence)
        console.print(table)

"""The report itself: the partnership, the kind of document, its reporting year and areas."""

from __future__ import annotations

import re

from lscp.schemas import ReportMention

from .context import DocContext
from .segments import TaggedDocument


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[ReportMention]:
    return [_report_mention(tagged, ctx)]


def _report_mention(tagged: TaggedDocument, ctx: DocContext) -> ReportMention:
    scores = {"committee_minutes": 0, "committee_cover_report": 0, "annual_report": 0}
    head_segments = [s for s in tagged.segments if s.start < 4000]
    for seg in head_segments:
        for span in seg.spans("cue"):
            if span.label_ == "DOC_KIND":
                scores[span.id_] += 1
    if scores["committee_minutes"] >= 2 and scores["committee_minutes"] >= scores["committee_cover_report"] - 1:
        kind = "committee_minutes"
    elif scores["committee_cover_report"] >= 2:
        kind = "committee_cover_report"
    elif scores["annual_report"] >= 1 or re.search(r"(annual|yearly) report", tagged.document.text[:20000], re.I):
        kind = "annual_report"
    else:
        kind = "other"
    return ReportMention(
        text=ctx.partnership or "",
        start=0,
        end=0,
        page=1,
        sentence="",
        rule="report.metadata",
        partnership=ctx.partnership,
        document_kind=kind,
        reporting_year=ctx.reporting_year,
        areas=ctx.areas,
        kind_scores=scores,
    )

"""The report stage: the warehouse's facts shown to people, with the evidence behind every number.

`build_site` writes a static, self-contained HTML site (Jinja2 templates, Vega-Lite charts drawn by a
bundled vega-embed, PDF pages rendered by pdfium with the matched words boxed); `terminal` renders one
document's facts for `lscp show`. Like every stage it imports only lscp.schemas: the orchestration
hands it rows read from the warehouse.
"""

from .evidence import DocumentText, Evidence, resolve
from .site import KINDS, SiteData, SiteSummary, build_site

__all__ = ["KINDS", "DocumentText", "Evidence", "SiteData", "SiteSummary", "build_site", "resolve"]

from .terminal import document_view, print_document  # noqa: E402

__all__ += ["document_view", "print_document"]

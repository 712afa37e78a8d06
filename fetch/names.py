"""Content kinds and safe file names for downloaded reports."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from email.message import Message
from email.utils import collapse_rfc2231_value
from urllib.parse import unquote, urlsplit

MAX_NAME_LENGTH = 120
DEFAULT_STEM = "report"

# kind -> (extension to add, extensions already acceptable)
EXTENSIONS: dict[str, tuple[str, frozenset[str]]] = {
    "pdf": (".pdf", frozenset({".pdf"})),
    "html": (".html", frozenset({".html", ".htm"})),
    "text": (".txt", frozenset({".txt", ".text", ".md", ".markdown"})),
    "markdown": (".md", frozenset({".md", ".markdown", ".txt"})),
    "docx": (".docx", frozenset({".docx"})),
}

_MIME_KINDS = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_UNLABELLED = {"", "application/octet-stream", "binary/octet-stream", "application/download"}
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def mime_type(content_type: str | None) -> str:
    """The bare lower-case media type of a Content-Type header value."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def looks_like_pdf_url(url: str | None) -> bool:
    """True when the URL's path ends in .pdf."""
    return bool(url) and unquote(urlsplit(url).path).lower().rstrip("/").endswith(".pdf")


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes of a body look like an HTML document."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:512].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start


def classify(content_type: str | None, head: bytes) -> str | None:
    """Content kind (pdf, html, text, markdown, docx) from header and first bytes; None if unsupported."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    mime = mime_type(content_type)
    kind = _MIME_KINDS.get(mime)
    if kind in ("pdf", "docx") and looks_like_html(head):
        return "html"
    if kind is None and mime in _UNLABELLED and looks_like_html(head):
        return "html"
    return kind


def disposition_filename(header: str | None) -> str | None:
    """The filename from a Content-Disposition header, preferring RFC 5987 filename*."""
    if not header:
        return None
    message = Message()
    message["content-disposition"] = header
    plain = extended = None
    for key, value in (message.get_params(header="content-disposition") or [])[1:]:
        if key.lower() != "filename":
            continue
        if isinstance(value, tuple):
            extended = collapse_rfc2231_value(value)
        else:
            plain = value
    return extended or plain or None


def url_filename(url: str | None) -> str | None:
    """The decoded last segment of a URL's path."""
    if not url:
        return None
    segment = urlsplit(url).path.rsplit("/", 1)[-1]
    return unquote(segment) or None


def safe_name(raw: str | None, kind: str) -> str:
    """A plain basename made of [A-Za-z0-9._-] with an extension matching `kind`."""
    name = _ascii(raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_CHARS.sub("-", name)
    name = re.sub(r"\.{2,}", ".", name).strip(".-")
    stem, suffix = _split_suffix(name)
    add, accepted = EXTENSIONS[kind]
    if suffix.lower() not in accepted:
        stem, suffix = name, add
    stem = stem[: MAX_NAME_LENGTH - len(suffix)].rstrip(".-") or DEFAULT_STEM
    return stem + suffix.lower()


def slug(text: str) -> str:
    """A lower-case directory name for a partnership."""
    value = _UNSAFE_CHARS.sub("-", _ascii(text).lower().replace(".", "-"))
    return re.sub(r"-{2,}", "-", value).strip("-_")[:80].strip("-_") or "unknown"


def folder_names(partnerships: list[str]) -> dict[str, str]:
    """A folder name per partnership: its slug, and where two different names share a slug ("Brighton & Hove",
    "Brighton Hove"), the slug and the first 8 hex of the sha256 of the name, so that no two share a folder."""
    def key(name: str) -> str:
        return " ".join(name.casefold().split())

    by_slug: dict[str, set[str]] = {}
    for name in partnerships:
        by_slug.setdefault(slug(name), set()).add(key(name))
    names = {}
    for name in partnerships:
        base = slug(name)
        if len(by_slug[base]) > 1:
            base = f"{base[:71]}-{hashlib.sha256(key(name).encode('utf-8')).hexdigest()[:8]}"
        names[name] = base
    return names


def versioned_name(name: str, sha256: str) -> str:
    """`<stem>.<first 12 hex of sha256><suffix>` for keeping a second version beside the first."""
    stem, suffix = _split_suffix(name)
    return f"{stem}.{sha256[:12]}{suffix}"


def _split_suffix(name: str) -> tuple[str, str]:
    """Split 'a.b.pdf' into ('a.b', '.pdf'); names without a dot have no suffix."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, "." + ext


def _ascii(text: str) -> str:
    """Strip accents (é -> e) and drop control characters; other symbols are left for later."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] != "C" and not unicodedata.combining(ch))

"""Tests for the fetch stage against a real HTTP server on the loopback interface."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lscp.fetch import FetchReport, FetchResult, FetchSettings, fetch_sources, read_sources
from lscp.fetch.models import Source
from lscp import cli
from lscp.fetch.names import safe_name, slug
from lscp.fetch.state import STATE_FILE

FAST = FetchSettings(connect_timeout=1.0, read_timeout=0.3, retries=2, backoff=0.01)
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
SLOW_SECONDS = 2.0


def pdf(text: str) -> bytes:
    return b"%PDF-1.4\n" + text.encode() + b"\n%%EOF\n"


class ServerState:
    """Mutable state shared between the test and the request handler."""

    def __init__(self) -> None:
        self.base = ""
        self.report = pdf("annual report 2023-24")
        self.hits: Counter[str] = Counter()
        self.headers: list[dict[str, str]] = []
        self.stop = threading.Event()

    def url(self, path: str) -> str:
        return self.base + path


def make_handler(state: ServerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            state.hits[self.path] += 1
            state.headers.append(dict(self.headers))
            route = ROUTES.get(self.path) or (serve_pdf if self.path.startswith("/files/") else not_found)
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def reply(self, status: int, body: bytes = b"", content_type: str = "application/pdf",
                  length: bool = True, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

    def etag() -> str:
        return '"' + hashlib.sha256(state.report).hexdigest()[:16] + '"'

    def report(h: Handler) -> None:
        if h.headers.get("If-None-Match") == etag():
            h.send_response(304)
            h.send_header("ETag", etag())
            h.end_headers()
            return
        h.reply(200, state.report, ETag=etag(), Last_Modified=LAST_MODIFIED)

    def serve_pdf(h: Handler) -> None:
        h.reply(200, state.report)

    def not_found(h: Handler) -> None:
        h.reply(404, b"<html>not here</html>", "text/html")

    def always_500(h: Handler) -> None:
        h.reply(500, b"oops", "text/plain")

    def flaky(h: Handler) -> None:
        if state.hits[h.path] == 1:
            h.reply(500, b"oops", "text/plain")
        else:
            h.reply(200, state.report)

    def rate_limited(h: Handler) -> None:
        if state.hits[h.path] == 1:
            h.reply(429, b"slow down", "text/plain", Retry_After="0")
        else:
            h.reply(200, state.report)

    def slow(h: Handler) -> None:
        state.stop.wait(SLOW_SECONDS)
        h.reply(200, state.report)

    def redirect(h: Handler) -> None:
        h.reply(302, b"", "text/html", Location="/report.pdf")

    def loop(h: Handler) -> None:
        h.reply(302, b"", "text/html", Location="/loop")

    def landing(h: Handler) -> None:
        h.reply(200, b"<!DOCTYPE html><html><body>Please accept cookies</body></html>", "text/html; charset=utf-8")

    def big(h: Handler, length: bool) -> None:
        body = pdf("x" * 5000)
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        if length:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        for start in range(0, len(body), 500):
            h.wfile.write(body[start:start + 500])

    def disposition(value: str):
        def route(h: Handler) -> None:
            h.reply(200, state.report, Content_Disposition=value)
        return route

    ROUTES = {
        "/report.pdf": report,
        "/plain.pdf": serve_pdf,
        "/missing.pdf": not_found,
        "/always-500.pdf": always_500,
        "/flaky.pdf": flaky,
        "/rate-limited.pdf": rate_limited,
        "/slow.pdf": slow,
        "/go": redirect,
        "/loop": loop,
        "/landing.pdf": landing,
        "/big-length.pdf": lambda h: big(h, True),
        "/big-stream.pdf": lambda h: big(h, False),
        "/download?id=1": disposition('attachment; filename="../../evil.pdf"'),
        "/download?id=2": disposition("attachment; filename=\"a.pdf\"; filename*=UTF-8''..%2F..%2Fevil%20%C3%A9.pdf"),
        "/download?id=3": disposition('attachment; filename="..\\\\..\\\\x.pdf"'),
        "/notes.txt": lambda h: h.reply(200, b"plain notes\n", "text/plain; charset=utf-8"),
        "/archive.zip": lambda h: h.reply(200, b"PK\x03\x04zipdata", "application/zip"),
        "/blob": lambda h: h.reply(200, state.report, "application/octet-stream"),
    }
    return Handler


@pytest.fixture
def server():
    state = ServerState()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    state.stop.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def fetch(server: ServerState, dest: Path, *paths: str, settings: FetchSettings = FAST) -> FetchReport:
    sources = [Source(partnership="Testshire LSCP", url=server.url(p)) for p in paths]
    return fetch_sources(sources, dest, settings=settings)


def one(server: ServerState, dest: Path, path: str, settings: FetchSettings = FAST) -> FetchResult:
    return fetch(server, dest, path, settings=settings).results[0]


def files(dest: Path) -> list[str]:
    """Every file under dest except the state file, relative and sorted."""
    if not dest.exists():
        return []
    return sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file() and p.name != STATE_FILE)


def assert_inside(path: str | None, dest: Path) -> Path:
    assert path is not None
    resolved = Path(path).resolve()
    assert resolved.is_relative_to(dest.resolve())
    assert resolved.is_file()
    return resolved


# --- successful downloads and conditional requests -------------------------------------------


def test_pdf_is_saved_as_new_and_validators_remembered(server, tmp_path):
    result = one(server, tmp_path, "/report.pdf")

    assert result.status == "new"
    saved = assert_inside(result.path, tmp_path)
    assert saved == (tmp_path / "testshire-lscp" / "report.pdf").resolve()
    assert saved.read_bytes() == server.report
    assert result.sha256 == hashlib.sha256(server.report).hexdigest()
    assert result.bytes == len(server.report)
    assert result.http_status == 200 and result.attempts == 1
    assert result.content_type == "application/pdf"
    state = json.loads((tmp_path / STATE_FILE).read_text())
    entry = state[server.url("/report.pdf")]
    assert entry["etag"].startswith('"') and entry["last_modified"] == LAST_MODIFIED
    assert entry["path"] == "testshire-lscp/report.pdf"


def test_second_fetch_is_conditional_and_not_modified(server, tmp_path):
    first = one(server, tmp_path, "/report.pdf")
    mtime = Path(first.path).stat().st_mtime_ns

    second = one(server, tmp_path, "/report.pdf")

    assert second.status == "not_modified" and second.http_status == 304
    assert second.path == first.path
    assert server.headers[-1]["If-None-Match"] == json.loads((tmp_path / STATE_FILE).read_text())[
        server.url("/report.pdf")]["etag"]
    assert server.headers[-1]["If-Modified-Since"] == LAST_MODIFIED
    assert Path(first.path).stat().st_mtime_ns == mtime
    assert files(tmp_path) == ["testshire-lscp/report.pdf"]


def test_changed_content_is_kept_beside_the_old_version(server, tmp_path):
    old = server.report
    first = one(server, tmp_path, "/report.pdf")
    server.report = pdf("annual report 2023-24, corrected")

    second = one(server, tmp_path, "/report.pdf")

    assert second.status == "new_version"
    digest = hashlib.sha256(server.report).hexdigest()
    assert Path(second.path).name == f"report.{digest[:12]}.pdf"
    assert Path(first.path).read_bytes() == old
    assert Path(second.path).read_bytes() == server.report
    assert one(server, tmp_path, "/report.pdf").status == "not_modified"


def test_same_content_without_validators_is_unchanged(server, tmp_path):
    first = one(server, tmp_path, "/plain.pdf")
    second = one(server, tmp_path, "/plain.pdf")

    assert (first.status, second.status) == ("new", "unchanged")
    assert second.path == first.path
    assert "If-None-Match" not in server.headers[-1]
    assert files(tmp_path) == ["testshire-lscp/plain.pdf"]


def test_deleted_file_is_downloaded_again(server, tmp_path):
    first = one(server, tmp_path, "/report.pdf")
    Path(first.path).unlink()

    again = one(server, tmp_path, "/report.pdf")

    assert again.status == "new"
    assert "If-None-Match" not in server.headers[-1]


def test_user_agent_names_lscp(server, tmp_path):
    one(server, tmp_path, "/report.pdf")
    assert server.headers[-1]["User-Agent"].startswith("lscp/")
    assert "safeguarding" in server.headers[-1]["User-Agent"]


def test_corrupt_state_file_is_ignored(server, tmp_path):
    (tmp_path / STATE_FILE).write_text("{not json")
    assert one(server, tmp_path, "/report.pdf").status == "new"
    assert server.url("/report.pdf") in json.loads((tmp_path / STATE_FILE).read_text())


# --- HTTP errors, retries and timeouts ---------------------------------------------------------


def test_404_fails_without_retry(server, tmp_path):
    result = one(server, tmp_path, "/missing.pdf")

    assert result.status == "failed"
    assert result.reason == "HTTP 404 Not Found"
    assert result.http_status == 404 and result.attempts == 1
    assert server.hits["/missing.pdf"] == 1
    assert files(tmp_path) == [] and not (tmp_path / "testshire-lscp").exists()


def test_500_fails_after_retries(server, tmp_path):
    result = one(server, tmp_path, "/always-500.pdf")

    assert result.status == "failed"
    assert result.reason == "HTTP 500 Internal Server Error after 3 attempts"
    assert result.attempts == 3 and result.http_status == 500
    assert server.hits["/always-500.pdf"] == 3


def test_500_then_200_succeeds_on_retry(server, tmp_path):
    result = one(server, tmp_path, "/flaky.pdf")

    assert result.status == "new" and result.attempts == 2
    assert_inside(result.path, tmp_path)


def test_429_is_retried(server, tmp_path):
    result = one(server, tmp_path, "/rate-limited.pdf")
    assert result.status == "new" and result.attempts == 2


def test_slow_server_times_out(server, tmp_path):
    settings = FAST.model_copy(update={"read_timeout": 0.2, "retries": 1})
    result = one(server, tmp_path, "/slow.pdf", settings=settings)

    assert result.status == "failed"
    assert result.reason == "timed out after 2 attempts"
    assert result.attempts == 2
    assert result.elapsed_s < SLOW_SECONDS
    assert files(tmp_path) == []


def test_connection_refused_fails_and_the_rest_goes_on(server, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    sources = [
        Source(partnership="Nowhere", url=f"http://127.0.0.1:{closed_port}/report.pdf"),
        Source(partnership="Testshire", url=server.url("/missing.pdf")),
        Source(partnership="Testshire", url=server.url("/report.pdf")),
    ]

    report = fetch_sources(sources, tmp_path, settings=FAST.model_copy(update={"retries": 1}))

    statuses = [r.status for r in report.results]
    assert statuses == ["failed", "failed", "new"]
    assert report.results[0].reason.startswith("connection failed")
    assert report.results[0].reason.endswith("after 2 attempts")
    assert report.counts == {"failed": 2, "new": 1}
    assert [r.url for r in report.failed] == [s.url for s in sources[:2]]
    assert report.saved_paths == [report.results[2].path]
    assert report.summary() == "2 failed, 1 new"


# --- redirects ---------------------------------------------------------------------------------


def test_redirect_is_followed_and_final_url_recorded(server, tmp_path):
    result = one(server, tmp_path, "/go")

    assert result.status == "new"
    assert result.final_url == server.url("/report.pdf")
    assert Path(result.path).name == "report.pdf"


def test_redirect_loop_fails(server, tmp_path):
    result = one(server, tmp_path, "/loop", settings=FAST.model_copy(update={"max_redirects": 2}))

    assert result.status == "failed"
    assert "redirects" in result.reason
    assert server.hits["/loop"] == 3


# --- content types and sizes -------------------------------------------------------------------


def test_html_at_a_pdf_url_is_rejected(server, tmp_path):
    result = one(server, tmp_path, "/landing.pdf")

    assert result.status == "wrong_content_type"
    assert result.reason == "expected a PDF, got text/html (probably a landing or error page)"
    assert result.path is None
    assert files(tmp_path) == []
    assert not (tmp_path / "testshire-lscp").exists()


def test_plain_text_is_saved_and_unknown_binary_rejected(server, tmp_path):
    report = fetch(server, tmp_path, "/notes.txt", "/archive.zip")

    text, archive = report.results
    assert text.status == "new" and Path(text.path).name == "notes.txt"
    assert archive.status == "wrong_content_type"
    assert archive.reason == "unsupported content type application/zip"
    assert files(tmp_path) == ["testshire-lscp/notes.txt"]


def test_octet_stream_pdf_is_recognised_by_its_magic_bytes(server, tmp_path):
    result = one(server, tmp_path, "/blob")
    assert result.status == "new"
    assert Path(result.path).name == "blob.pdf"


@pytest.mark.parametrize("path, reason", [
    ("/big-length.pdf", "Content-Length 50"),
    ("/big-stream.pdf", "body exceeds"),
])
def test_oversized_body_is_aborted_and_nothing_left(server, tmp_path, path, reason):
    settings = FAST.model_copy(update={"max_bytes": 1000})
    result = one(server, tmp_path, path, settings=settings)

    assert result.status == "failed"
    assert reason in result.reason
    assert "size limit of 1000 bytes" in result.reason
    assert result.attempts == 1
    assert [p for p in tmp_path.rglob("*") if p.name != ".lscp-fetch-state.json"] == []  # the state counts the failure


# --- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize("path, name", [
    ("/download?id=1", "evil.pdf"),
    ("/download?id=2", "evil-e.pdf"),
    ("/download?id=3", "x.pdf"),
    ("/files/..%2F..%2Fevil.pdf", "evil.pdf"),
])
def test_hostile_names_stay_inside_dest(server, tmp_path, path, name):
    dest = tmp_path / "reports"
    result = one(server, dest, path)

    assert result.status == "new"
    saved = assert_inside(result.path, dest)
    assert saved == (dest / "testshire-lscp" / name).resolve()
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]


@pytest.mark.parametrize("raw, kind, expected", [
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("..\\..\\x.pdf", "pdf", "x.pdf"),
    ("/etc/cron.d/x", "html", "x.html"),
    (".hidden.pdf", "pdf", "hidden.pdf"),
    ("Annual Report 2023\u201324 (final).PDF", "pdf", "Annual-Report-2023-24-final.pdf"),
    ("bad\x00name\x1f.txt", "text", "badname.txt"),
    ("notes.md", "markdown", "notes.md"),
    ("page.htm", "html", "page.htm"),
    ("GetFile.ashx", "pdf", "GetFile.ashx.pdf"),
    ("", "pdf", "report.pdf"),
    ("..", "pdf", "report.pdf"),
    (None, "text", "report.txt"),
])
def test_safe_name(raw, kind, expected):
    assert safe_name(raw, kind) == expected


def test_safe_name_is_bounded():
    name = safe_name("a" * 500 + ".pdf", "pdf")
    assert len(name) == 120 and name.endswith(".pdf")


def test_partnership_slug():
    assert slug("Bath & North East Somerset LSCP") == "bath-north-east-somerset-lscp"
    assert slug("../..") == "unknown"
    assert slug("St. Helens") == "st-helens"


# --- reading sources ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, said",
    [
        ('partnership,url\nTestshire,https://example.org/a.pdf\n"Otherham,https://example.org/b.pdf\n', 3, "not valid CSV"),
        ("partnership,url\nTestshire,https://example.org/a.pdf\nOtherham,,no link yet\n", 3, "no url for 'Otherham'"),
    ],
    ids=["unclosed-quote", "no-url"],
)
def test_a_malformed_sources_file_is_a_usage_error_naming_the_line(tmp_path, text, line, said):
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"line {line}: .*{said}"):
        read_sources(csv_file)
    result = CliRunner().invoke(cli.app, ["fetch", "--sources", str(csv_file), "--dest", str(tmp_path / "d")])
    assert result.exit_code == 2 and f"line {line}" in result.stderr


def test_read_sources_skips_blank_rows_and_ignores_extra_columns(tmp_path):
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text(
        "\ufeffPartnership,url,notes\n"
        "Testshire,https://example.org/a.pdf,first\n"
        "\n"
        ",,\n"
        "Otherham, http://example.org/b.pdf ,\n",
        encoding="utf-8",
    )

    sources = read_sources(csv_file)

    assert sources == [
        Source(partnership="Testshire", url="https://example.org/a.pdf"),
        Source(partnership="Otherham", url="http://example.org/b.pdf"),
    ]


def test_read_sources_rejects_non_http_url_naming_the_line(tmp_path):
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text("partnership,url\nA,https://example.org/a.pdf\nB,ftp://example.org/b.pdf\n")

    with pytest.raises(ValueError, match=r"line 3.*ftp://example.org/b.pdf"):
        read_sources(csv_file)


def test_read_sources_requires_columns(tmp_path):
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text("name,link\nA,https://example.org/a.pdf\n")

    with pytest.raises(ValueError, match="partnership, url"):
        read_sources(csv_file)


def test_read_sources_rejects_missing_partnership(tmp_path):
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text("partnership,url\n,https://example.org/a.pdf\n")

    with pytest.raises(ValueError, match="line 2: partnership is empty"):
        read_sources(csv_file)


def test_fetch_sources_accepts_a_csv_path(server, tmp_path):
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text(f"partnership,url\nTestshire,{server.url('/report.pdf')}\n")

    report = fetch_sources(csv_file, tmp_path / "out", settings=FAST)

    assert [r.status for r in report.results] == ["new"]
    assert report.results[0].elapsed_s >= 0


# --- one client, and what a 304 costs ----------------------------------------------------------


def test_one_client_serves_every_source(server, tmp_path, monkeypatch):
    import httpx

    made = []
    real = httpx.Client

    class Counting(real):
        def __init__(self, *args, **kwargs) -> None:
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", Counting)
    report = fetch(server, tmp_path, "/report.pdf", "/plain.pdf", "/missing.pdf", "/notes.txt")

    assert [r.status for r in report.results] == ["new", "new", "failed", "new"]
    assert len(made) == 1


def test_a_304_writes_nothing(server, tmp_path):
    one(server, tmp_path, "/report.pdf")
    state = tmp_path / STATE_FILE
    before = (state.read_bytes(), state.stat().st_mtime_ns, sorted(p.name for p in tmp_path.rglob("*")))

    again = one(server, tmp_path, "/report.pdf")

    assert again.status == "not_modified" and again.bytes is None
    assert (state.read_bytes(), state.stat().st_mtime_ns, sorted(p.name for p in tmp_path.rglob("*"))) == before


def test_state_is_written_in_batches_and_flushed_at_the_end(tmp_path):
    from lscp.fetch.state import SAVE_EVERY, STATE_FILE, FetchState

    state = FetchState(tmp_path)
    for i in range(SAVE_EVERY * 2 + 3):
        state.remember(f"https://example.org/{i}.pdf", etag=f'"{i}"', path=f"p/{i}.pdf")
    on_disk = json.loads((tmp_path / STATE_FILE).read_text(encoding="utf-8"))
    assert len(on_disk) == SAVE_EVERY * 2
    state.flush()
    assert len(json.loads((tmp_path / STATE_FILE).read_text(encoding="utf-8"))) == SAVE_EVERY * 2 + 3
    assert FetchState(tmp_path).conditional_headers("https://example.org/1.pdf") == {}  # its file is not there


def test_a_word_document_is_saved_as_docx():
    from lscp.fetch.names import EXTENSIONS, classify

    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert classify(mime, b"PK\x03\x04") == "docx" and EXTENSIONS["docx"][0] == ".docx"
    assert classify(mime, b"<!DOCTYPE html><html>") == "html"  # an error page where a report was promised

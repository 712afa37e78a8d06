"""Downloading report links over HTTP: retries, size limits, conditional requests, safe storage."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path
from typing import Iterator

import httpx

from .models import FetchReport, FetchResult, FetchSettings, Source
from .names import (
    classify,
    disposition_filename,
    folder_names,
    looks_like_pdf_url,
    mime_type,
    safe_name,
    slug,
    url_filename,
)
from .sources import read_sources
from .state import FetchState
from .store import ensure_inside, place, remove_partial_downloads

ACCEPT = "application/pdf, text/html;q=0.8, text/markdown;q=0.8, text/plain;q=0.8, */*;q=0.1"
HEAD_BYTES = 1024
TEMP_PREFIX = ".lscp-"
TEMP_SUFFIX = ".part"


@dataclass
class ResponseInfo:
    """What the final response said about itself."""

    http_status: int
    final_url: str
    content_type: str | None = None
    disposition: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, response: httpx.Response) -> ResponseInfo:
        headers = response.headers
        return cls(
            http_status=response.status_code,
            final_url=str(response.url),
            content_type=headers.get("content-type"),
            disposition=headers.get("content-disposition"),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )


@dataclass
class Body:
    """A response body saved to a temporary file."""

    tmp: Path
    sha256: str
    size: int
    head: bytes


class Failure(Exception):
    """A source that could not be downloaded."""

    def __init__(self, reason: str, info: ResponseInfo | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.info = info
        self.attempts = 0


class Transient(Failure):
    """A failure worth retrying: timeouts, connection errors, 5xx and 429."""

    def __init__(self, reason: str, info: ResponseInfo | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason, info)
        self.retry_after = retry_after


def fetch_sources(
    sources: list[Source] | str | os.PathLike,
    dest: str | os.PathLike,
    *,
    settings: FetchSettings | None = None,
    client: httpx.Client | None = None,
) -> FetchReport:
    """Download every source into `dest/<partnership-slug>/`; one bad source never stops the run."""
    settings = settings or FetchSettings()
    if isinstance(sources, (str, os.PathLike)):
        sources = read_sources(sources)
    sources = list({source.url: source for source in reversed(sources)}.values())[::-1]  # each URL once, first row wins
    folders = folder_names([source.partnership for source in sources])
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    state = FetchState(dest)
    ends = time.monotonic() + settings.run_deadline if settings.run_deadline else None
    results = []
    try:
        with _client_scope(client, settings) as http:
            for source in sources:
                if ends is not None and time.monotonic() >= ends:
                    result = FetchResult(
                        partnership=source.partnership, url=source.url, status="failed",
                        reason=f"not tried: the run's time limit of {settings.run_deadline:g} s was reached",
                    )  # fmt: skip
                else:
                    result = fetch_one(http, source, dest, settings, state, folder=folders[source.partnership], ends=ends)
                results.append(_count_failures(result, state))
    finally:
        state.flush()
    return FetchReport(results=results)


def _count_failures(result: FetchResult, state: FetchState) -> FetchResult:
    """Keep in the state how many fetches in a row the source failed; the result says it too."""
    if result.status not in ("failed", "wrong_content_type"):
        state.succeeded(result.url)
        return result
    return result.model_copy(update={"failed_runs": state.failed(result.url)})


def remove_leftovers(dest: str | os.PathLike) -> list[Path]:
    """Delete the partial downloads an interrupted earlier fetch left in `dest`; the caller holds its fetch lock."""
    return remove_partial_downloads(Path(dest), TEMP_PREFIX, TEMP_SUFFIX)


def fetch_one(
    client: httpx.Client, source: Source, dest: Path, settings: FetchSettings, state: FetchState,
    *, folder: str | None = None, ends: float | None = None,
) -> FetchResult:
    """Fetch one source into ``dest/folder`` (default: the partnership's slug) and describe the outcome; errors become a
    failed result. ``ends`` is the run's deadline (time.monotonic())."""
    started = time.monotonic()
    settings = _within(settings, ends)
    folder = dest / (folder or slug(source.partnership))
    created = not folder.exists()
    try:
        result = _fetch(client, source, dest, folder, settings, state)
    except Failure as exc:
        result = _failure_result(source, exc)
    except Exception as exc:  # keep one broken source from stopping the others
        result = FetchResult(
            partnership=source.partnership, url=source.url, status="failed",
            reason=f"unexpected error: {type(exc).__name__}: {exc}",
        )
    finally:
        if created:
            _remove_if_empty(folder)
    return result.model_copy(update={"elapsed_s": round(time.monotonic() - started, 3)})


def _within(settings: FetchSettings, ends: float | None) -> FetchSettings:
    """The settings with the download deadline cut to what is left of the run's."""
    if ends is None:
        return settings
    left = max(0.1, ends - time.monotonic())
    return settings.model_copy(update={"download_deadline": min(settings.download_deadline, left)}) if left < settings.download_deadline else settings


def user_agent() -> str:
    """The default User-Agent, naming lscp and why it downloads."""
    try:
        version = metadata.version("lscp")
    except metadata.PackageNotFoundError:
        version = "dev"
    return (
        f"lscp/{version} (collects the published yearly reports of England's local "
        "safeguarding children partnerships for research)"
    )


def _fetch(
    client: httpx.Client, source: Source, dest: Path, folder: Path, settings: FetchSettings, state: FetchState
) -> FetchResult:
    """Download, check and store one source."""
    ensure_inside(folder, dest)
    headers = {"User-Agent": settings.user_agent or user_agent(), "Accept": ACCEPT}
    headers.update(state.conditional_headers(source.url))
    info, body, attempts = download(client, source.url, folder, settings, headers)
    common = dict(
        partnership=source.partnership, url=source.url, final_url=info.final_url,
        http_status=info.http_status, content_type=info.content_type, attempts=attempts,
    )
    if body is None:
        saved = state.saved_path(source.url)
        path = str((dest / saved).resolve()) if saved else None
        return FetchResult(**common, status="not_modified", path=path)
    try:
        kind, problem = judge_content(source.url, info, body.head)
        if problem:
            return FetchResult(**common, status="wrong_content_type", reason=problem, sha256=body.sha256, bytes=body.size)
        raw_name = disposition_filename(info.disposition) or url_filename(info.final_url) or url_filename(source.url)
        path, status = place(body.tmp, folder / safe_name(raw_name, kind), body.sha256, dest)
    finally:
        body.tmp.unlink(missing_ok=True)
    state.remember(
        source.url, etag=info.etag, last_modified=info.last_modified, final_url=info.final_url,
        sha256=body.sha256, path=path.relative_to(dest.resolve()).as_posix(),
    )
    return FetchResult(**common, status=status, path=str(path), sha256=body.sha256, bytes=body.size)


def judge_content(url: str, info: ResponseInfo, head: bytes) -> tuple[str | None, str | None]:
    """(kind, None) for an acceptable body, (None, reason) otherwise."""
    kind = classify(info.content_type, head)
    mime = mime_type(info.content_type)
    shown = mime or "no content type"
    if kind is not None and classify(mime, b"") != kind:
        shown = f"{kind} content labelled {shown}"
    if (looks_like_pdf_url(url) or looks_like_pdf_url(info.final_url)) and kind != "pdf":
        hint = " (probably a landing or error page)" if kind == "html" else ""
        return None, f"expected a PDF, got {shown}{hint}"
    if kind is None:
        return None, f"unsupported content type {shown}"
    return kind, None


def download(
    client: httpx.Client, url: str, folder: Path, settings: FetchSettings, headers: dict[str, str]
) -> tuple[ResponseInfo, Body | None, int]:
    """Download with retries and exponential backoff; returns (info, body or None on 304, attempts)."""
    for attempt in range(1, settings.attempts + 1):
        try:
            info, body = _download_within_deadline(client, url, folder, settings, headers)
            return info, body, attempt
        except Transient as exc:
            if attempt == settings.attempts:
                failure = Failure(f"{exc.reason} after {_attempts(attempt)}", exc.info)
                failure.attempts = attempt
                raise failure from exc
            time.sleep(_delay(settings, attempt, exc.retry_after))
        except Failure as exc:
            exc.attempts = attempt
            raise
    raise AssertionError("unreachable: settings.attempts is at least 1")


def _download_within_deadline(
    client: httpx.Client, url: str, folder: Path, settings: FetchSettings, headers: dict[str, str]
) -> tuple[ResponseInfo, Body | None]:
    """`_download_once`, given up at the download deadline even while the server trickles its status line and
    headers (httpx's timeouts are per read: a byte every few seconds would never end it). The body checks the
    deadline itself; this watch, a read timeout later, catches what it cannot. A request given up is left to end
    in its own daemon thread, which stops with the process."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = _download_once(client, url, folder, settings, headers)
        except BaseException as exc:  # handed back to the caller below
            box["error"] = exc

    thread = threading.Thread(target=work, name=f"lscp fetch {url}", daemon=True)
    thread.start()
    thread.join(settings.download_deadline + settings.read_timeout + 1)
    if thread.is_alive():
        raise Failure(
            f"download not finished within its time limit of {settings.download_deadline:g} s (the server was still "
            "sending its headers)"
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def _download_once(
    client: httpx.Client, url: str, folder: Path, settings: FetchSettings, headers: dict[str, str]
) -> tuple[ResponseInfo, Body | None]:
    """One GET request, following redirects that keep inside the trust boundary, within the download deadline;
    httpx errors become Transient or Failure."""
    ends = time.monotonic() + settings.download_deadline
    current = url
    try:
        for hop in range(settings.max_redirects + 2):
            with client.stream("GET", current, headers=headers, timeout=_timeout(settings), follow_redirects=False) as response:
                if response.is_redirect and response.next_request is not None:
                    if hop >= settings.max_redirects:
                        raise Failure(f"more than {settings.max_redirects} redirects", ResponseInfo.of(response))
                    target = str(response.next_request.url)
                    refused = redirect_problem(current, target, settings.allow_private_redirects)
                    if refused:
                        raise Failure(f"redirect to {target} refused: {refused}", ResponseInfo.of(response))
                    response.read()
                    current = target
                    continue
                return _read_response(response, folder, settings, ends)
        raise Failure("too many redirects")
    except httpx.TimeoutException as exc:
        raise Transient("timed out") from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as exc:
        raise Transient(f"connection failed ({type(exc).__name__}: {exc})") from exc
    except httpx.TooManyRedirects as exc:
        raise Failure("too many redirects") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise Failure(f"request failed ({type(exc).__name__}: {exc})") from exc


DEFAULT_PORTS = {"http": 80, "https": 443}


def redirect_problem(origin: str, target: str, allow_private: bool = False) -> str | None:
    """Why a redirect from ``origin`` to ``target`` is not followed, or None.

    Only http and https. Unless ``allow_private``: not from a public host to a loopback, private or link-local address
    (a report link must not make lscp read the network it runs in), and not to another port of the same host (other
    than http to https on their default ports)."""
    before, after = httpx.URL(origin), httpx.URL(target)
    if after.scheme not in DEFAULT_PORTS:
        return f"only http and https are followed, not {after.scheme or 'a relative address'}"
    if allow_private:
        return None
    if before.host == after.host:
        old_port = before.port or DEFAULT_PORTS.get(before.scheme)
        new_port = after.port or DEFAULT_PORTS.get(after.scheme)
        if old_port != new_port and not (old_port, new_port) == (80, 443):
            return f"another port ({new_port}) of the same host (--allow-private-redirects to follow it)"
        return None
    if host_is_public(before.host) and not host_is_public(after.host):
        return "from a public host to a private or loopback address (--allow-private-redirects to follow it)"
    return None


def host_is_public(host: str) -> bool:
    """True when every address the host name resolves to is a global one (not loopback, private, link-local...)."""
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)}
        except (OSError, ValueError):
            return False  # a name that does not resolve leads nowhere public
    return bool(addresses) and all(address.is_global for address in addresses)


def _read_response(
    response: httpx.Response, folder: Path, settings: FetchSettings, ends: float
) -> tuple[ResponseInfo, Body | None]:
    """Check status and size, then stream the body to a temporary file before the deadline ``ends``."""
    info = ResponseInfo.of(response)
    status = response.status_code
    if status == 304:
        response.read()  # an empty body, read so that the connection goes back to the pool
        return info, None
    if status == 429 or status >= 500:
        raise Transient(_http_reason(response), info, _retry_after(response.headers.get("retry-after")))
    if not 200 <= status < 300:
        raise Failure(_http_reason(response), info)
    declared = _content_length(response)
    if declared is not None and declared > settings.max_bytes:
        raise Failure(f"Content-Length {declared} exceeds the size limit of {settings.max_bytes} bytes", info)
    return info, _save_body(response, folder, settings.max_bytes, info, ends, settings.download_deadline)


def _save_body(
    response: httpx.Response, folder: Path, max_bytes: int, info: ResponseInfo, ends: float, deadline: float
) -> Body:
    """Stream the body into a temp file in `folder`, aborting once it passes `max_bytes` or the time is up."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    tmp = Path(name)
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise Failure(f"body exceeds the size limit of {max_bytes} bytes", info)
                if time.monotonic() > ends:
                    raise Failure(f"download not finished within its time limit of {deadline:g} s ({size} bytes read)", info)
                head += chunk[: HEAD_BYTES - len(head)]
                digest.update(chunk)
                handle.write(chunk)
        if size == 0:
            raise Failure("empty response body", info)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Body(tmp=tmp, sha256=digest.hexdigest(), size=size, head=head)


def _failure_result(source: Source, exc: Failure) -> FetchResult:
    """A failed result carrying whatever the server told us."""
    info = exc.info
    return FetchResult(
        partnership=source.partnership, url=source.url, status="failed", reason=exc.reason, attempts=exc.attempts,
        final_url=info.final_url if info else None,
        http_status=info.http_status if info else None,
        content_type=info.content_type if info else None,
    )


@contextmanager
def _client_scope(client: httpx.Client | None, settings: FetchSettings) -> Iterator[httpx.Client]:
    """Use the given client, or open (and later close) one configured from settings."""
    if client is not None:
        yield client
        return
    with httpx.Client(follow_redirects=False, timeout=_timeout(settings)) as own:
        yield own


def _timeout(settings: FetchSettings) -> httpx.Timeout:
    return httpx.Timeout(
        connect=settings.connect_timeout, read=settings.read_timeout,
        write=settings.read_timeout, pool=settings.connect_timeout,
    )


def _delay(settings: FetchSettings, attempt: int, retry_after: float | None) -> float:
    """Exponential backoff, stretched to a server's Retry-After (capped)."""
    delay = settings.backoff * 2 ** (attempt - 1)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.max_retry_after))
    return delay


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _http_reason(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".rstrip()


def _attempts(n: int) -> str:
    return f"{n} attempt" if n == 1 else f"{n} attempts"


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass

"""Data models for the fetch stage: sources, settings, results and the run report."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["new", "new_version", "unchanged", "not_modified", "failed", "wrong_content_type"]

SAVED_STATUSES: frozenset[str] = frozenset({"new", "new_version"})
PROBLEM_STATUSES: frozenset[str] = frozenset({"failed", "wrong_content_type"})

MIB = 1024 * 1024


class Source(BaseModel):
    """One report link belonging to a partnership."""

    model_config = ConfigDict(frozen=True)

    partnership: str
    url: str


class FetchSettings(BaseModel):
    """Network and storage limits for a fetch run."""

    model_config = ConfigDict(frozen=True)

    connect_timeout: float = Field(30.0, gt=0)
    read_timeout: float = Field(30.0, gt=0)
    retries: int = Field(3, ge=0, description="extra attempts after the first one")
    backoff: float = Field(0.5, ge=0, description="base delay in seconds, doubled per retry")
    max_retry_after: float = Field(60.0, ge=0, description="cap for a server's Retry-After")
    max_redirects: int = Field(5, ge=0)
    max_bytes: int = Field(100 * MIB, gt=0)
    download_deadline: float = Field(300.0, gt=0, description="seconds one download may take in all, however it trickles")
    run_deadline: float | None = Field(3600.0, gt=0, description="seconds the whole fetch may take; later sources are not tried")
    allow_private_redirects: bool = Field(
        False, description="follow redirects from a public host to a private or loopback one, or to another port"
    )
    user_agent: str | None = Field(None, description="overrides the default User-Agent")

    @property
    def attempts(self) -> int:
        """Total number of attempts allowed per source."""
        return self.retries + 1


class FetchResult(BaseModel):
    """Outcome of fetching one source."""

    partnership: str
    url: str
    final_url: str | None = None
    status: Status
    path: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    content_type: str | None = None
    http_status: int | None = None
    reason: str | None = None
    attempts: int = 0
    elapsed_s: float = 0.0
    failed_runs: int = 0
    """How many fetches in a row this source has failed, this one included (0 when it succeeded)."""


class FetchReport(BaseModel):
    """All results of one fetch run."""

    results: list[FetchResult] = Field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Number of results per status."""
        return dict(Counter(r.status for r in self.results))

    @property
    def failed(self) -> list[FetchResult]:
        """Results that produced no usable report."""
        return [r for r in self.results if r.status in PROBLEM_STATUSES]

    @property
    def saved_paths(self) -> list[str]:
        """Files written by this run (new reports and new versions)."""
        return [r.path for r in self.results if r.status in SAVED_STATUSES and r.path]

    def summary(self) -> str:
        """One-line human summary such as '2 new, 1 failed'."""
        counts = self.counts
        if not counts:
            return "no sources"
        return ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in sorted(counts.items()))

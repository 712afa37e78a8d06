"""Driving the report in headless Chromium (Debian's package) with Playwright, and checking its evidence view.

Playwright never downloads a browser here: it is pointed at /usr/bin/chromium (or $LSCP_CHROMIUM).
Tests that need the browser skip, saying why, where it or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LSCP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "out" / "screenshots"


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements.lock)"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM}: apt-get install chromium (or set LSCP_CHROMIUM)"
    return None


@contextmanager
def browser_page(width: int = 1400, height: int = 1000):
    """A Playwright page in headless Chromium that may load file:// URLs only: any other request fails and is
    recorded in page.outside_requests."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            outside: list[str] = []
            errors: list[str] = []

            def route(route):
                if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.outside_requests = outside
            page.script_errors = errors
            yield page
        finally:
            browser.close()


def screenshot(page, tmp_path: Path, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot into the test's folder and into out/screenshots/ (not committed)."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)
    return path


def evidence_problems(page, fact_id: str, sentence: str, matched: str, *, expect_image: bool) -> list[str]:
    """Click the number of ``fact_id`` and compare the evidence view with what the warehouse says: the sentence,
    the matched words (the page text at char_start:char_end) and, for a PDF, a rendered page with boxes."""
    link = page.locator(f'a.fact[data-fact="{fact_id}"]').first
    link.scroll_into_view_if_needed()
    link.click()
    panel = page.locator("#evidence")
    panel.wait_for(state="visible", timeout=5000)
    problems = []
    if panel.get_attribute("data-fact") != fact_id:
        problems.append(f"the panel shows fact {panel.get_attribute('data-fact')}, not {fact_id}")
    shown = page.locator("#evidence-sentence").inner_text()
    if " ".join(shown.split()) != " ".join(sentence.split()):
        problems.append(f"sentence shown {shown!r}, expected {sentence!r}")
    marks = page.locator("#evidence-sentence mark")
    if marks.count() != 1:
        problems.append(f"{marks.count()} highlighted parts, expected 1")
    elif marks.first.inner_text() != matched:
        problems.append(f"highlighted {marks.first.inner_text()!r}, expected {matched!r}")
    if expect_image:
        images = page.locator("#evidence-pages .page-image img")
        if images.count() == 0:
            problems.append("no page image")
        else:
            images.first.wait_for(state="visible", timeout=5000)
            loaded = page.evaluate("img => img.complete && img.naturalWidth > 0", images.first.element_handle())
            if not loaded:
                problems.append("the page image did not load")
            if page.locator("#evidence-pages .page-image .box").count() == 0:
                problems.append("no word boxes drawn over the page")
    return problems

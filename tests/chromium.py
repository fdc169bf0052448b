"""Headless Chromium for the page tests: the browser, a watched page (off-host requests fail), screenshots."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for a module's tests. Not one for the whole run: playwright's sync API keeps an asyncio loop
    running while it is open, and asyncio.run (export-static, through CliRunner) then fails in later modules."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Watched:
    """A page whose off-host requests are aborted and recorded, with its console errors."""

    def __init__(self, page: Page) -> None:
        self.page, self.external, self.errors = page, [], []  # type: ignore[var-annotated]
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", self._route)

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        if re.match(r"^https?://127\.0\.0\.1[:/]", route.request.url):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def open(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_selector("html[data-atlas-ready]", timeout=20000)
        return self.page

    def check(self) -> None:
        assert self.external == [], f"requests off 127.0.0.1: {self.external}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = Watched(context.new_page())
    yield w
    w.check()
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def until(page: Page, script: str, tries: int = 100) -> None:
    """Wait until a script is true (wait_for_function evaluates a string, which the pages' CSP refuses once
    it has to poll: it passes only when the first try is already true)."""
    for _ in range(tries):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")

"""Headless Chromium for the UI tests: Debian's chromium driven by Playwright's Python
client (``executable_path``; Playwright's own browser download is never used).

Started with --headless --no-sandbox --disable-gpu --disable-background-networking.
``Console`` records what a page reports: console errors, uncaught exceptions, failed
requests and HTTP error responses. Tests skip with a clear message when Chromium or
Playwright cannot be had (scripts/ensure_chromium.sh installs Chromium as root).
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    env = os.environ.get("NEWSEVENTS_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_browser() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed: run scripts/ensure_chromium.sh as root "
                    "(apt-get install chromium) or set NEWSEVENTS_CHROMIUM")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the Python package `playwright` is not installed in .venv")
    return path


@dataclass
class Console:
    errors: list[str] = field(default_factory=list)      # console.error / uncaught exceptions
    failed: list[str] = field(default_factory=list)      # requests that failed or were blocked
    messages: list[str] = field(default_factory=list)    # every console message

    def attach(self, page, *, http_errors: bool = True) -> None:
        def on_console(msg):
            self.messages.append(f"{msg.type}: {msg.text}")
            if msg.type == "error":
                self.errors.append(f"console.error: {msg.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: self.failed.append(f"{req.url}: {req.failure}"))
        if http_errors:
            page.on("response", lambda r: self.failed.append(f"{r.url}: HTTP {r.status}")
                    if r.status >= 400 else None)


@contextmanager
def browser() -> Iterator:
    """A headless Chromium browser (Playwright Browser)."""
    path = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()

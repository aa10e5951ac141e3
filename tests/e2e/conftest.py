"""End-to-end fixtures: a real server (loopback, session Checker) and Debian's headless Chromium
driven by Playwright for Python. Skips, with the reason, where either is missing; see
REQUIREMENTS.md beside this file for what CI installs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for cand in (os.environ.get("GROUNDCHECK_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def _skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "e2e: Playwright for Python is not installed (pip install playwright==1.65.2; no `playwright install` needed)"
    if chromium_path() is None:
        return "e2e: no Chromium at /usr/bin/chromium (apt-get install -y chromium fonts-dejavu-core) or $GROUNDCHECK_CHROMIUM"
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return "e2e: the server extra (fastapi, uvicorn) is not installed"
    return None


@pytest.fixture(scope="session")
def e2e_out() -> Path:
    """Where screenshots and downloads of this run go (GROUNDCHECK_TEST_OUTPUT, else out/e2e)."""
    base = os.environ.get("GROUNDCHECK_TEST_OUTPUT")
    out = (Path(base) if base else ROOT / "out") / "e2e"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def shot(e2e_out):
    """shot(page, name): a PNG in the run's output; also into docs/screenshots/ when
    GROUNDCHECK_UPDATE_SCREENSHOTS=1 (how the docs' pictures are made)."""
    update = os.environ.get("GROUNDCHECK_UPDATE_SCREENSHOTS") == "1"

    def take(page, name: str, **kwargs) -> Path:
        path = e2e_out / f"{name}.png"
        page.screenshot(path=str(path), **kwargs)
        print(f"screenshot: {path}")
        if update:
            docs = ROOT / "docs" / "screenshots"
            docs.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / f"{name}.png")
        return path

    return take


@pytest.fixture(scope="module")
def browser():
    # module scope: Playwright's sync API keeps an event loop running in this thread while it is
    # open, which would break `asyncio.run()` in tests that run after these
    reason = _skip_reason()
    if reason:
        print(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def server_url(browser, checker):
    from groundcheck.server import ServerSettings, create_app
    from groundcheck.server.testing import serve_in_thread

    with serve_in_thread(create_app(ServerSettings(), checker=checker)) as url:
        yield url


def pytest_terminal_summary(terminalreporter):
    """Say why the browser tests did not run, even without `pytest -rs`: never skip silently."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "tests/e2e/" in str(getattr(r, "nodeid", ""))]
    if skipped:
        reason = _skip_reason() or "see `pytest -rs`"
        terminalreporter.write_line(f"{len(skipped)} browser test(s) skipped: {reason}", yellow=True)

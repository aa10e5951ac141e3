"""The page at / and the HTML report in real headless Chromium: submit the seed pair, select the
Wang Yi claim, see the contradicting evidence highlighted and scrolled into view; keyboard;
360 px; export; offline. Screenshots go to the run's output (see conftest.py)."""

from __future__ import annotations

import json

import pytest

WANG_YI = "US Secretary of State Wang Yi"
EVIDENCE = "Chinese Foreign Minister Wang Yi"


def _context(browser, **kwargs):
    # generous timeouts: CI machines are small and may be busy
    ctx = browser.new_context(**kwargs)
    ctx.set_default_timeout(60_000)
    return ctx


def _watch(page, allowed: tuple[str, ...]) -> dict:
    """Record console errors (a CSP violation is one) and any request outside `allowed`."""
    seen: dict = {"errors": [], "foreign": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(allowed) else seen["foreign"].append(r.url))
    return seen


def _check_wang_yi(page) -> None:
    claim = page.locator("#gc-derived-text mark.claim", has_text=WANG_YI)
    claim.click()
    assert claim.get_attribute("aria-pressed") == "true"
    assert "v-contradicted" in claim.get_attribute("class")
    assert "Contradicted" in page.locator("#gc-verdict").inner_text()
    assert page.locator("#gc-error-type").inner_text() == "role"
    assert float(page.locator("#gc-p").inner_text()) < 0.5
    assert "Chinese Foreign Minister" in page.locator("#gc-reason").inner_text()
    primary = page.locator("#gc-source-text mark.ev.primary")
    assert primary.count() >= 1
    text = " ".join(primary.all_text_contents())
    assert EVIDENCE in text
    assert "rel-contradicts" in primary.first.get_attribute("class")
    # the source pane was scrolled so that the highlight is inside its visible box
    pane = page.locator("#gc-source-text").bounding_box()
    box = primary.first.bounding_box()
    assert pane and box
    assert pane["y"] - 1 <= box["y"] and box["y"] + box["height"] <= pane["y"] + pane["height"] + 1


@pytest.fixture(scope="module")
def checked_page(browser, server_url, seed_texts, shot):
    context = _context(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    seen = _watch(page, (server_url, "blob:", "data:"))
    page.goto(server_url + "/")
    source, derived = seed_texts
    page.locator("#gc-sources textarea").first.fill(source)
    page.locator("#gc-derived").fill(derived)
    shot(page, "page-input")
    page.locator("#gc-submit").click()
    page.wait_for_selector("#gc-derived-text mark.claim", timeout=90_000)
    page.seen = seen  # type: ignore[attr-defined]
    yield page
    context.close()


def test_submit_seed_pair_and_select_the_wang_yi_claim(checked_page, shot):
    page = checked_page
    assert page.locator("#gc-status").inner_text().startswith("Checked 16 claims")
    counts = {b.get_attribute("data-label"): int(b.locator(".n").inner_text()) for b in page.locator("button.count").all()}
    assert counts["contradicted"] >= 1 and sum(counts.values()) == 16
    assert 0.0 <= float(page.locator("#gc-faithfulness").inner_text()) <= 1.0
    assert page.locator(".om-list li").count() >= 1
    _check_wang_yi(page)
    shot(page, "page")
    assert page.seen["errors"] == [], page.seen["errors"]  # no CSP violation, no script error
    assert page.seen["foreign"] == [], page.seen["foreign"]  # nothing fetched from elsewhere


def test_claims_are_marked_by_icon_and_underline_not_colour_alone(checked_page):
    page = checked_page
    for label, icon, style in (("supported", "\u2713", "solid"), ("contradicted", "\u2717", "wavy"), ("unsupported", "?", "dashed")):
        mark = page.locator(f"#gc-derived-text mark.claim.v-{label}").first
        assert mark.locator(".ico").inner_text() == icon
        assert mark.evaluate("e => getComputedStyle(e).textDecorationStyle") == style
        assert label in mark.locator(".sr-only").inner_text()  # and in words, for screen readers


def test_keyboard_moves_between_claims(checked_page):
    page = checked_page
    first = page.locator("#gc-derived-text mark.claim").first
    first.focus()
    page.keyboard.press("Enter")
    assert first.get_attribute("aria-pressed") == "true"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.textContent")
    assert WANG_YI in focused
    assert "Contradicted" in page.locator("#gc-verdict").inner_text()
    assert EVIDENCE in " ".join(page.locator("#gc-source-text mark.ev.primary").all_text_contents())
    page.keyboard.press("End")
    last = page.locator("#gc-derived-text mark.claim").last
    assert last.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Home")
    assert first.get_attribute("aria-pressed") == "true"
    # Tab reaches the claims from the summary bar
    page.locator("#gc-export-html").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('claim')")


def test_export_json_and_self_contained_html(checked_page, browser, e2e_out, shot):
    page = checked_page
    with page.expect_download() as info:
        page.locator("#gc-export-json").click()
    report = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert report["schema"] == "groundcheck.report/1" and len(report["claims"]) == 16

    with page.expect_download() as info:
        page.locator("#gc-export-html").click()
    exported = e2e_out / "exported-report.html"
    info.value.save_as(str(exported))
    html = exported.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "http://" not in html.split('id="gc-data"')[0]

    ctx = _context(browser, viewport={"width": 1280, "height": 900}, offline=True)
    try:
        p2 = ctx.new_page()
        seen = _watch(p2, ("file://", "blob:", "data:"))
        p2.goto(exported.as_uri())
        p2.wait_for_selector("#gc-derived-text mark.claim")
        assert p2.locator("#gc-form").count() == 0  # a report file, not the input page
        _check_wang_yi(p2)
        assert seen["errors"] == [] and seen["foreign"] == []
    finally:
        ctx.close()


def test_page_at_360px(checked_page, shot):
    page = checked_page
    page.set_viewport_size({"width": 360, "height": 800})
    claim = page.locator("#gc-derived-text mark.claim", has_text=WANG_YI)
    claim.scroll_into_view_if_needed()
    _check_wang_yi(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px"
    claim.evaluate("e => { e.closest('.pane').scrollIntoView({block: 'start'}); e.scrollIntoView({block: 'start'}); }")
    shot(page, "page-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_html_report_file(browser, checker, monkeypatch, seed_texts, e2e_out, shot):
    """`groundcheck check source.txt rewrite.txt --format html > report.html`, opened offline."""
    from typer.testing import CliRunner

    import groundcheck.cli as cli

    monkeypatch.setattr(cli, "build_checker", lambda *a, **k: checker)  # the session's models
    src, der = e2e_out / "source.txt", e2e_out / "rewrite.txt"
    src.write_text(seed_texts[0], encoding="utf-8")
    der.write_text(seed_texts[1], encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["check", str(src), str(der), "--format", "html"])
    assert result.exit_code == 0, result.output
    path = e2e_out / "report.html"
    path.write_text(result.stdout, encoding="utf-8")
    ctx = _context(browser, viewport={"width": 1280, "height": 900}, offline=True)
    try:
        page = ctx.new_page()
        seen = _watch(page, ("file://", "data:"))
        page.goto(path.as_uri())
        page.wait_for_selector("#gc-derived-text mark.claim")
        _check_wang_yi(page)
        shot(page, "report")
        # an omission highlights its sentence in the source
        page.locator("button.om").first.click()
        assert page.locator("#gc-source-text mark.ev.rel-omission").count() >= 1
        assert seen["errors"] == [] and seen["foreign"] == []
    finally:
        ctx.close()


def test_page_reports_errors(browser, server_url):
    from playwright.sync_api import expect

    ctx = _context(browser, viewport={"width": 1000, "height": 800})
    try:
        page = ctx.new_page()
        page.goto(server_url + "/")
        page.locator("#gc-derived").fill("Some derived text.")
        page.locator("#gc-submit").click()
        assert "at least one source" in page.locator("#gc-error").inner_text()
        german = "Der Hund läuft schnell über die Straße und bellt laut, weil er großen Hunger hat und müde ist."
        page.locator("#gc-sources textarea").first.fill(german)
        page.locator("#gc-derived").fill(german)
        page.locator("#gc-submit").click()
        # (Playwright's expect polls from its own script: page.wait_for_function would need the
        # 'unsafe-eval' that the page's Content-Security-Policy rightly forbids)
        expect(page.locator("#gc-error")).to_contain_text("[GC107]", timeout=60_000)
        assert page.locator("#gc-results").is_hidden()
    finally:
        ctx.close()

"""The self-contained HTML report (render/html.py) and `groundcheck check --format html`."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from groundcheck.render.html import asset, content_security_policy, embed_json, page_html, render_html


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="gc-data">(.*?)</script>', html, re.S)
    assert m, "no embedded report"
    return json.loads(m.group(1))


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.fixture(scope="module")
def seed_html(seed_report) -> str:
    return render_html(seed_report)


def test_report_html_embeds_report_and_both_texts(seed_html, seed_report, seed_texts):
    data = _data(seed_html)
    assert data["mode"] == "report"
    res = data["result"]
    assert res["report"] == json.loads(json.dumps(seed_report.to_dict()))
    assert res["derived"] == {"id": seed_report.derived.id, "text": seed_texts[1]}
    assert res["sources"] == [{"id": "source", "text": seed_texts[0]}]
    (claim,) = [c for c in res["report"]["claims"] if "Secretary of State Wang Yi" in c["text"]]
    assert claim["label"] == "contradicted"
    ev = claim["evidence"][0]
    assert res["sources"][0]["text"][ev["start"] : ev["end"]] == "Chinese Foreign Minister Wang Yi"


def test_report_html_is_self_contained_and_ascii(seed_html):
    assert seed_html.startswith("<!DOCTYPE html>")
    assert seed_html.isascii()  # safe for any stdout encoding; the texts travel as \\u escapes
    assert "http://" not in seed_html and "https://" not in seed_html
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=\"(?!data:)", seed_html)
    assert seed_html.count("<script") == 2  # the data and the viewer, both inline
    assert "@import" not in seed_html and "url(" not in asset("app.css")


def test_csp_pins_the_inline_script_and_style(seed_html):
    csp = content_security_policy()
    assert "default-src 'none'" in csp
    assert _sha(asset("app.js")) in csp and _sha(asset("app.css")) in csp
    js = re.search(r'<script id="gc-js">(.*?)</script>\n</body>', seed_html, re.S).group(1)
    css = re.search(r'<style id="gc-css">(.*?)</style>', seed_html, re.S).group(1)
    assert js == asset("app.js") and css == asset("app.css")  # byte for byte, so the hashes match
    assert 'http-equiv="Content-Security-Policy"' in seed_html


def test_assets_are_ascii_and_never_use_inner_html():
    js = asset("app.js")
    assert js.isascii() and asset("app.css").isascii()
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    assert "document.write" not in js
    for text in (js, asset("app.css")):  # nothing that could end or confuse an inline element
        assert "</script" not in text.lower() and "</style" not in text.lower() and "<!--" not in text and "<script" not in text


def test_hostile_text_cannot_break_out_of_the_data_block():
    evil = "</script><script>alert(1)</script><!-- @@JS@@ @@CSS@@ \u2028 &amp;"
    html = page_html({"mode": "report", "result": {"report": {"claims": []}, "derived": {"id": evil, "text": evil}, "sources": []}}, title=evil)
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 2
    assert _data(html)["result"]["derived"]["text"] == evil  # round-trips exactly
    assert "<title>&lt;/script&gt;" in html
    assert html.count(asset("app.js")) == 1  # placeholders inside user text are not expanded


def test_embed_json_escapes():
    out = embed_json({"a": "<>&\u2028é"})
    assert out.isascii()
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"a": "<>&\u2028é"}


def test_cli_check_format_html(monkeypatch, checker, tmp_path, seed_texts):
    from typer.testing import CliRunner

    import groundcheck.cli as cli

    monkeypatch.setattr(cli, "build_checker", lambda *a, **k: checker)
    src, der = tmp_path / "source.txt", tmp_path / "rewrite.txt"
    src.write_text(seed_texts[0], encoding="utf-8")
    der.write_text(seed_texts[1], encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["check", str(src), str(der), "--format", "html"])
    assert result.exit_code == 0, result.output
    html = result.stdout
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    data = _data(html)
    assert data["result"]["derived"]["id"] == "rewrite.txt"
    assert data["result"]["sources"][0]["id"] == "source.txt"
    assert "<title>groundcheck report: rewrite.txt</title>" in html

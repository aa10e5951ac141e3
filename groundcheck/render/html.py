"""Report -> one self-contained HTML page: the derived text and the source side by side, every
claim highlighted by verdict (icon + underline style + colour), its reason and evidence on
selection, the summary bar and the omissions.

The same page (same CSS and JavaScript, from `render/assets/`) is served by `groundcheck serve`
at `/`, where it posts to `/v1/check`; here the report is embedded as JSON so the file works
offline and alone. Nothing is loaded from elsewhere: no CDN, no web font, no image. A
Content-Security-Policy pins the inline script and style by hash.

    from groundcheck.render.html import render_html
    Path("report.html").write_text(render_html(report), encoding="utf-8")
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from ..types import Report

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="groundcheck">
<title>@@TITLE@@</title>
<link rel="icon" href="data:,">
<style id="gc-css">@@CSS@@</style>
</head>
<body>
<div id="gc-app" class="app"></div>
<noscript><p class="app">This page needs JavaScript to show the report. The report itself is the JSON in the
script element with id "gc-data" in this file.</p></noscript>
<script type="application/json" id="gc-data">@@DATA@@</script>
<script id="gc-js">@@JS@@</script>
</body>
</html>
"""


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a packaged asset (read once; the files are part of the package)."""
    return (resources.files("groundcheck.render") / "assets" / name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy() -> str:
    """The policy the page carries: only its own inline script and style, and fetches to its own origin."""
    return (
        "default-src 'none'; "
        f"script-src '{_sha256(asset('app.js'))}'; "
        f"style-src '{_sha256(asset('app.css'))}'; "
        "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
    )


def embed_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no '</script>', no '<!--', ASCII only."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_html(data: dict[str, Any], *, title: str = "groundcheck") -> str:
    """The viewer page with `data` as its state (see app.js for the shape)."""
    values = {
        "CSP": html.escape(content_security_policy(), quote=True),
        "TITLE": html.escape(title, quote=False),
        "CSS": asset("app.css"),
        "DATA": embed_json(data),
        "JS": asset("app.js"),
    }
    # Split the template on its placeholders and join once, so that no inserted text (a
    # user's document could contain "@@JS@@") is ever searched for placeholders.
    parts = re.split(r"@@([A-Z]+)@@", _TEMPLATE)
    return "".join(values[p] if i % 2 else p for i, p in enumerate(parts))


def report_result(report: Report) -> dict[str, Any]:
    """The report's JSON contract together with the texts its offsets point into."""
    return {
        "report": report.to_dict(),
        "derived": {"id": report.derived.id, "text": report.derived.text},
        "sources": [{"id": d.id, "text": d.text} for d in report.sources],
    }


def render_html(report: Report, *, title: str | None = None) -> str:
    """A single self-contained HTML file showing `report` (ASCII only, works offline)."""
    return page_html(
        {"mode": "report", "result": report_result(report)},
        title=title or f"groundcheck report: {report.derived.id}",
    )

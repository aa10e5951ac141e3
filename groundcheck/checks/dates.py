"""Dates and times: weekdays, month-days, months and years that differ from the source's.

Relative days ("yesterday") in the source are resolved against its dateline or timestamp when
it gives a full date, so "Thursday" in a rewrite matches "yesterday" in a Friday article.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..types import Span
from .base import ClaimContext, quote, register
from .quantities import dates

MIN_TOPIC = 0.3
_FULL = re.compile(
    r"\b(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b"
    r"|\b(?P<day2>\d{1,2})\s+(?P<mon2>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<year2>\d{4})\b"
)


def publication_weekday(ctx: ClaimContext) -> int | None:
    cached = getattr(ctx.index, "_pub_weekday", "unset")
    if cached != "unset":
        return cached  # type: ignore[return-value]
    wd = None
    for doc in ctx.work.sources:
        head = doc.text[:400]
        for bp in ctx.work.boilerplate.get(doc.id, ()):
            if bp.kind in {"timestamp", "dateline"}:
                head = bp.text + " " + head
        m = _FULL.search(head)
        if m:
            mon = m.group("mon") or m.group("mon2")
            day = m.group("day") or m.group("day2")
            year = m.group("year") or m.group("year2")
            try:
                wd = datetime.strptime(f"{mon} {day} {year}", "%B %d %Y").weekday()
            except ValueError:
                wd = None
            break
    ctx.index._pub_weekday = wd  # type: ignore[attr-defined]
    return wd


@register("dates")
def check_dates(ctx: ClaimContext) -> list:
    mine = [d for d in dates(ctx.sentence.span.text) if ctx.in_claim(d.start, d.end)]
    if not mine:
        return []
    wd = publication_weekday(ctx)
    out = []
    for d in mine:
        for cand in ctx.candidates:
            if cand.coverage < MIN_TOPIC:
                continue
            theirs = [x for x in dates(cand.passage.text, weekday_today=wd) if x.kind == d.kind]
            if not theirs:
                continue
            if any(x.value == d.value for x in theirs):
                break
            x = theirs[0]
            src = Span(cand.passage.doc, cand.passage.start + x.start, cand.passage.start + x.end)
            out.append(
                ctx.finding(
                    "dates",
                    "date",
                    "contradicted",
                    f"source: \u201c{x.text}\u201d; rewrite: \u201c{d.text}\u201d (\u201c{quote(cand.passage.text, 100)}\u201d)",
                    at=(d.start, d.end),
                    source=src,
                    confidence=0.85,
                )
            )
            break
    return out

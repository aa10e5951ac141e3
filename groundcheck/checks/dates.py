"""Dates and times: weekdays, month-days, months and years that differ from the source's.

Relative days ("yesterday") in the source are resolved against its dateline or timestamp when
it gives a full date, so "Thursday" in a rewrite matches "yesterday" in a Friday article.
Relative periods ("this year", "last month", "two weeks ago") are compared as phrases, and only
between a claim and a passage that otherwise say nearly the same thing: "last year" for the
source's "this year" in the same sentence is a changed date, while a passage that merely mentions
another period elsewhere says nothing about the claim's.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..types import Span
from .base import ClaimContext, quote, register
from .quantities import dates

MIN_TOPIC = 0.3
SAME_SENTENCE = 0.7  # claim words (without the period phrase) found in the passage, for relative periods
_UNITS = r"(?:week|weekend|month|year|season|summer|winter|spring|autumn|fall|decade|century|quarter|term)"
_RELATIVE = re.compile(
    rf"\b(?:(?:this|last|next|past|coming|previous|following)\s+{_UNITS}"
    rf"|(?:yesterday|today|tomorrow|tonight)"
    rf"|(?:\d{{1,3}}(?:,\d{{3}})+|\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s+{_UNITS}s?\s+(?:ago|earlier|later))\b",
    re.I,
)


def relative_periods(text: str) -> list[re.Match]:
    return list(_RELATIVE.finditer(text))


def _norm(m: re.Match) -> str:
    # "9,000 years ago" and "9000 years ago" are the same period
    text = re.sub(r"(?<=\d),(?=\d{3})", "", m.group().lower())
    return re.sub(r"\s+", " ", text).replace("past ", "last ").replace("previous ", "last ")


_PART_OF = {"year": {"season", "summer", "winter", "spring", "autumn", "fall", "quarter", "term"}, "week": {"weekend"}}


def _compatible(a: str, b: str) -> bool:
    """"last season" and "last summer" lie within "last year" (a football season is called both): the
    same modifier with a unit and a part of it is not a changed date."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != 2 or len(wb) != 2 or wa[0] != wb[0]:
        return False
    ua, ub = wa[1].rstrip("s"), wb[1].rstrip("s")
    if {ua, ub} == {"season", "term"}:
        return True  # a football season is also called a term
    return ub in _PART_OF.get(ua, ()) or ua in _PART_OF.get(ub, ())


def _relative_findings(ctx: ClaimContext) -> list:
    from ..pipeline.lexical import content_stems

    text = ctx.sentence.span.text
    mine = [m for m in relative_periods(text) if ctx.in_claim(m.start(), m.end())]
    out = []
    if len(mine) != 1:
        return out  # with several periods in a claim we cannot tell which one the passage's stands for
    for m in mine:
        claim_rest = content_stems(ctx.claim.text.replace(m.group(), " "))
        if not claim_rest:
            continue
        for cand in ctx.candidates:
            theirs = relative_periods(cand.passage.text)
            if len(theirs) != 1 or _compatible(_norm(theirs[0]), _norm(m)):
                continue
            stems = set(content_stems(cand.passage.text))
            if sum(1 for t in claim_rest if t in stems) / len(claim_rest) < SAME_SENTENCE:
                continue
            x = theirs[0]
            src = Span(cand.passage.doc, cand.passage.start + x.start(), cand.passage.start + x.end())
            out.append(
                ctx.finding(
                    "dates",
                    "date",
                    "contradicted",
                    f"source: \u201c{x.group()}\u201d; rewrite: \u201c{m.group()}\u201d (\u201c{quote(cand.passage.text, 100)}\u201d)",
                    at=(m.start(), m.end()),
                    source=src,
                    confidence=0.8,
                )
            )
            break
    return out
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
        return _relative_findings(ctx) or _edited_dates(ctx)
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
    return out + _relative_findings(ctx) or _edited_dates(ctx)


_DATE_WORD = re.compile(
    r"(?:1[89]|20)\d\d(?:-(?:1[89]|20)?\d\d)?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
    rf"|{_UNITS}s?|day|days|yesterday|today|tomorrow|tonight",
    re.I,
)


def _edited_dates(ctx: ClaimContext) -> list:
    """A near-copy of a source sentence with one date word changed: a year where the claim's new year
    also stands in the sentence ("until late 2016 or early 2017" -> "late 2017 or early 2017"), a range
    ("2006-2007" -> "2007-2007"), a unit of a relative period ("last week" -> "last month")."""
    for e in ctx.edits():
        if e.old.lower() == e.new.lower() or not (_DATE_WORD.fullmatch(e.old) and _DATE_WORD.fullmatch(e.new)):
            continue
        if _compatible(e.old.lower(), e.new.lower()) or _compatible("last " + e.old.lower(), "last " + e.new.lower()):
            continue  # "last season" for "last year"
        return [ctx.edit_finding("dates", "date", e)]
    return []

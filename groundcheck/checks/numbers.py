"""Numbers: a value the source gives differently for the same thing is a contradiction.

Quantities are compared only with quantities of the same unit (hours with hours, percent with
percent, dollars with dollars) in the claim's evidence passages, and qualifiers are honoured:
"about 5 hours" agrees with "five hours and ten minutes", "more than 300" with "320".
"""

from __future__ import annotations

import re

from ..types import Span
from .base import ClaimContext, quote, register
from .quantities import ORDINALS, SCALES, _value, quantities

MIN_TOPIC = 0.3  # a passage must share this much of the claim's wording to be compared
_YEAR = re.compile(r"(1[89]|20)\d\d")
_SPACED = re.compile(r"(?<=\d)([,.]) (?=\d)")  # "13, 000" and "98. 7": separators spaced out by detokenised text
_LITERAL = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")
_SCALE_AFTER = re.compile(r"\s?(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b", re.I)


def _stated(ctx: ClaimContext, text: str) -> bool:
    """Whether a number written with a separator ("13,000", "98.7") stands in the source as it is, perhaps
    spaced out ("13, 000"). Read as two numbers there, it would look like another value. A scale word
    after it must stand there too: "$3.1 million" is not stated by "$3.1 billion"."""
    lits = list(_LITERAL.finditer(text))
    if not lits:
        return False
    closed = ctx.index.memo("closed_numbers", lambda: _SPACED.sub(r"\1", ctx.index.text))

    def found(m: re.Match) -> bool:
        scale = _SCALE_AFTER.match(text, m.end())
        after = r"\s?" + re.escape(scale.group(1)) + r"\b" if scale else r"(?![\d]|[,.]\d)"
        return re.search(r"(?<![\d,.])" + re.escape(m.group()) + after, closed, re.I) is not None

    return all(found(m) for m in lits)


def _restates(q, s) -> bool:
    """Whether a number without a unit in the claim may be the source's `s`, stated elsewhere. A point may be
    a number of any unit there ("Gemma, 23," is the source's "23-year-old"); a score or range must be
    written the same ("1-2" is not the "2 goals" of another sentence)."""
    if s.unit is None or q.high is None:
        return q.compatible(s)
    return (s.value, s.high) == (q.value, q.high)


@register("numbers")
def check_numbers(ctx: ClaimContext) -> list:
    claim_q = [q for q in quantities(ctx.sentence.span.text) if ctx.in_claim(q.start, q.end)]
    if not claim_q:
        return _edited_numbers(ctx)
    passages = [c for c in ctx.candidates if c.coverage >= MIN_TOPIC]
    out = []
    for q in claim_q:
        rivals = []
        agreed = False
        for cand in passages:
            for s in quantities(cand.passage.text):
                same = q.same_span(s) if s.unit != q.unit else None
                if s.unit != q.unit and same is None:
                    continue
                if same or (same is None and q.compatible(s)):
                    agreed = True
                    break
                rivals.append((cand, s))
            if agreed:
                break
        if agreed or not rivals or _stated(ctx, q.text):
            continue
        if q.unit is None and max(c.coverage for c, _ in rivals) < 0.6:
            continue  # bare numbers need a passage that says nearly the same thing
        if q.unit is None and any(
            _restates(q, s) for s in ctx.index.memo("quantities", lambda: quantities(ctx.index.text))
        ):
            continue  # a bare number the source states elsewhere
        # the same digits with another scale ("$3.1 million" for "$3.1 billion") is the figure changed, whatever
        # else the passages hold
        cand, s = next((r for r in rivals if _digits(r[1].text) == _digits(q.text)), rivals[0])
        src = cand.passage
        span = Span(src.doc, src.start + s.start, src.start + s.end)
        out.append(
            ctx.finding(
                "numbers",
                "number",
                "contradicted",
                f"source: \u201c{s.text.strip()}\u201d; rewrite: \u201c{q.text.strip()}\u201d "
                f"(\u201c{quote(src.text, 100)}\u201d)",
                at=(q.start, q.end),
                source=span,
                confidence=0.85,
            )
        )
    return out or _edited_numbers(ctx)


def number_value(word: str) -> float | None:
    """The value of one word that is a number ("12", "1,200", "five", "three-and-a-half": its head);
    None for anything else, years included (those are dates)."""
    head = word.lower().split("-")[0]
    v = _value(head)
    if v is None or _YEAR.fullmatch(head):
        return None
    return v


def _edited_numbers(ctx: ClaimContext) -> list:
    """A near-copy of a source sentence with one number or ordinal changed ("three-and-a-half seasons" ->
    "four-and-a-half"), also where the new number stands elsewhere in the source, which the unit-wise
    comparison above lets pass."""
    for e in ctx.edits():
        old, new = number_value(e.old), number_value(e.new)
        if old is None or new is None:
            # an order changed ("at the end of the third quarter" -> "second quarter")
            old, new = ORDINALS.get(e.old.lower()), ORDINALS.get(e.new.lower())
        if old is None or new is None or old == new or e.old.lower() == e.new.lower() or _same_span(e.old, e.new):
            continue
        return [ctx.edit_finding("numbers", "number", e)]
    return []


def _same_span(old: str, new: str) -> bool:
    """Whether two words are one span of time in different units ("one-year", "12-month")."""
    a, b = quantities(old), quantities(new)
    return len(a) == len(b) == 1 and bool(a[0].same_span(b[0]))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch == ".")

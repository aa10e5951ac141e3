"""Quotes: quoted words must be the source's words, from the source's speaker.

- Text inside quotation marks must occur in the source (case, punctuation and quote styles
  ignored; an ellipsis may skip words). A close but different wording is `quote_altered`.
- The speaker of a quote (or of reported speech: "X said that ...") must be the source's
  speaker. Giving one person's words to another is `quote_speaker`; giving them to several
  ("both of them observed ...") when one person said them is `quote_speaker` too, unsupported.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from ..pipeline.lexical import content_stems
from .base import ClaimContext, Parsed, quote, register
from .names import same_person

_QUOTED = re.compile(
    # single quotes double as apostrophes: inside a quotation, one between two letters ("didn’t")
    # does not close it
    r"\u201c([^\u201d]{2,600})\u201d|\"([^\"]{2,600})\"|(?<!\w)\u2018((?:[^\u2019]|(?<=\w)\u2019(?=\w)){6,300})\u2019(?!\w)"
    # straight single quotes: the opener must touch its first word and not start a contraction
    # ("golfer 's girlfriend" in tokenized text), the closer must touch its last word
    r"|(?<![\w'])'(?=\S)(?!(?:s|t|re|ll|ve|d|m)\b)((?:[^'\n]|(?<=\w)'(?=\w)){6,300}?)(?<=\S)'(?![\w'])"
)
_ELLIPSIS = re.compile(r"\.\.\.|\u2026|\[\.\.\.\]")
_NORM = re.compile(r"[^\w\s]+")
SPEECH = {
    "say", "tell", "state", "add", "note", "observe", "remark", "stress", "emphasize", "emphasise", "argue",
    "claim", "insist", "warn", "explain", "declare", "announce", "write", "reiterate", "point", "comment",
    "assert", "suggest", "acknowledge", "admit", "maintain", "allege", "urge", "describe", "recall", "agree",
    "report", "reply", "ask", "conclude", "continue", "concede",
}
PLURAL_SUBJECTS = {"both", "two", "all", "everyone", "leaders", "sides"}
MIN_WORDS = 3


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    # "&" is how titles and names write "and" ("Willy Wonka & the Chocolate Factory"); either is the same words
    text = text.replace("&", " and ")
    # a syndicated copy may respell a quote for its readers ("Ageing is a disease" -> "Aging is a
    # disease"): the speaker's words are the same, so both sides are compared in American spelling
    us = _american_spelling()
    return " ".join(us.get(w, w) for w in _NORM.sub(" ", text.lower()).split())


@lru_cache(maxsize=1)
def _american_spelling() -> dict[str, str]:
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return BRITISH_ENGLISH_SPELLINGS


@lru_cache(maxsize=4)
def _norm_source(text: str) -> str:
    # every claim's quotes are looked up in the same source text: normalise it once per check
    return _norm(text)


def _speaker(doc, span_start: int, span_end: int) -> tuple[str | None, bool]:
    """(speaker name, plural?) for speech inside [span_start, span_end) of a parsed sentence: the
    subject of the speech verb nearest to that span ("Miliband warned ..., as Sturgeon told him he is
    'not strong enough'": Sturgeon)."""
    def distance(tok) -> int:  # the sentence's own parse: token offsets are sentence offsets
        at = tok.idx
        return 0 if span_start <= at < span_end else min(abs(at - span_start), abs(at - span_end))

    verbs = [
        tok for tok in doc
        if tok.lemma_.lower() in SPEECH and tok.pos_ in {"VERB", "AUX"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
    ]
    verb = min(verbs, key=lambda t: (distance(t), t.i), default=None)
    if verb is None:
        return None, False
    s = next(c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"})
    words = {t.lower_ for t in s.subtree}
    if words & PLURAL_SUBJECTS or any(c.dep_ == "conj" for c in s.children):
        return " ".join(t.text for t in s.subtree), True
    ents = [e for e in doc.ents if e.label_ in {"PERSON", "ORG", "GPE", "NORP"} and e.start <= s.i < e.end]
    # "KFC spokesperson William Rausch": the person speaks, the organisation only describes them
    people = [e for e in doc.ents if e.label_ == "PERSON" and s.left_edge.i <= e.start and e.end <= s.right_edge.i + 1]
    if people and not (ents and ents[0].label_ == "PERSON"):
        return people[-1].text, False
    if ents:
        return ents[0].text, False
    if s.pos_ == "PROPN":
        return s.text, False
    return None, False  # a pronoun or common noun: we cannot tell who without coreference


def _source_quotes(ctx: ClaimContext) -> list[tuple[Parsed, int, int]]:
    cache = getattr(ctx.index, "_quotes", None)
    if cache is None:
        idx = [i for i, s in enumerate(ctx.index.sentences) if _QUOTED.search(s.text)]
        cache = []
        for p in ctx.index.parsed(idx):
            for m in _QUOTED.finditer(p.span.text):
                g = next(i for i in (1, 2, 3, 4) if m.group(i) is not None)
                cache.append((p, m.start(g), m.end(g)))
        ctx.index._quotes = cache  # type: ignore[attr-defined]
    return cache


@register("quotes")
def check_quotes(ctx: ClaimContext) -> list:
    out = []
    sent_text = ctx.sentence.span.text
    src_norm = _norm_source(ctx.index.text)
    for m in _QUOTED.finditer(sent_text):
        g = next(i for i in (1, 2, 3, 4) if m.group(i) is not None)
        qs, qe = m.start(g), m.end(g)
        words = m.group(g)
        if not ctx.in_claim(qs, qe):
            # a quotation the claim splitter cut in two ("'X suffer from dementia and this breakthrough
            # could ...'"): the claim answers for its own part of the quoted words
            lo = max(qs, ctx.claim.start - ctx.sentence.span.start)
            hi = min(qe, ctx.claim.end - ctx.sentence.span.start)
            part = [_norm(p) for p in _ELLIPSIS.split(sent_text[lo:hi]) if _norm(p)] if hi > lo else []
            if len(" ".join(part).split()) < MIN_WORDS or all(p in src_norm for p in part):
                continue
            qs, qe = lo, hi
        pieces = [_norm(p) for p in _ELLIPSIS.split(words) if _norm(p)]
        if not pieces:
            continue
        if len(words.split()) < MIN_WORDS:
            continue  # a scare-quoted word or two ("Orphan Black's", "'total shock'") is not a quotation
        if all(p in src_norm for p in pieces):
            out.extend(_speaker_check(ctx, m.group(g), (qs, qe)))
            continue
        best, score = None, 0.0
        for p, s, e in _source_quotes(ctx):
            r = SequenceMatcher(None, _norm(words), _norm(p.span.text[s:e])).ratio()
            if r > score:
                best, score = (p, s, e), r
        if best is not None and score >= 0.6:
            p, s, e = best
            out.append(
                ctx.finding(
                    "quotes",
                    "quote_altered",
                    "contradicted",
                    f"The quote differs from the source. Source: \u201c{quote(p.span.text[s:e], 120)}\u201d; "
                    f"rewrite: \u201c{quote(words, 120)}\u201d.",
                    at=(qs, qe),
                    source=p.abs(s, e),
                    confidence=0.9,
                )
            )
        elif (near := _near_copy(ctx, words)) is not None:
            # no quotation of the source is close, but an evidence passage holds nearly these words: its
            # quotation marks were lost or unbalanced (a quote running over several paragraphs)
            out.append(
                ctx.finding(
                    "quotes",
                    "quote_altered",
                    "contradicted",
                    f"The quote differs from the source. Source: \u201c{quote(near.text, 120)}\u201d; "
                    f"rewrite: \u201c{quote(words, 120)}\u201d.",
                    at=(qs, qe),
                    source=near,
                    confidence=0.85,
                )
            )
        else:
            # no source quotation is close: the words are not the source's altered, they are not the
            # source's at all
            out.append(
                ctx.finding(
                    "quotes",
                    "extrinsic",
                    "unsupported",
                    f"The quoted words \u201c{quote(words, 100)}\u201d do not occur in the source.",
                    at=(qs, qe),
                    confidence=0.85,
                )
            )
    if not out and not _QUOTED.search(ctx.claim.text):
        out.extend(_reported_speech(ctx))
    return out


NEAR_COPY = 0.8  # share of the quoted words that must stand, in order, in one evidence passage


def _near_copy(ctx: ClaimContext, words: str):
    """The evidence passage that holds most of the quoted words in order, as a Span, if it holds at
    least NEAR_COPY of them."""
    qw = _norm(words).split()
    if len(qw) < 2 * MIN_WORDS:
        return None
    best, best_share = None, 0.0
    for c in ctx.candidates:
        sm = SequenceMatcher(None, qw, _norm(c.passage.text).split(), autojunk=False)
        share = sum(b.size for b in sm.get_matching_blocks()) / len(qw)
        if share > best_share:
            best, best_share = c.passage, share
    return best if best is not None and best_share >= NEAR_COPY else None


def _unknown(ctx: ClaimContext, speaker: str) -> bool:
    """A speaker the source never mentions: the entity check reports an invented name, not a
    misattribution."""
    from .entities import in_source

    return not in_source(ctx.index, speaker, "PERSON") and not in_source(ctx.index, speaker, "ORG")


def _names(ctx: ClaimContext, text: str) -> list:
    """PERSON names of an evidence passage, from the parses the index already holds."""
    out = []
    for p in ctx.evidence:
        if p.span.text in text:
            out.extend(e for e in p.doc.ents if e.label_ == "PERSON")
    return out


def _speaker_check(ctx: ClaimContext, words: str, at: tuple[int, int]) -> list:
    claim_speaker, plural = _speaker(ctx.sentence.doc, *at)
    if claim_speaker is None or (not plural and _unknown(ctx, claim_speaker)):
        return []
    target = _norm(words)
    for p, s, e in _source_quotes(ctx):
        if target[: max(12, len(target) // 2)] not in _norm(p.span.text[s:e]):
            continue
        src_speaker, src_plural = _speaker(p.doc, s, e)
        if src_speaker is None or src_plural:
            return []
        if plural or not same_person(claim_speaker, src_speaker) and claim_speaker.lower() != src_speaker.lower():
            return [
                ctx.finding(
                    "quotes",
                    "quote_speaker",
                    "unsupported" if plural else "contradicted",
                    f"In the source these words are {src_speaker}'s, not {claim_speaker}'s: \u201c{quote(p.span.text, 110)}\u201d",
                    at=at,
                    source=p.abs(s, e),
                    confidence=0.85,
                )
            ]
        return []
    return []


def _reported_speech(ctx: ClaimContext) -> list:
    """"Both of them observed how ..." where one person said it in the source."""
    claim_speaker, plural = _speaker(ctx.sentence.doc, 0, len(ctx.sentence.span.text))
    if claim_speaker is None or (not plural and _unknown(ctx, claim_speaker)):
        return []
    if any(c.coverage >= 0.8 and claim_speaker.lower() in c.passage.text.lower() for c in ctx.candidates):
        return []  # a near-copy of a source passage that names the same speakers ("Reed and Yates agree")
    if not plural and any(
        c.coverage >= 0.5 and any(same_person(claim_speaker, e.text) for e in _names(ctx, c.passage.text)) for c in ctx.candidates
    ):
        return []  # the passage that says what the claim says names this speaker: the source has them say it
    claim_stems = set(content_stems(ctx.claim.text))
    for p, s, e in _source_quotes(ctx):
        q = p.span.text[s:e]
        qs = set(content_stems(q))
        shared = claim_stems & qs
        if len(shared) < 3 or len(shared) / max(1, len(claim_stems)) < 0.25:
            continue
        src_speaker, src_plural = _speaker(p.doc, s, e)
        if src_speaker is None or src_plural:
            continue
        if plural or not same_person(claim_speaker, src_speaker):
            return [
                ctx.finding(
                    "quotes",
                    "quote_speaker",
                    "unsupported" if plural else "contradicted",
                    f"Only {src_speaker} says this in the source, not {claim_speaker}: \u201c{quote(q, 110)}\u201d",
                    source=p.abs(s, e),
                    confidence=0.8,
                )
            ]
    return []

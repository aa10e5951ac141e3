"""What every exact check sees, and the registry that names the checks.

A check is a function `(ClaimContext) -> list[Finding]`. It reads the spaCy parses that the
pipeline already made (through the shared `Analyzer`), never re-parses a text itself, and
reports each error with the span of the claim and the source span that proves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..types import Claim, Finding, Sentence, Span
from ..pipeline.work import Candidate, Work

DECISIVE = 0.75  # findings at or above this confidence set the claim's label on their own (pipeline/verify.py)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span as SpacySpan, Token


@dataclass(frozen=True)
class Parsed:
    """A parsed piece of text (a sentence or passage) with its offset in its document."""

    span: Span
    doc: "Doc"

    def abs(self, start: int, end: int) -> Span:
        return Span(self.span.doc, self.span.start + start, self.span.start + end)

    def token_span(self, first: "Token", last: "Token") -> Span:
        return self.abs(first.idx, last.idx + len(last.text))


class SourceIndex:
    """Source-wide lookups shared by all claims of one check: where a name or phrase occurs."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self.sentences: tuple[Sentence, ...] = work.source_sentences
        self._lower = [s.text.lower() for s in self.sentences]
        self.text = "\n".join(d.text for d in work.sources)
        self.text_lower = self.text.lower()
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        """A value read from the whole source, made by the first claim that needs it and shared by the
        check's other claims (its quantities, its text with spacing normalised)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def containing(self, needle: str, *, case: bool = True, word: bool = True) -> list[int]:
        if not needle:
            return []
        if word:
            pat = re.compile(r"(?<![\w])" + re.escape(needle) + r"(?![\w])", 0 if case else re.I)
            return [i for i, s in enumerate(self.sentences) if pat.search(s.text)]
        if case:
            return [i for i, s in enumerate(self.sentences) if needle in s.text]
        n = needle.lower()
        return [i for i, s in enumerate(self._lower) if n in s]

    def mentions(self, needle: str, *, case: bool = True) -> bool:
        pat = re.compile(r"(?<![\w])" + re.escape(needle) + r"(?![\w])", 0 if case else re.I)
        return pat.search(self.text) is not None

    def parsed(self, indices: list[int]) -> list[Parsed]:
        spans = [self.sentences[i] for i in indices]
        docs = self.work.analyzer.parse(spans)
        return [Parsed(s, d) for s, d in zip(spans, docs)]


@dataclass
class ClaimContext:
    work: Work
    claim: Claim
    sentence: Parsed  # the derived sentence that holds the claim
    candidates: tuple[Candidate, ...]
    index: SourceIndex
    _evidence: list[Parsed] | None = field(default=None, repr=False)
    _edits: list["Edit"] | None = field(default=None, repr=False)

    def in_claim(self, start: int, end: int) -> bool:
        """Whether sentence-relative char offsets fall inside the claim."""
        a = self.sentence.span.start + start
        b = self.sentence.span.start + end
        return self.claim.start <= a and b <= self.claim.end

    def claim_tokens(self) -> Iterator["Token"]:
        for t in self.sentence.doc:
            if self.in_claim(t.idx, t.idx + len(t.text)):
                yield t

    def claim_ents(self) -> list["SpacySpan"]:
        return [e for e in self.sentence.doc.ents if self.in_claim(e.start_char, e.end_char)]

    @property
    def evidence(self) -> list[Parsed]:
        """The candidate passages' sentences, parsed (one Parsed per sentence)."""
        if self._evidence is None:
            idx: list[int] = []
            for c in self.candidates:
                for i in range(c.passage.first, c.passage.last + 1):
                    if i not in idx:
                        idx.append(i)
            self._evidence = self.index.parsed(idx)
        return self._evidence

    def edits(self) -> list["Edit"]:
        """Word replacements that turn the closest evidence sentence into the claim, when the claim is a
        near-copy of it (at least NEAR_COPY of its words kept, in order, and at most two edits): the
        places where a rewrite that copies a sentence changed a value. Cached per claim."""
        if self._edits is None:
            self._edits = _edits(self)
        return self._edits

    def edit_finding(self, check: str, error_type: str, e: "Edit") -> Finding:
        """A contradiction shown as the edit itself: the source's words, the rewrite's, the sentence."""
        return self.finding(
            check,
            error_type,
            "contradicted",
            f"source: \u201c{e.old}\u201d; rewrite: \u201c{e.new}\u201d "
            f"(\u201c{quote(e.passage.span.text, 100)}\u201d)",
            at=e.at,
            source=e.source,
            confidence=0.85,
        )

    def finding(
        self,
        check: str,
        error_type: str,
        label: str,
        reason: str,
        *,
        at: tuple[int, int] | None = None,
        source: Span | None = None,
        confidence: float = 1.0,
    ) -> Finding:
        """A finding; `at` is a sentence-relative char span inside the claim (default: whole claim)."""
        if at is None:
            start, end = self.claim.start, self.claim.end
        else:
            start, end = self.sentence.span.start + at[0], self.sentence.span.start + at[1]
        return Finding(
            check=check,
            error_type=error_type,
            label=label,  # type: ignore[arg-type]
            reason=reason,
            claim_start=start,
            claim_end=end,
            source=source,
            confidence=confidence,
        )


Check = Callable[[ClaimContext], list[Finding]]
_REGISTRY: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    def deco(fn: Check) -> Check:
        _REGISTRY[name] = fn
        return fn

    return deco


def get_checks(names: tuple[str, ...]) -> list[tuple[str, Check]]:
    from . import load_all

    load_all()
    from ..errors import ConfigError

    out = []
    for n in names:
        if n not in _REGISTRY:
            raise ConfigError("GC201", what="check", value=n, choices=", ".join(sorted(_REGISTRY)))
        out.append((n, _REGISTRY[n]))
    return out


def quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


NEAR_COPY = 0.8  # share of the claim's words that must stand, in order, in the evidence sentence
_WORD = re.compile(r"[\w'\u2019-]+|[^\w\s]")


@dataclass(frozen=True)
class Edit:
    """One replaced run of words: `old` in the source passage, `new` in the claim."""

    old: str
    new: str
    source: Span  # where `old` stands in the source
    at: tuple[int, int]  # where `new` stands, sentence-relative (as ClaimContext.finding takes it)
    passage: Parsed  # the evidence sentence the claim copies
    words: tuple[str, ...]  # that sentence's words; `old` is words[i1:i2]
    i1: int
    i2: int
    new_words: tuple[str, ...]


def _edits(ctx: ClaimContext) -> list[Edit]:
    import difflib

    off = ctx.claim.start - ctx.sentence.span.start
    words = [(m.group(), off + m.start(), off + m.end()) for m in _WORD.finditer(ctx.claim.text)]
    if len(words) < 6:
        return []
    best, best_share, best_words, best_sm = None, 0.0, [], None
    for p in ctx.evidence:
        pw = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(p.span.text)]
        sm = difflib.SequenceMatcher(a=[w for w, _, _ in pw], b=[w for w, _, _ in words], autojunk=False)
        share = sum(b.size for b in sm.get_matching_blocks()) / len(words)
        if share > best_share:
            best, best_share, best_words, best_sm = p, share, pw, sm
    if best is None or best_sm is None or best_share < NEAR_COPY:
        return []
    ops = [op for op in best_sm.get_opcodes() if op[0] != "equal"]
    if len(ops) > 2:
        return []  # a rewrite, not an edit
    out = []
    for tag, i1, i2, j1, j2 in ops:
        if tag != "replace":
            continue
        a, b = best_words[i1][1], best_words[i2 - 1][2]
        out.append(Edit(best.span.text[a:b], ctx.sentence.span.text[words[j1][1]: words[j2 - 1][2]],
                        best.abs(a, b), (words[j1][1], words[j2 - 1][2]), best,
                        tuple(w for w, _, _ in best_words), i1, i2, tuple(w for w, _, _ in words[j1:j2])))
    return out

"""The typed data that flows between pipeline stages.

document -> sentences -> claims -> evidence -> verdicts -> report

Every span holds half-open character offsets into the text of its `Document` exactly as it was
read; `.text` slices it, so offsets and text can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import OffsetError

SCHEMA = "groundcheck.report/1"

Label = Literal["supported", "contradicted", "unsupported"]
Relation = Literal["supports", "contradicts", "related"]
LABELS: tuple[Label, ...] = ("supported", "contradicted", "unsupported")

ERROR_TYPES: tuple[str, ...] = (
    "entity",
    "role",
    "number",
    "date",
    "negation",
    "outcome",
    "quote_altered",
    "quote_speaker",
    "fabricated_entity",
    "invented_event",
    "extrinsic",
    "causal",
    "overgeneralization",
)


@dataclass(frozen=True, slots=True)
class Document:
    """A text as read. `id` names it in reports ("source", "source[1]", "derived", a file name)."""

    id: str
    text: str
    role: Literal["source", "derived"] = "source"

    def __len__(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Span:
    doc: Document
    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end <= len(self.doc.text)):
            raise OffsetError(
                "GC104", start=self.start, end=self.end, what=self.doc.id, length=len(self.doc.text)
            )

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    """A sentence (or headline, or bullet item) of a document. `index` counts content sentences."""

    index: int = 0
    kind: Literal["content", "heading", "bullet"] = "content"


@dataclass(frozen=True, slots=True)
class Boilerplate(Span):
    """Non-content text a news page carries (photo credits, bylines): set aside, never checked."""

    kind: str = "credit"


@dataclass(frozen=True, slots=True)
class Claim(Span):
    """One checkable statement of the derived text: a sentence or an independent clause of one."""

    index: int = 0
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Passage(Span):
    """A window of one or more consecutive source sentences that may serve as evidence."""

    first: int = 0  # index of its first sentence in the source's sentence list
    last: int = 0


@dataclass(frozen=True, slots=True)
class Evidence:
    passage: Passage
    relation: Relation
    score: float

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "source": p.doc.id,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "relation": self.relation,
            "score": round(float(self.score), 4),
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """What an exact check found: an error of a given type, proven by a source span (if any)."""

    check: str
    error_type: str
    label: Label  # what the finding implies on its own: contradicted or unsupported
    reason: str
    claim_start: int
    claim_end: int
    source: Span | None = None
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check,
            "error_type": self.error_type,
            "label": self.label,
            "reason": self.reason,
            "start": self.claim_start,
            "end": self.claim_end,
            "confidence": round(self.confidence, 4),
        }
        if self.source is not None:
            out["source"] = {
                "source": self.source.doc.id,
                "start": self.source.start,
                "end": self.source.end,
                "text": self.source.text,
            }
        return out


@dataclass(frozen=True, slots=True)
class NLIScores:
    """Model probabilities for (premise entails / is neutral to / contradicts) the claim."""

    entail: float
    neutral: float
    contradict: float


@dataclass(frozen=True, slots=True)
class Verdict:
    claim: Claim
    label: Label
    p_supported: float
    error_type: str | None
    reason: str
    evidence: tuple[Evidence, ...] = ()
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.claim.start,
            "end": self.claim.end,
            "text": self.claim.text,
            "label": self.label,
            "p_supported": round(float(self.p_supported), 4),
            "error_type": self.error_type,
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Omission:
    sentence: Sentence
    importance: float
    best_match: float  # how closely any claim of the derived text covers it (0..1)

    def to_dict(self) -> dict[str, Any]:
        s = self.sentence
        return {
            "source": s.doc.id,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "importance": round(float(self.importance), 4),
            "best_match": round(float(self.best_match), 4),
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    source: str
    chars: int
    chars_read: int
    sentences: int
    boilerplate_chars: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "chars": self.chars,
            "chars_read": self.chars_read,
            "sentences": self.sentences,
            "boilerplate_chars": self.boilerplate_chars,
            "truncated": False,
        }


@dataclass(frozen=True, slots=True)
class Report:
    derived: Document
    sources: tuple[Document, ...]
    claims: tuple[Verdict, ...]
    omissions: tuple[Omission, ...]
    coverage: tuple[Coverage, ...]
    models: dict[str, str] = field(default_factory=dict)
    timing: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    # P(the whole derived text is consistent with the sources): the learned document score
    # (pipeline/document.py); None when no document scorer is fitted for the models in use
    p_consistent: float | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts = {label: 0 for label in LABELS}
        for v in self.claims:
            counts[v.label] += 1
        return counts

    @property
    def faithfulness(self) -> float:
        """Share of the derived text's claim characters that the source supports, weighted by
        p_supported so that a confident contradiction costs more than a borderline one."""
        total = sum(len(v.claim) for v in self.claims)
        if total == 0:
            return 1.0
        good = sum(len(v.claim) * (v.p_supported if v.label == "supported" else 0.0) for v in self.claims)
        return good / total

    def to_dict(self) -> dict[str, Any]:
        errors: dict[str, int] = {}
        for v in self.claims:
            if v.error_type:
                errors[v.error_type] = errors.get(v.error_type, 0) + 1
        return {
            "schema": SCHEMA,
            "derived": {"id": self.derived.id, "chars": len(self.derived.text)},
            "claims": [v.to_dict() for v in self.claims],
            "omissions": [o.to_dict() for o in self.omissions],
            "summary": {
                "claims": len(self.claims),
                "counts": self.counts,
                "error_types": dict(sorted(errors.items())),
                "faithfulness": round(self.faithfulness, 4),
                "p_consistent": None if self.p_consistent is None else round(self.p_consistent, 4),
            },
            "coverage": [c.to_dict() for c in self.coverage],
            "models": dict(self.models),
            "timing": {k: round(v, 4) for k, v in self.timing.items()},
            "warnings": list(self.warnings),
        }

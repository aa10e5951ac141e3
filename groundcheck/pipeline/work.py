"""The container every stage takes and returns, and the models it runs with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..config import Settings
from ..types import Boilerplate, Claim, Document, Finding, NLIScores, Omission, Passage, Report, Sentence, Verdict

if TYPE_CHECKING:  # pragma: no cover
    from ..models.base import Embedder, Scorer
    from ..models.lm import CausalLMScorer
    from .analyze import Analyzer
    from .combine import Combiner
    from .document import DocumentScorer, StackedDocumentScorer


@dataclass(frozen=True)
class Models:
    """Everything loaded once per process and shared by every check."""

    nlp: Any  # spacy.language.Language
    embedder: "Embedder"
    scorer: "Scorer | None"
    combiner: "Combiner"
    document: "DocumentScorer | None" = None  # P(the whole derived text is consistent); None: not fitted
    lm: "CausalLMScorer | None" = None  # opt-in second opinion on the whole derived text (--lm)
    lm_document: "StackedDocumentScorer | None" = None

    def names(self) -> dict[str, str]:
        meta = self.nlp.meta
        out = {
            "spacy": f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}",
            "embedder": self.embedder.name,
            "verifier": self.scorer.name if self.scorer is not None else "heuristic (no NLI model)",
            "combiner": self.combiner.name,
        }
        if self.lm is not None:
            out["lm"] = self.lm.name
        return out


@dataclass(frozen=True)
class Candidate:
    """A passage retrieved for a claim, with the signals that ranked it."""

    passage: Passage
    cos: float
    coverage: float
    score: float
    nli: NLIScores | None = None


@dataclass
class Work:
    sources: tuple[Document, ...]
    derived: Document
    settings: Settings
    models: Models
    analyzer: "Analyzer"
    # the restored document -> the document as read, for each one the casing stage replaced (pipeline/casing.py);
    # keyed by the document itself, since two sources may share an id (two files of the same name)
    as_read: dict[Document, Document] = field(default_factory=dict)
    boilerplate: dict[str, tuple[Boilerplate, ...]] = field(default_factory=dict)
    source_sentences: tuple[Sentence, ...] = ()
    # (the source sentences, their stems), see `sentence_stems`
    _stems: tuple[tuple[Sentence, ...], tuple[tuple[str, ...], ...]] | None = field(default=None, init=False, repr=False)
    derived_sentences: tuple[Sentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    candidates: tuple[tuple[Candidate, ...], ...] = ()
    claim_vectors: np.ndarray | None = None
    source_vectors: dict[int, np.ndarray] = field(default_factory=dict)  # sentence index -> vector
    doc_coverage: tuple[float, ...] = ()  # per claim: share of its content words found anywhere in the sources
    context_nli: tuple[NLIScores | None, ...] = ()  # per claim: the verifier on its joined evidence context
    findings: tuple[tuple[Finding, ...], ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    p_consistent: float | None = None
    lm_features: dict[str, float] | None = None  # set by the lm stage when a language model is loaded
    omissions: tuple[Omission, ...] = ()
    report: Report | None = None
    timing: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def sentence_stems(self) -> tuple[tuple[str, ...], ...]:
        """The content stems of each source sentence (with repeats), computed once per check: retrieval,
        the document score and the omissions all read them, and on a long source they cost a pass over
        every word."""
        if self._stems is None or self._stems[0] is not self.source_sentences:
            from .lexical import content_stems

            self._stems = (self.source_sentences, tuple(tuple(content_stems(s.text)) for s in self.source_sentences))
        return self._stems[1]

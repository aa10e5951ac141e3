"""Verdicts -> report, with the source facts the derived text dropped (omissions).

A source sentence counts as covered when the *supported* claims repeat most of its words, or when
one of them is close to it in meaning and they repeat a fair share of its words: a fact the rewrite
distorts or garbles has not reached the reader, and closeness in meaning alone is too easily met by
another sentence on the same topic ("Blinken met Wang Xiaohong" beside a claim that he met Xi
Jinping). Uncovered sentences are ranked by importance: position (news puts what matters first),
density of names and numbers (facts), and centrality (how much of the article it echoes).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar

import numpy as np

from ..types import Coverage, Document, Omission, Report, Span, Verdict
from .lexical import Idf, content_stems, coverage
from .work import Work

COVERED_COS = 0.62
COVERED_WORDS = 0.6
COVERED_WORDS_WITH_MEANING = 0.3  # the share of its words a sentence close in meaning must still find
MAX_EMBED_FOR_OMISSIONS = 3000
_FACTISH = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+|\d")


def find_omissions(work: Work) -> Work:
    sents = [i for i, s in enumerate(work.source_sentences) if s.kind != "heading"]
    if not sents or not work.claims or work.settings.max_omissions == 0:
        work.omissions = ()
        return work
    stems = work.sentence_stems()
    all_stems = [stems[i] for i in sents]
    idf = Idf(all_stems)
    kept = [i for i, v in enumerate(work.verdicts) if v.label == "supported"]
    derived_stems = set().union(*(content_stems(work.claims[i].text) for i in kept)) if kept else set()
    lexical = np.array([coverage(st, derived_stems, idf) if st else 1.0 for st in all_stems])

    best = np.zeros(len(sents))
    centrality = np.zeros(len(sents))
    if len(sents) <= MAX_EMBED_FOR_OMISSIONS:
        missing = [i for i in sents if i not in work.source_vectors]
        if missing:
            vecs = work.models.embedder.encode([work.source_sentences[i].text for i in missing])
            for i, v in zip(missing, vecs):
                work.source_vectors[i] = v
        mat = np.stack([work.source_vectors[i] for i in sents])
        centrality = (mat @ mat.T).mean(axis=1)
        if kept and work.claim_vectors is not None:
            best = (mat @ work.claim_vectors[kept].T).max(axis=1)

    n = len(sents)
    density = np.array([min(1.0, len(_FACTISH.findall(work.source_sentences[i].text)) / 6.0) for i in sents])
    position = np.array([1.0 - k / max(n, 1) for k in range(n)])
    cmin, cmax = float(centrality.min()), float(centrality.max())
    central = (centrality - cmin) / (cmax - cmin) if cmax > cmin else np.zeros(n)
    importance = 0.35 * position + 0.35 * density + 0.30 * central

    out = []
    for k, i in enumerate(sents):
        match = max(float(best[k]), float(lexical[k]) * COVERED_COS / COVERED_WORDS)
        if lexical[k] >= COVERED_WORDS or (best[k] >= COVERED_COS and lexical[k] >= COVERED_WORDS_WITH_MEANING):
            continue
        out.append(Omission(work.source_sentences[i], float(importance[k]), min(1.0, match)))
    out.sort(key=lambda o: (-o.importance, o.sentence.start))
    work.omissions = tuple(out[: work.settings.max_omissions])
    return work


S = TypeVar("S", bound=Span)


def _as_read(work: Work, doc: Document) -> Document:
    return work.as_read.get(doc, doc)


def _span_as_read(work: Work, span: S) -> S:
    # the casing stage keeps every offset, so a span of the restored text is the same span of the text as read
    doc = _as_read(work, span.doc)
    return span if doc is span.doc else replace(span, doc=doc)


def _verdict_as_read(work: Work, v: Verdict) -> Verdict:
    return replace(
        v,
        claim=_span_as_read(work, v.claim),
        evidence=tuple(replace(e, passage=_span_as_read(work, e.passage)) for e in v.evidence),
        findings=tuple(f if f.source is None else replace(f, source=_span_as_read(work, f.source)) for f in v.findings),
    )


def build_report(work: Work) -> Work:
    cov = []
    for d in work.sources:
        bp = work.boilerplate.get(d.id, ())
        n = sum(1 for s in work.source_sentences if s.doc is d)
        cov.append(Coverage(d.id, len(d.text), len(d.text), n, sum(len(b) for b in bp)))
    verdicts, omissions = work.verdicts, work.omissions
    if work.as_read:
        verdicts = tuple(_verdict_as_read(work, v) for v in verdicts)
        omissions = tuple(replace(o, sentence=_span_as_read(work, o.sentence)) for o in omissions)
    work.report = Report(
        derived=_as_read(work, work.derived),
        sources=tuple(_as_read(work, d) for d in work.sources),
        claims=verdicts,
        omissions=omissions,
        coverage=tuple(cov),
        models=work.models.names(),
        timing=dict(work.timing),
        warnings=tuple(work.warnings),
        p_consistent=work.p_consistent,
    )
    return work

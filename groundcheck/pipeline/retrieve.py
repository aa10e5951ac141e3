"""Claims -> evidence: the source passages most likely to decide each claim.

Every source sentence is a candidate (nothing is truncated). An inverted index over content
stems ranks them lexically; the best `lexical_prefilter` per claim (all of them for ordinary
articles) are embedded and re-ranked by a blend of embedding similarity and IDF-weighted word
coverage. Windows of consecutive sentences are offered where they cover more of the claim than
a single sentence does, as happens when a rewrite merges two source sentences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..types import Passage, Sentence
from .lexical import Idf, content_stems, coverage
from .work import Candidate, Work

COS_WEIGHT = 0.55
COVERAGE_WEIGHT = 0.45
WINDOW_GAIN = 0.08  # coverage a window must add over its best sentence to be preferred


def _lexical_rank(claim_stems: Sequence[Sequence[str]], sent_stems: Sequence[Sequence[str]], idf: Idf, top: int) -> list[list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, stems in enumerate(sent_stems):
        for t in set(stems):
            postings[t].append(i)
    ranked = []
    n = len(sent_stems)
    for stems in claim_stems:
        if n <= top:
            ranked.append(list(range(n)))
            continue
        score: dict[int, float] = defaultdict(float)
        for t in set(stems):
            w = idf(t)
            for i in postings.get(t, ()):
                score[i] += w
        best = sorted(score, key=lambda i: (-score[i], i))[:top]
        ranked.append(sorted(best))
    return ranked


def retrieve(work: Work) -> Work:
    settings = work.settings
    sents = work.source_sentences
    claims = work.claims
    sent_stems = work.sentence_stems()
    sent_sets = [set(s) for s in sent_stems]
    claim_stems = [content_stems(c.text) for c in claims]
    idf = Idf(sent_stems)
    pools = _lexical_rank(claim_stems, sent_stems, idf, settings.lexical_prefilter)

    needed = sorted({i for pool in pools for i in pool} - set(work.source_vectors))
    embedder = work.models.embedder
    vectors = embedder.encode([c.text for c in claims] + [sents[i].text for i in needed])
    work.claim_vectors = vectors[: len(claims)]
    for i, v in zip(needed, vectors[len(claims) :]):
        work.source_vectors[i] = v

    out: list[tuple[Candidate, ...]] = []
    for ci, claim in enumerate(claims):
        pool = pools[ci]
        if not pool:
            out.append(())
            continue
        cvec = work.claim_vectors[ci]
        mat = np.stack([work.source_vectors[i] for i in pool])
        cos = mat @ cvec
        scored: dict[int, tuple[float, float, float]] = {}
        for j, i in enumerate(pool):
            cov = coverage(claim_stems[ci], sent_sets[i], idf)
            c = float(cos[j])
            scored[i] = (c, cov, COS_WEIGHT * c + COVERAGE_WEIGHT * cov)
        top = sorted(scored, key=lambda i: (-scored[i][2], i))[: settings.evidence_k]
        cands: list[Candidate] = []
        for i in top:
            c, cov, sc = scored[i]
            best = Candidate(_passage(sents, i, i), c, cov, sc)
            # try windows that extend the sentence forwards and backwards
            for lo, hi in _windows(sents, i, settings.window):
                stems = set().union(*(sent_sets[k] for k in range(lo, hi + 1)))
                wcov = coverage(claim_stems[ci], stems, idf)
                if wcov >= best.coverage + WINDOW_GAIN:
                    wcos = max(scored.get(k, (c, 0, 0))[0] for k in range(lo, hi + 1))
                    best = Candidate(_passage(sents, lo, hi), wcos, wcov, COS_WEIGHT * wcos + COVERAGE_WEIGHT * wcov)
            cands.append(best)
        cands = _dedupe(sorted(cands, key=lambda c: (-c.score, c.passage.start)))
        out.append(tuple(cands[: settings.evidence_k]))
    work.candidates = tuple(out)
    everything = set().union(*sent_sets) if sent_sets else set()
    work.doc_coverage = tuple(coverage(cs, everything, idf) for cs in claim_stems)
    return work


CONTEXT_WORDS = 280  # the verifier was trained on premises up to about this length (training/prepare_bundle.py)


def context_text(work: Work, ci: int, max_words: int = CONTEXT_WORDS) -> str:
    """A claim's evidence context: its passages, each widened by a sentence on both sides, in document
    order, added best passage first until `max_words`. A summary sentence often draws on more than one
    place in the source; a single passage cannot entail it, the context can."""
    sents = work.source_sentences
    chosen: set[int] = set()
    words = 0
    for c in work.candidates[ci]:
        p = c.passage
        if p.first is None or p.last is None:
            continue
        for i in range(max(0, p.first - 1), min(len(sents), p.last + 2)):
            if i in chosen or sents[i].doc is not p.doc:
                continue
            n = len(sents[i].text.split())
            if words + n > max_words and chosen:
                continue
            chosen.add(i)
            words += n
    return " ".join(sents[i].text for i in sorted(chosen))


def _windows(sents: tuple[Sentence, ...], i: int, size: int) -> list[tuple[int, int]]:
    out = []
    for width in range(2, size + 1):
        for lo in range(i - width + 1, i + 1):
            hi = lo + width - 1
            if lo < 0 or hi >= len(sents):
                continue
            if any(sents[k].doc is not sents[i].doc for k in (lo, hi)):
                continue
            out.append((lo, hi))
    return out


def _passage(sents: tuple[Sentence, ...], lo: int, hi: int) -> Passage:
    return Passage(sents[lo].doc, sents[lo].start, sents[hi].end, first=lo, last=hi)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for c in cands:
        p = c.passage
        if any(k.passage.doc is p.doc and k.passage.first <= p.first and p.last <= k.passage.last for k in kept):
            continue
        kept.append(c)
    return kept

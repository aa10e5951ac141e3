"""Claims + evidence -> verdicts.

Two kinds of signal meet here: the exact checks (typed findings with the source span that proves
them) and the learned score (retrieval similarity, word coverage and, when a model is loaded,
NLI probabilities, combined by the fitted `Combiner`). A confident finding decides the label and
its error type; otherwise the combined probability does, against the combiner's threshold.
"""

from __future__ import annotations

import re

from ..checks.base import DECISIVE, ClaimContext, Parsed, SourceIndex, get_checks, quote
from ..errors import StageError
from ..types import Evidence, Finding, NLIScores, Verdict
from .retrieve import context_text
from .work import Candidate, Work

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def run_checks(work: Work) -> Work:
    checks = get_checks(work.settings.checks)
    index = SourceIndex(work)
    if checks:
        # every check reads the claims' evidence sentences: parse them in one spaCy batch up front
        # (one nlp.pipe call instead of one per claim)
        index.parsed(sorted({i for cands in work.candidates for c in cands for i in range(c.passage.first, c.passage.last + 1)}))
    sentence_docs = dict(zip((s.index for s in work.derived_sentences), work.analyzer.parse(work.derived_sentences)))
    findings: list[tuple[Finding, ...]] = []
    for claim, cands in zip(work.claims, work.candidates):
        sent = work.derived_sentences[claim.sentence]
        ctx = ClaimContext(work, claim, Parsed(sent, sentence_docs[sent.index]), cands, index)
        found: list[Finding] = []
        for name, check in checks:
            try:
                found.extend(check(ctx))
            except Exception as exc:  # a broken check must name itself, not take the run down blindly
                raise StageError("GC401", stage=f"check:{name}", reason=f"{type(exc).__name__}: {exc}") from exc
        findings.append(tuple(_dedupe(found)))
    work.findings = tuple(findings)
    return work


def _dedupe(found: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in sorted(found, key=lambda f: (-f.confidence, f.claim_start, f.check)):
        key = (f.error_type, f.claim_start, f.claim_end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def features(work: Work, ci: int) -> dict[str, float]:
    cands = work.candidates[ci]
    findings = work.findings[ci] if work.findings else ()
    union = _union_coverage(cands)
    feats = {
        "cos": max((c.cos for c in cands), default=0.0),
        "coverage": max((c.coverage for c in cands), default=0.0),
        "coverage_all": union,
        "novel_entities": min(2.0, float(sum(1 for f in findings if f.error_type == "fabricated_entity"))),
        "novel_numbers": min(2.0, float(_novel_numbers(work, ci))),
        "nli_entail": 0.0,
        "nli_contradict": 0.0,
        "has_nli": 0.0,
        "coverage_doc": work.doc_coverage[ci] if work.doc_coverage else union,
        "ctx_entail": 0.0,
        "ctx_contradict": 0.0,
    }
    scored = [c for c in cands if c.nli is not None]
    if scored:
        top = max(scored, key=lambda c: c.nli.entail)  # type: ignore[union-attr]
        feats["nli_entail"] = top.nli.entail  # type: ignore[union-attr]
        feats["nli_contradict"] = top.nli.contradict  # type: ignore[union-attr]
        feats["has_nli"] = 1.0
    ctx = work.context_nli[ci] if work.context_nli else None
    if ctx is not None:
        feats["ctx_entail"] = ctx.entail
        feats["ctx_contradict"] = ctx.contradict
    return feats


def _union_coverage(cands: tuple[Candidate, ...]) -> float:
    # Coverage is not additive; the max over passages plus a share of the rest is a stable proxy
    # that needs no second pass over the stems.
    if not cands:
        return 0.0
    covs = sorted((c.coverage for c in cands), reverse=True)
    return min(1.0, covs[0] + 0.5 * sum(covs[1:]) * (1 - covs[0]))


def _novel_numbers(work: Work, ci: int) -> int:
    claim = work.claims[ci].text
    src = " ".join(d.text for d in work.sources)
    return sum(1 for n in _NUMBER.findall(claim) if n not in src)


def score_nli(work: Work) -> Work:
    scorer = work.models.scorer
    if scorer is None:
        return work
    pairs = []
    where = []
    for ci, cands in enumerate(work.candidates):
        for k, c in enumerate(cands):
            pairs.append((c.passage.text, work.claims[ci].text))
            where.append((ci, k))
    n_passages = len(pairs)
    ctx_of: dict[int, int] = {}
    for ci in range(len(work.claims)):
        ctx = context_text(work, ci)
        # a context that is one of the passages already scored adds nothing
        if ctx and not any(ctx == c.passage.text for c in work.candidates[ci]):
            ctx_of[ci] = len(pairs)
            pairs.append((ctx, work.claims[ci].text))
    scores = scorer.score(pairs) if pairs else []
    new = [list(c) for c in work.candidates]
    for (ci, k), s in zip(where, scores[:n_passages]):
        c = new[ci][k]
        new[ci][k] = Candidate(c.passage, c.cos, c.coverage, c.score, s)
    work.candidates = tuple(tuple(c) for c in new)
    work.context_nli = tuple(
        scores[ctx_of[ci]] if ci in ctx_of else _best_entail(work.candidates[ci]) for ci in range(len(work.claims))
    )
    return work


def _best_entail(cands: tuple[Candidate, ...]) -> NLIScores | None:
    scored = [c.nli for c in cands if c.nli is not None]
    return max(scored, key=lambda s: s.entail) if scored else None


def decide(work: Work) -> Work:
    combiner = work.models.combiner
    verdicts = []
    claim_features, caps = [], []
    for ci, claim in enumerate(work.claims):
        cands = work.candidates[ci]
        findings = work.findings[ci] if work.findings else ()
        feats = features(work, ci)
        p = combiner.p_supported(feats)
        decisive = [f for f in findings if f.confidence >= DECISIVE]
        claim_features.append(feats)
        caps.append(min((1.0 - f.confidence for f in decisive if f.label in ("contradicted", "unsupported")), default=1.0))
        contra = [f for f in decisive if f.label == "contradicted"]
        unsup = [f for f in decisive if f.label == "unsupported"]
        nli_contra = _nli_contradiction(cands)
        if contra:
            top = contra[0]
            label, etype, reason = "contradicted", top.error_type, top.reason
            p = min(p, 1.0 - top.confidence)
        elif unsup:
            top = unsup[0]
            label, etype, reason = "unsupported", top.error_type, top.reason
            p = min(p, 1.0 - top.confidence)
        elif p >= combiner.threshold:
            label, etype = "supported", None
            reason = f"The source says: \u201c{quote(cands[0].passage.text, 140)}\u201d" if cands else "Supported."
        elif nli_contra is not None:
            label, etype = "contradicted", "extrinsic"
            reason = f"The source says otherwise: \u201c{quote(nli_contra.passage.text, 140)}\u201d"
        else:
            label = "unsupported"
            soft = [f for f in findings if f.label == "unsupported"]
            if soft:
                etype, reason = soft[0].error_type, soft[0].reason
            else:
                etype = "extrinsic"
                reason = (
                    f"No source passage states this; the closest is \u201c{quote(cands[0].passage.text, 110)}\u201d."
                    if cands
                    else "The source has nothing on this."
                )
        evidence = _evidence(cands, findings, label)
        verdicts.append(
            Verdict(
                claim=claim,
                label=label,  # type: ignore[arg-type]
                p_supported=p,
                error_type=etype,
                reason=reason,
                evidence=evidence,
                findings=tuple(findings),
            )
        )
    work.verdicts = tuple(verdicts)
    document = getattr(work.models, "document", None)
    if document is not None and work.claims:
        from .document import name_features, relation_features, text_features

        text = text_features(work.derived.text, [d.text for d in work.sources])
        src = work.source_sentences
        derived_docs = work.analyzer.parse(work.derived_sentences)
        text.update(relation_features(derived_docs, work.sentence_stems(),
                                      lambda idx: work.analyzer.parse_syntax([src[i] for i in idx])))
        text.update(name_features(derived_docs, work.sentence_stems()))
        work.p_consistent = document.p_consistent(claim_features, caps, text)
    else:
        work.p_consistent = None
    return work


def _nli_contradiction(cands: tuple[Candidate, ...]) -> Candidate | None:
    for c in cands:
        if c.nli is not None and c.nli.contradict >= 0.8 and c.nli.contradict > c.nli.entail:
            return c
    return None


def _evidence(cands: tuple[Candidate, ...], findings: tuple[Finding, ...], label: str) -> tuple[Evidence, ...]:
    from ..types import Passage

    out: list[Evidence] = []
    proof = [f for f in findings if f.source is not None and f.label == label and label != "supported"]
    for f in proof[:2]:
        s = f.source
        assert s is not None
        # the finding's own source span leads: it is what decides the claim
        out.append(Evidence(Passage(s.doc, s.start, s.end), "contradicts" if f.label == "contradicted" else "related", f.confidence))
    for k, c in enumerate(cands):
        rel = "supports" if label == "supported" and k == 0 else "related"
        if any(e.passage.doc is c.passage.doc and e.passage.start == c.passage.start and e.passage.end == c.passage.end for e in out):
            continue
        out.append(Evidence(c.passage, rel, c.score))  # type: ignore[arg-type]
    return tuple(out)

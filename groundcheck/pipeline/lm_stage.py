"""The optional language-model stage: when `--lm` loaded a causal LM, the derived text's token
log-probabilities given the source move the document score (`Report.p_consistent`). Claim verdicts are
left as the checks and the verifier decided them: the LM features were fitted on whole summaries only."""

from __future__ import annotations

from .work import Work


def score_lm(work: Work) -> Work:
    lm = work.models.lm
    if lm is None or not work.claims:
        return work
    from ..models.lm import document_lm_features

    # passages overlap (windows of sentences), so the sentences under them are collected once each;
    # they are only read when the whole source is too long for one pass
    wanted = sorted({i for cands in work.candidates for c in cands for i in range(c.passage.first, c.passage.last + 1)})
    passages = [work.source_sentences[i].text for i in wanted]
    stacked = work.models.lm_document
    if stacked is not None and not stacked.weights:
        # the fit found no LM feature worth its weight (see docs/verifier.md, round 6): the passes would be
        # pure cost, so only the stack's recalibration of the default score applies
        if work.p_consistent is not None:
            work.p_consistent = stacked.p_consistent(work.p_consistent, {})
        return work
    need_alone = stacked is None or "lm_gain" in stacked.weights
    scores = lm.score([d.text for d in work.sources], work.derived.text, passages, alone=need_alone)
    work.lm_features = document_lm_features(scores)
    if stacked is not None and work.p_consistent is not None:
        work.p_consistent = stacked.p_consistent(work.p_consistent, work.lm_features)
    return work

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

    stacked = work.models.lm_document
    # only the passes the stack has weights for are run: none at all when the fit gave the LM no weight
    # (docs/verifier.md, round 6), and the one without the source only for lm_gain
    needed = {"lm_given", "lm_gain"} if stacked is None else set(stacked.weights)
    if needed:
        # passages overlap (windows of sentences), so the sentences under them are collected once each;
        # they are only read when the whole source is too long for one pass
        wanted = sorted({i for cands in work.candidates for c in cands for i in range(c.passage.first, c.passage.last + 1)})
        passages = [work.source_sentences[i].text for i in wanted]
        scores = lm.score([d.text for d in work.sources], work.derived.text, passages, alone="lm_gain" in needed)
        work.lm_features = document_lm_features(scores)
    if stacked is not None and work.p_consistent is not None:
        work.p_consistent = stacked.p_consistent(work.p_consistent, work.lm_features or {})
    return work

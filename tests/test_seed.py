"""The example that defines the job: ../shared/seeds (copied to examples/) with gold labels.

Claims are matched to the gold claims by character overlap, so the assertions do not depend on
how the derived text happens to be split.
"""

from __future__ import annotations

from groundcheck.types import SCHEMA

# gold spans (char_start, char_end) of the claims the core issue names
ROLE = (219, 351)
SHOIGU = (920, 1191)
BIDEN = (2007, 2176)
AI = (2177, 2302)
ARMS = (552, 645)
XI_ECONOMY = (1681, 1884)
PROGRESS = (1505, 1680)
BOTH_OBSERVED = (1885, 2006)


SEVERITY = {"contradicted": 2, "unsupported": 1, "supported": 0}


def verdict_at(report, span):
    """The verdict for a gold claim: the most severe of the claims it was split into (a sentence
    is as wrong as its worst clause)."""
    s, e = span
    parts = [v for v in report.claims if min(e, v.claim.end) - max(s, v.claim.start) > 0]
    assert sum(min(e, v.claim.end) - max(s, v.claim.start) for v in parts) > 0.8 * (e - s)
    return max(parts, key=lambda v: (SEVERITY[v.label], v.claim.end - v.claim.start))


def test_offsets_slice_the_derived_text(seed_report, seed_texts):
    _, derived = seed_texts
    for v in seed_report.claims:
        assert derived[v.claim.start : v.claim.end] == v.claim.text
        for ev in v.evidence:
            assert ev.passage.doc.text[ev.passage.start : ev.passage.end] == ev.passage.text


def test_wang_yi_title_is_a_role_contradiction(seed_report):
    v = verdict_at(seed_report, ROLE)
    assert v.label == "contradicted" and v.error_type == "role"
    assert "Chinese Foreign Minister Wang Yi" in v.evidence[0].passage.text
    assert v.evidence[0].relation == "contradicts"


def test_fabricated_defence_minister_is_unsupported(seed_report):
    v = verdict_at(seed_report, SHOIGU)
    assert v.label == "unsupported" and v.error_type == "fabricated_entity"
    assert "Zhong Kejian" in v.reason or "Shoigu" in v.reason


def test_biden_and_ai_claims_are_unsupported(seed_report):
    assert verdict_at(seed_report, BIDEN).label == "unsupported"
    assert verdict_at(seed_report, AI).label == "unsupported"


def test_xi_claim_is_supported(seed_report):
    # "had met with ... Xi Jinping" against "in his meeting with Blinken": an irregular past tense the
    # stemmer alone kept apart from "meeting"
    xi = verdict_at(seed_report, XI_ECONOMY)
    assert xi.label == "supported" and xi.error_type is None
    assert xi.evidence[0].relation == "supports" and "suppressing its economic development" in xi.evidence[0].passage.text


def test_arms_claim_is_supported(seed_report):
    # "neither relinquishes nor provides any direct arms to Russia's war for Ukraine" against the window
    # "kept away from providing weapons to Russia ... reversing the Russia-Ukraine war": the hyphenated
    # "Russia-Ukraine" now counts as both countries, which lifts the window's word coverage (p 0.49 -> 0.54).
    # The verifier still does not know that arms are weapons; see docs/verifier.md, round 7.
    arms = verdict_at(seed_report, ARMS)
    assert arms.label == "supported" and arms.error_type is None  # no exact check fires on agreeing negations
    assert arms.evidence[0].relation == "supports" and "kept away from providing weapons" in arms.evidence[0].passage.text


def test_reversed_progress_and_misattributed_statement(seed_report):
    prog = verdict_at(seed_report, PROGRESS)
    assert prog.label == "contradicted" and prog.error_type == "outcome"
    assert any("little progress" in f.source.text for f in prog.findings if f.source is not None)
    both = verdict_at(seed_report, BOTH_OBSERVED)
    assert both.label == "unsupported" and both.error_type == "quote_speaker"


def test_omissions_list_the_dropped_source_facts(checker, seed_texts):
    from groundcheck import Checker

    all_omissions = Checker(checker.settings.model_copy(update={"max_omissions": 50}), models=checker.models)
    report = all_omissions.check(*seed_texts)
    texts = [o.sentence.text for o in report.omissions]
    # the four facts gold.json lists as dropped are all reported
    for fact in ("red lines", "not a producer of or party involved", "Wang Xiaohong", "machine tool imports"):
        assert any(fact in t for t in texts), fact
    assert any("red lines" in t for t in texts[:3])
    # a fact the rewrite states and the source backs is not an omission
    supported = [v for v in report.claims if v.label == "supported"]
    for v in supported:
        assert all(v.evidence[0].passage.text.strip() != t for t in texts)
    assert all(0 <= o.best_match < 1 for o in report.omissions)
    assert [o.importance for o in report.omissions] == sorted((o.importance for o in report.omissions), reverse=True)


def test_json_contract(seed_report):
    d = seed_report.to_dict()
    assert d["schema"] == SCHEMA
    assert set(d) >= {"claims", "omissions", "summary", "coverage", "models", "timing"}
    assert d["coverage"][0]["truncated"] is False and d["coverage"][0]["chars_read"] == d["coverage"][0]["chars"]
    assert 0.0 <= d["summary"]["faithfulness"] <= 1.0
    assert sum(d["summary"]["counts"].values()) == len(d["claims"])
    for c in d["claims"]:
        assert c["label"] in {"supported", "contradicted", "unsupported"}
        assert (c["error_type"] is None) == (c["label"] == "supported")
        assert 0.0 <= c["p_supported"] <= 1.0
        for e in c["evidence"]:
            assert e["relation"] in {"supports", "contradicts", "related"}


def test_same_input_same_output(checker, seed_texts, seed_report):
    again = checker.check(*seed_texts).to_dict()
    first = seed_report.to_dict()
    again.pop("timing"), first.pop("timing")
    assert again == first

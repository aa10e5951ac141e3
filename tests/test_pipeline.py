"""Plumbing: the stage contract, the combiner and profiles, the model seams. No weights loaded
except spaCy (shared with the `checker` fixture's models)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from groundcheck import Checker
from groundcheck.errors import ConfigError, StageError
from groundcheck.models.fake import HashEmbedder, OverlapScorer
from groundcheck.models.hf import nli_label_indices
from groundcheck.pipeline.combine import FEATURES, Combiner
from groundcheck.pipeline.work import Models


@pytest.fixture(scope="module")
def fake_checker(checker):
    models = Models(nlp=checker.models.nlp, embedder=HashEmbedder(), scorer=OverlapScorer(), combiner=Combiner.packaged("nli"))
    return Checker(models=models)


def test_fake_models_run_the_whole_pipeline(fake_checker):
    report = fake_checker.check("The council approved the budget on Tuesday.", "The council approved the budget on Tuesday.")
    assert [v.label for v in report.claims] == ["supported"]
    assert report.models["verifier"] == "fake/overlap-scorer"


def test_a_stage_that_breaks_its_contract_is_named(fake_checker):
    broken = Checker(models=fake_checker.models)
    broken.stages = [(n, (lambda w: None) if n == "claims" else f) for n, f in broken.stages]
    with pytest.raises(StageError) as e:
        broken.check("A source sentence here.", "A derived sentence here.")
    assert e.value.code == "GC402" and "'claims'" in str(e.value)

    def boom(work):
        raise KeyError("x")

    broken.stages = [(n, boom if n == "retrieve" else f) for n, f in fake_checker.stages]
    with pytest.raises(StageError) as e:
        broken.check("A source sentence here.", "A derived sentence here.")
    assert e.value.code == "GC401" and "'retrieve'" in str(e.value)


def test_unknown_check_name_is_a_config_error(checker):
    bad = Checker(checker.settings.model_copy(update={"checks": ("numbers", "astrology")}), models=checker.models)
    with pytest.raises(ConfigError) as e:
        bad.check("The meeting lasted five hours.", "The meeting lasted five hours.")
    assert e.value.code == "GC201" and "astrology" in str(e.value)


def test_combiner_is_monotone_in_support_signals():
    c = Combiner.packaged("heuristic")
    low = {k: 0.0 for k in FEATURES}
    high = dict(low, cos=0.9, coverage=0.9, coverage_all=0.9)
    assert c.p_supported(high) > c.p_supported(low)
    assert c.p_supported(dict(high, novel_numbers=2.0)) < c.p_supported(high)


def test_profile_changes_threshold_and_temperature(tmp_path):
    c = Combiner.packaged("heuristic")
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"threshold": 0.7, "temperature": 2.0}))
    p = c.with_profile(path)
    assert p.threshold == 0.7
    feats = {k: 0.0 for k in FEATURES}
    feats.update(cos=0.9, coverage=0.9)
    # a higher temperature pulls probabilities towards 0.5
    assert abs(p.p_supported(feats) - 0.5) < abs(c.p_supported(feats) - 0.5)
    path.write_text(json.dumps({"threshold": 1.5}))
    with pytest.raises(ConfigError) as e:
        c.with_profile(path)
    assert e.value.code == "GC203"


def test_label_mapping_of_standard_classifiers():
    assert nli_label_indices({0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}) == (0, 1, 2)
    assert nli_label_indices({0: "contradiction", 1: "neutral", 2: "entailment"}) == (2, 1, 0)
    assert nli_label_indices({0: "LABEL_0", 1: "LABEL_1"}) == (1, 0, None)  # MiniCheck-style binary
    assert nli_label_indices({0: "not_supported", 1: "supported"})[0] == 1


def test_hash_embedder_is_deterministic_and_normalised():
    e = HashEmbedder()
    a = e.encode(["China denied the claims.", "China denied the claims."])
    assert np.allclose(a[0], a[1]) and np.isclose(np.linalg.norm(a[0]), 1.0)

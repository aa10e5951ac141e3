"""Loading standard models by directory, as a user with their own NLI model would, tested with the
packaged MiniLM weights (its classification head is new, so only the plumbing is asserted)."""

from __future__ import annotations

import json
import shutil

import pytest

from groundcheck.errors import ModelError, ModelNotFound
from groundcheck.models.hf import TransformersEmbedder, TransformersNLIScorer, packaged_embedder_dir


@pytest.fixture(scope="module")
def nli_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("nli-model")
    src = packaged_embedder_dir()
    for f in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(src / f, d / f)
    cfg = json.loads((d / "config.json").read_text())
    cfg["id2label"] = {"0": "contradiction", "1": "neutral", "2": "entailment"}
    cfg["label2id"] = {v: int(k) for k, v in cfg["id2label"].items()}
    cfg["architectures"] = ["BertForSequenceClassification"]
    (d / "config.json").write_text(json.dumps(cfg))
    return d


def test_nli_classifier_from_a_directory(nli_dir):
    scorer = TransformersNLIScorer(str(nli_dir))
    assert scorer.labels == (2, 1, 0)
    pairs = [("China denied the claims.", "China rejected the claims."), ("Exports rose.", "Exports fell sharply in May.")]
    a = scorer.score(pairs)
    b = scorer.score(pairs)
    assert a == b  # deterministic within a load
    for s in a:
        assert abs(s.entail + s.neutral + s.contradict - 1.0) < 1e-4


def test_checker_accepts_a_model_directory(nli_dir, checker):
    from groundcheck import Checker

    c = Checker(verifier=str(nli_dir))
    report = c.check("The council approved the budget on Tuesday.", "The council approved the budget.")
    assert report.models["verifier"] == str(nli_dir)
    assert report.claims[0].label in {"supported", "unsupported", "contradicted"}


def test_pickled_weights_are_refused(pickled_copy, nli_dir):
    with pytest.raises(ModelError) as e:
        TransformersNLIScorer(str(pickled_copy(nli_dir)))
    assert e.value.code == "GC304" and "safetensors" in str(e.value)


def test_unknown_model_name_fails_cleanly():
    with pytest.raises(ModelNotFound) as e:
        TransformersNLIScorer("no-such-org/no-such-model-groundcheck")
    assert e.value.code == "GC301"


def test_packaged_embedder_matches_the_model_card_ordering():
    emb = TransformersEmbedder("packaged")
    v = emb.encode(["A man is eating food.", "A man is eating a piece of bread.", "A man is riding a horse."])
    assert v.shape == (3, 384)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2]  # the sentence-transformers model card's example ordering


def test_exported_onnx_verifier_by_directory(checker):
    """The trained candidate (models/verifier-candidate) loads through the same --model option,
    with its sha256 checked; a tampered copy is refused."""
    from pathlib import Path

    from groundcheck import Checker

    cand = Path(__file__).resolve().parent.parent / "models" / "verifier-candidate"
    c = Checker(checker.settings.model_copy(update={"verifier": str(cand)}))
    report = c.check("The council approved the budget on Tuesday.", "The council approved the budget on Tuesday.")
    assert report.models["verifier"] == "groundcheck-verifier-minilm-l6-int8"
    s = c.models.scorer.score([("Profits rose 8%.", "Profits rose 8%.")])[0]
    assert abs(s.entail + s.neutral + s.contradict - 1) < 1e-6


def test_onnx_scores_do_not_depend_on_the_other_pairs():
    """A pair's scores are its own: scored alone, or beside a long pair, or in another order, the
    int8 model gives the same numbers (it quantizes each input tensor with its own scale)."""
    from pathlib import Path

    from groundcheck.models.onnx import OnnxNLIScorer

    cand = Path(__file__).resolve().parent.parent / "models" / "verifier-candidate"
    scorer = OnnxNLIScorer(cand, threads=1)
    pair = ("The council approved the budget on Tuesday.", "The council rejected the budget.")
    long = (" ".join(["The mayor spoke about roads, schools and the river for a long time."] * 20), "The mayor spoke.")
    alone = scorer.score([pair])[0]
    mixed = scorer.score([long, pair, long])
    assert mixed[1] == alone
    assert mixed[0] == mixed[2]
    assert scorer.score([]) == []


def test_tampered_onnx_verifier_is_refused(tmp_path):
    from pathlib import Path

    from groundcheck.models.onnx import OnnxNLIScorer

    cand = Path(__file__).resolve().parent.parent / "models" / "verifier-candidate"
    for f in ("groundcheck.json", "tokenizer.json", "model.onnx"):
        shutil.copy(cand / f, tmp_path / f)
    with open(tmp_path / "model.onnx", "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelError) as e:
        OnnxNLIScorer(tmp_path)
    assert e.value.code == "GC302"


def test_a_model_directory_brings_the_weights_fitted_for_it(tmp_path, monkeypatch):
    # The packaged NLI weights were fitted on the candidate's probabilities; a directory that carries its own
    # combiner.json / document.json is scored with those. The heavy loads are replaced: only the choice is tested.
    from groundcheck import checker as checker_mod
    from groundcheck.config import Settings
    from groundcheck.models import hf
    from groundcheck.pipeline import analyze
    from groundcheck.pipeline.combine import Combiner
    from groundcheck.pipeline.document import DocumentScorer

    monkeypatch.setattr(checker_mod, "_load_scorer", lambda settings: object())
    monkeypatch.setattr(analyze, "load_spacy", lambda *a, **k: None)
    monkeypatch.setattr(hf, "TransformersEmbedder", lambda *a, **k: None)
    d = tmp_path / "student"
    d.mkdir()
    plain = checker_mod.load_models(Settings(verifier=str(d)))
    assert plain.combiner == Combiner.packaged("nli") and plain.document == DocumentScorer.packaged("nli")

    (d / "combiner.json").write_text(json.dumps({"name": "own", "weights": {"cos": 1.0}, "bias": 0.5, "threshold": 0.6}))
    (d / "document.json").write_text(json.dumps({"name": "own-doc", "weights": {"min_cap": 2.0}, "bias": -1.0}))
    own = checker_mod.load_models(Settings(verifier=str(d)))
    assert (own.combiner.name, own.combiner.threshold, own.combiner.weights) == ("own", 0.6, {"cos": 1.0})
    assert (own.document.name, own.document.weights, own.document.bias) == ("own-doc", {"min_cap": 2.0}, -1.0)
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"threshold": 0.3}))
    assert checker_mod.load_models(Settings(verifier=str(d), profile=str(profile))).combiner.threshold == 0.3

    (d / "document.json").write_text("{not json")
    with pytest.raises(ModelError) as e:
        checker_mod.load_models(Settings(verifier=str(d)))
    assert e.value.code == "GC305" and "document.json" in str(e.value)
    (d / "document.json").write_text(json.dumps({"bias": 1.0}))  # no weights
    with pytest.raises(ModelError):
        checker_mod.load_models(Settings(verifier=str(d)))

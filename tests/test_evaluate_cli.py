"""`groundcheck eval` and `groundcheck calibrate` end to end on tiny fixtures, with the real models
(the session's, in heuristic mode, so that the expectations do not move when a verifier ships)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from groundcheck import evaluate_cli
from groundcheck.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()


@pytest.fixture(scope="module")
def heuristic(checker):
    from groundcheck import Checker, Settings
    from groundcheck.evaluate import for_evaluation
    from groundcheck.pipeline.combine import Combiner

    models = replace(checker.models, scorer=None, combiner=Combiner.packaged("heuristic"))
    return for_evaluation(Checker(Settings(verifier="heuristic"), models=models))


@pytest.fixture
def use_checker(monkeypatch, heuristic):
    from groundcheck import Checker
    from groundcheck.evaluate import for_evaluation

    def make(model, profile, *args, **kwargs):
        if profile is None:
            return heuristic
        m = heuristic.models
        return for_evaluation(Checker(heuristic.settings, models=replace(m, combiner=m.combiner.with_profile(profile))))

    monkeypatch.setattr(evaluate_cli, "_make_checker", make)
    return heuristic


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_eval_json_counts_bad_rows_and_reports_metrics(use_checker, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    args = ["eval", str(FIXTURES / "eval_pairs.jsonl"), "--format", "json", "--cache-dir", str(cache), "--folds", "2", "-q"]
    res = _json(runner.invoke(app, args))
    assert res["n"] == 8 and res["n_consistent"] == 4
    assert res["errors"] == {"GC101": 1, "GC109": 2}  # blank source; broken JSON, missing label
    assert 0 <= res["balanced_accuracy"] <= 1 and 0 <= res["roc_auc"] <= 1 and 0 < res["threshold"] < 1
    assert res["threshold_source"] == "2-fold CV"
    assert res["roc_auc"] > 0.9  # verbatim sentences vs wrong numbers, names, negations
    assert res["baseline"]["roc_auc"] is not None and "balanced_accuracy" in res["baseline"]
    assert set(res["error_types"]) == {"CircE", "fabrication", "negation", "date", "entity"}
    # the second run with another aggregate and a reference file is served from the cache
    calls = []
    real = use_checker.check
    monkeypatch.setattr(use_checker, "check", lambda *a, **k: calls.append(1) or real(*a, **k))
    res2 = _json(runner.invoke(app, args[:-1] + ["--aggregate", "mean", "--threshold-from", str(FIXTURES / "eval_pairs.jsonl")]))
    assert calls == [] and res2["threshold_source"] == "reference" and res2["aggregate"] == "mean"


def test_eval_text_and_plots(use_checker, tmp_path):
    pytest.importorskip("matplotlib")
    out = runner.invoke(app, ["eval", str(FIXTURES / "eval_pairs.jsonl"), "--folds", "2", "--cache-dir", str(tmp_path), "--plot", str(tmp_path / "plots")])
    assert out.exit_code == 0, out.output
    assert "balanced accuracy" in out.stdout and "word overlap" in out.stdout
    pngs = sorted(p.name for p in (tmp_path / "plots").glob("*.png"))
    assert pngs == ["eval_pairs-reliability.png", "eval_pairs-roc.png"]
    assert (tmp_path / "plots" / pngs[0]).read_bytes()[:4] == b"\x89PNG"


def test_eval_unreadable_or_unusable_file_is_an_input_error(use_checker, tmp_path):
    out = runner.invoke(app, ["eval", str(tmp_path / "missing.jsonl"), "--no-cache"])
    assert out.exit_code == 2 and "[GC108]" in out.stderr
    junk = tmp_path / "junk.jsonl"
    junk.write_text('{"source": "a", "claim": "b"}\nnot json\n')
    out = runner.invoke(app, ["eval", str(junk), "--no-cache"])
    assert out.exit_code == 2 and "no usable labelled rows" in out.stderr and "GC109" in out.stderr


def test_calibrate_profile_changes_check_decisions(use_checker, tmp_path, monkeypatch):
    from groundcheck import Checker

    profile = tmp_path / "profile.json"
    out = runner.invoke(app, ["calibrate", str(FIXTURES / "calibrate_pairs.jsonl"), "-o", str(profile), "--cache-dir", str(tmp_path)])
    assert out.exit_code == 0, out.output
    data = json.loads(profile.read_text())
    assert {"threshold", "temperature", "n", "fitted_on", "groundcheck", "models"} <= set(data)
    assert data["n"] == 9 and data["balanced_accuracy_in_sample"] == 1.0
    source = (FIXTURES / "library_source.txt").read_text()
    loose = (FIXTURES / "library_loose.txt").read_text()  # true, but this user labelled it 0
    verbatim = "Mayor Helen Ortiz said the library would include a children's wing and a community garden."
    before = use_checker.check(source, loose).claims[0]
    assert before.label == "supported"
    # the core applies the profile: temperature on the logit, the profile's threshold
    m = use_checker.models
    strict = Checker(use_checker.settings, models=replace(m, combiner=m.combiner.with_profile(profile)))
    after = strict.check(source, loose).claims[0]
    assert after.label == "unsupported" and after.p_supported < data["threshold"]
    # eval --threshold-from PROFILE applies the profile (temperature and threshold) to other data
    ev_out = _json(runner.invoke(app, ["eval", str(FIXTURES / "eval_pairs.jsonl"), "--threshold-from", str(profile), "--format", "json", "--cache-dir", str(tmp_path), "-q"]))
    assert ev_out["threshold_source"] == "profile" and ev_out["threshold"] == data["threshold"] and ev_out["profile"] == str(profile)
    assert ev_out["baseline"]["threshold_source"] == "5-fold CV"
    assert strict.check(source, verbatim).claims[0].label == "supported"
    # and so does the command line: check --profile (the real load_models, with the session's
    # spaCy and embedder handed in instead of loaded again)
    monkeypatch.setattr("groundcheck.pipeline.analyze.load_spacy", lambda name: m.nlp)
    monkeypatch.setattr("groundcheck.models.hf.TransformersEmbedder", lambda *a, **k: m.embedder)
    for path, text in (("src.txt", source), ("loose.txt", loose)):
        (tmp_path / path).write_text(text)
    cli = runner.invoke(app, ["check", str(tmp_path / "src.txt"), str(tmp_path / "loose.txt"), "--model", "heuristic", "--profile", str(profile), "-f", "json"])
    assert cli.exit_code == 0, cli.output
    assert [c["label"] for c in json.loads(cli.stdout)["claims"]] == ["unsupported"]


def test_calibrate_needs_both_labels(use_checker, tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text("".join(l for l in (FIXTURES / "calibrate_pairs.jsonl").open() if '"label": 1' in l))
    out = runner.invoke(app, ["calibrate", str(one), "-o", str(tmp_path / "p.json"), "--cache-dir", str(tmp_path)])
    assert out.exit_code == 2 and "both labels" in out.stderr and not (tmp_path / "p.json").exists()

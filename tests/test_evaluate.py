"""The evaluation harness's arithmetic, on synthetic arrays (no models): thresholds, folds,
metrics against scikit-learn, row parsing, the score cache, temperature fitting."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from groundcheck import evaluate as ev

FIXTURES = Path(__file__).resolve().parent / "fixtures"

sk_metrics = pytest.importorskip("sklearn.metrics")


def _noisy(n: int = 400, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    s = np.clip(0.35 * y + rng.normal(0.4, 0.2, n), 0, 1).round(2)  # rounded: many ties
    return s, y


def test_metrics_agree_with_sklearn():
    s, y = _noisy()
    pred = (s >= 0.55).astype(int)
    assert ev.balanced_accuracy(y, pred) == pytest.approx(sk_metrics.balanced_accuracy_score(y, pred))
    assert ev.roc_auc(y, s) == pytest.approx(sk_metrics.roc_auc_score(y, s))
    assert ev.f1(y, pred, 1) == pytest.approx(sk_metrics.f1_score(y, pred, pos_label=1))
    assert ev.f1(y, pred, 0) == pytest.approx(sk_metrics.f1_score(y, pred, pos_label=0))
    assert ev.roc_auc(np.zeros(5), np.arange(5)) is None


def test_fit_threshold_maximises_balanced_accuracy():
    s, y = _noisy()
    t = ev.fit_threshold(s, y)
    best = ev.balanced_accuracy(y, (s >= t).astype(int))
    brute = max(ev.balanced_accuracy(y, (s >= c).astype(int)) for c in np.unique(s))
    assert best == pytest.approx(brute)
    # separable scores: the threshold falls between the classes
    assert 0.4 < ev.fit_threshold(np.array([0.1, 0.2, 0.4, 0.6, 0.9]), np.array([0, 0, 0, 1, 1])) < 0.6
    with pytest.raises(ValueError):
        ev.fit_threshold(np.array([0.1, 0.2]), np.array([1, 1]))


def test_folds_are_stratified_and_seeded():
    _, y = _noisy()
    f = ev.fold_ids(y, 5, seed=0)
    assert np.array_equal(f, ev.fold_ids(y, 5, seed=0))
    assert not np.array_equal(f, ev.fold_ids(y, 5, seed=1))
    for k in range(5):
        assert abs((y[f == k] == 1).sum() - y.sum() / 5) <= 1
        assert abs((f == k).sum() - len(y) / 5) <= 1


def test_cv_predictions_use_only_the_other_folds():
    s, y = _noisy()
    pred, thresholds = ev.cv_predict(s, y, 5, seed=3)
    folds = ev.fold_ids(y, 5, seed=3)
    for k in range(5):
        t = ev.fit_threshold(s[folds != k], y[folds != k])
        assert thresholds[k] == t
        assert np.array_equal(pred[folds == k], (s[folds == k] >= t).astype(int))
    # an in-sample fit can only look better than the pooled held-out predictions
    t_all = ev.fit_threshold(s, y)
    assert ev.balanced_accuracy(y, (s >= t_all).astype(int)) >= ev.balanced_accuracy(y, pred)


def _scores(s, y, base=None) -> ev.Scores:
    rows = [ev.EvalRow(i, str(i), ("src",), "c", int(v)) for i, v in enumerate(y)]
    return ev.Scores(rows, np.asarray(s, float), np.asarray(base if base is not None else s, float), np.ones(len(y), int))


def test_evaluate_with_reference_and_one_label_sets():
    s, y = _noisy()
    ref = _scores(s, y)
    res = ev.evaluate(_scores(s, y), reference=ref)
    assert res["threshold_source"] == "reference"
    assert res["threshold"] == ev.fit_threshold(s, y)
    assert res["balanced_accuracy"] == pytest.approx(ev.balanced_accuracy(y, (s >= res["threshold"]).astype(int)))
    cv = ev.evaluate(_scores(s, y))
    assert cv["threshold_source"] == "5-fold CV" and cv["balanced_accuracy"] <= res["balanced_accuracy"]
    # all-inconsistent set: no threshold can be fitted inside it; recall at the default threshold
    zeros = ev.evaluate(_scores([0.2, 0.7, 0.4], [0, 0, 0]), default_threshold=0.5)
    assert zeros["threshold_source"] == "default" and zeros["roc_auc"] is None
    assert zeros["recall_inconsistent"] == pytest.approx(2 / 3)
    assert zeros["baseline"]["balanced_accuracy"] is None
    with_ref = ev.evaluate(_scores([0.2, 0.7, 0.4], [0, 0, 0]), reference=_scores([0.3, 0.8], [0, 1]))
    assert with_ref["baseline"]["recall_inconsistent"] == pytest.approx(2 / 3)


def test_parse_rows_reports_bad_lines_and_reads_error_types():
    rows, bad = ev.read_rows(FIXTURES / "eval_pairs.jsonl")
    assert [r.label for r in rows] == [1, 1, 1, 1, 0, 0, 0, 0, 1]
    assert {b.code for b in bad} == {"GC109"} and len(bad) == 2
    assert "not valid JSON" in bad[0].message and "'label'" in bad[1].message
    by_id = {r.id: r for r in rows}
    assert by_id["bad-number"].error_types == ("CircE",)  # FRANK: a type scored below 1 is present
    assert by_id["bad-entity"].error_types == ("fabrication",)
    assert by_id["bad-negation"].error_types == ("negation",)
    assert by_id["bad-date"].error_types == ("date", "entity")
    assert by_id["ok-3"].claim.startswith("The council voted")  # "derived" accepted for "claim"
    assert ev.error_types_of({"error_free": {"RelE": 0.5, "EntE": 1.0}}) == ("RelE",)


def test_subset_is_deterministic_and_keeps_file_order():
    rows = [ev.EvalRow(i, f"r{i}", ("s",), "c", i % 2) for i in range(50)]
    a, b = ev.subset(rows, 10, seed=0), ev.subset(rows, 10, seed=0)
    assert a == b and len(a) == 10 and [r.line for r in a] == sorted(r.line for r in a)
    assert ev.subset(rows, 10, seed=1) != a
    assert ev.subset(rows, None) == rows


def test_aggregates():
    cl = [ev.ClaimScore(0.9, "supported", None, 30), ev.ClaimScore(0.3, "unsupported", "entity", 10)]
    assert ev.aggregate(cl, "min") == 0.3
    assert ev.aggregate(cl, "mean") == pytest.approx(0.6)
    assert ev.aggregate(cl, "wmean") == pytest.approx((0.9 * 30 + 0.3 * 10) / 40)
    assert ev.aggregate(cl, "gmean") == pytest.approx((0.9 * 0.3) ** 0.5)
    with pytest.raises(ValueError):
        ev.aggregate(cl, "max")


def test_overlap_baseline():
    row = ev.EvalRow(1, "a", ("The council approved the new library budget.",), "The council approved the stadium budget.", 0)
    assert ev.overlap_score(row) == pytest.approx(3 / 4)  # council, approv, budget of council, approv, stadium, budget


class _CountingChecker:
    def __init__(self):
        self.calls = 0

    def check(self, source, derived):
        from groundcheck.errors import InputError

        self.calls += 1
        if not str(source).strip():
            raise InputError("GC101", what="the source")

        class V:
            p_supported, label, error_type, claim = 0.8, "supported", None, "x" * 12

        class R:
            claims = (V(),)

        return R()


def test_score_cache_is_reused_and_keyed(tmp_path):
    rows, _ = ev.read_rows(FIXTURES / "eval_pairs.jsonl")
    fake = _CountingChecker()
    first = ev.score_rows(fake, rows, ev.ScoreCache(tmp_path, {"model": "a"}, name="eval_pairs.jsonl"))
    assert fake.calls == len(rows)
    assert [s.error for s in first].count("GC101") == 1  # the blank source: counted, not a crash
    again = ev.score_rows(fake, rows, ev.ScoreCache(tmp_path, {"model": "a"}, name="other.jsonl"))
    assert fake.calls == len(rows) and again == first  # every row from the cache, across files
    ev.score_rows(fake, rows, ev.ScoreCache(tmp_path, {"model": "b"}))
    assert fake.calls == 2 * len(rows)  # another model key scores again
    # a line cut short by an interrupted run is skipped, not fatal
    path = next(p for p in tmp_path.rglob("eval_pairs.jsonl"))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"k": "abc", "claims": [[0.5, "sup')
    assert len(ev.ScoreCache(tmp_path, {"model": "a"}).entries) == len(rows)


def test_code_fingerprint_follows_code_and_word_lists(tmp_path):
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "resources").mkdir()
    (tmp_path / "pipeline" / "stage.py").write_text("X = 1\n")
    lexicon = tmp_path / "resources" / "casing-en.txt"
    lexicon.write_text("Gateshead\n")
    first = ev.code_fingerprint(tmp_path)
    assert ev.code_fingerprint(tmp_path) == first
    lexicon.write_text("Gateshead\nNATO\n")  # a rebuilt lexicon changes scores: cached ones must not be reused
    second = ev.code_fingerprint(tmp_path)
    assert second != first
    (tmp_path / "pipeline" / "notes.md").write_text("prose")
    assert ev.code_fingerprint(tmp_path) == second


def test_fit_temperature_recovers_a_known_scale():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, 4000)
    y = (rng.random(4000) < ev.sigmoid(z / 2.5)).astype(int)
    t = ev.fit_temperature(ev.sigmoid(z), y)
    assert 2.1 < t < 2.9
    prof = ev.fit_profile(ev.sigmoid(z), y)
    assert 0 < prof["threshold"] < 1 and prof["log_loss_after"] <= prof["log_loss_before"]


def test_roc_points_and_reliability():
    from groundcheck.evaluate_plot import reliability, roc_points

    s, y = _noisy()
    fpr, tpr = roc_points(y, s)
    assert fpr[0] == tpr[0] == 0 and fpr[-1] == tpr[-1] == 1
    assert np.trapezoid(tpr, fpr) == pytest.approx(ev.roc_auc(y, s))
    bins = reliability(y, s)
    assert sum(c for _, _, c in bins) == len(y)
    json.dumps(bins)

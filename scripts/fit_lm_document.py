"""Fit the stacked document scorer (`groundcheck/resources/document-lm.json`): the default document score
plus the language model's document features, on the same fitting sets as the base scorer.

    python scripts/fit_lm_document.py --lm-dumps runs/lm --features runs/features/v3 \\
        --fit SummaC-summeval.val SummaC-factcc.val QAGS-cnndm.test QAGS-xsum.test SummEdits.val \\
        --eval FRANK.val SummaC-cogensumm.val SummaC-xsumfaith.val Polytope.val [--write]

The base score of a row is the packaged heuristic document scorer on its dumped claim features
(`scripts/dump_features.py`); the LM features come from `scripts/dump_lm.py`. Which LM features enter is
chosen by leaving one fitting set out at a time; the --eval sets are only reported, never fitted on.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

FEATURES = ("lm_given", "lm_gain")


def load(lm_dir: Path, features: Path, name: str) -> tuple[np.ndarray, np.ndarray, list[dict[str, float]]]:
    """Labels, base P(consistent) and LM features of the rows of `name` that both dumps hold."""
    from fit_combiner_dev import load as load_features

    from groundcheck.models.lm import TokenScores, document_lm_features
    from groundcheck.pipeline.document import DocumentScorer

    base = DocumentScorer.packaged("heuristic")
    assert base is not None
    rows = {r["id"]: r for r in load_features(features, name)}
    y, p, f = [], [], []
    for line in (lm_dir / f"{name}.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        r = rows.get(d["key"])
        if r is None:
            continue
        given, alone = np.array(d["given"]), np.array(d["alone"])
        y.append(d["label"])
        p.append(base.p_consistent([c["f"] for c in r["claims"]], [c["cap"] for c in r["claims"]], r["text"]))
        f.append(document_lm_features(TokenScores(np.zeros((len(given), 2), int), given, alone, d["source_tokens"], True)))
    return np.array(y), np.array(p), f


def design(p: np.ndarray, f: list[dict[str, float]], names: tuple[str, ...]) -> np.ndarray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.column_stack([np.log(q / (1 - q))] + [[x[k] for x in f] for k in names])


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression

    from fit_combiner_dev import metrics
    from groundcheck.evaluate import fit_threshold

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lm-dumps", type=Path, required=True)
    ap.add_argument("--features", type=Path, required=True)
    ap.add_argument("--fit", nargs="+", required=True)
    ap.add_argument("--eval", nargs="*", default=[])
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--write", action="store_true", help="write groundcheck/resources/document-lm.json")
    a = ap.parse_args(argv)

    data = {s: load(a.lm_dumps, a.features, s) for s in a.fit + a.eval}

    def stack(sets, names):
        X = np.vstack([design(data[s][1], data[s][2], names) for s in sets])
        y = np.concatenate([data[s][0] for s in sets])
        # each fitting set weighs the same, whatever its size
        w = np.concatenate([np.full(len(data[s][0]), 1.0 / len(data[s][0])) for s in sets])
        return X, y, w * len(y) / w.sum()

    def fit(sets, names):
        X, y, w = stack(sets, names)
        return LogisticRegression(C=a.C, max_iter=5000).fit(X, y, sample_weight=w)

    def score(clf, s, names):
        return clf.predict_proba(design(data[s][1], data[s][2], names))[:, 1]

    # the empty subset is the base score alone (recalibrated): the LM must earn its place against it
    subsets = [c for k in range(len(FEATURES) + 1) for c in combinations(FEATURES, k)]
    lofo = {}
    for names in subsets:
        bas = [metrics(data[s][0], score(fit([t for t in a.fit if t != s], names), s, names))["balanced_accuracy"] for s in a.fit]
        lofo[names] = float(np.mean(bas))
    base_lofo = float(np.mean([metrics(data[s][0], data[s][1])["balanced_accuracy"] for s in a.fit]))
    print(f"leave-one-fitting-set-out mean BA: base {base_lofo:.4f}; " + "; ".join(f"{'+'.join(n) or 'base alone'} {v:.4f}" for n, v in lofo.items()))
    names = max(subsets, key=lambda n: lofo[n])
    clf = fit(a.fit, names)
    X, y, _ = stack(a.fit, names)
    threshold = fit_threshold(clf.predict_proba(X)[:, 1], y)
    report = {}
    for s in a.fit + a.eval:
        yb, pb, _ = data[s]
        report[s] = {"base": metrics(yb, pb), "stacked": metrics(yb, score(clf, s, names)), "role": "fit" if s in a.fit else "eval"}
        print(f"{s:24s} n={len(yb):4d}  base BA {report[s]['base']['balanced_accuracy']:.3f} AUC {report[s]['base']['roc_auc']:.3f}"
              f"  stacked BA {report[s]['stacked']['balanced_accuracy']:.3f} AUC {report[s]['stacked']['roc_auc']:.3f}  ({report[s]['role']})")
    if a.eval:
        print(f"eval mean BA: base {np.mean([report[s]['base']['balanced_accuracy'] for s in a.eval]):.4f}, "
              f"stacked {np.mean([report[s]['stacked']['balanced_accuracy'] for s in a.eval]):.4f}")
    out = {
        "name": "document-lm/dev-fitted",
        "note": "fitted by scripts/fit_lm_document.py on " + ", ".join(a.fit) + "; the headline sets were not used",
        "base_weight": round(float(clf.coef_[0][0]), 5),
        "weights": {k: round(float(w), 5) for k, w in zip(names, clf.coef_[0][1:])},
        "bias": round(float(clf.intercept_[0]), 5),
        "threshold": round(float(threshold), 4),
        "fit": {"rows": int(len(y)), "C": a.C, "lofo_mean_ba": {"+".join(n) or "base alone": round(v, 4) for n, v in lofo.items()},
                "base_lofo_mean_ba": round(base_lofo, 4), "sets": report},
    }
    if a.write:
        (ROOT / "groundcheck" / "resources" / "document-lm.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    else:
        print(json.dumps({k: v for k, v in out.items() if k != "fit"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

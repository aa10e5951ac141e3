"""Measure a stacked document score: the shipped default's logit plus a few NLI document features.

    python scripts/fit_stacked_document.py --features runs/features/v11c --extra min_nli_entail,max_nli_contradict

The model can then only move the default's score, by as much as the fitting sets say (two or three
weights instead of the NLI scorer's twenty-one). Fitted on the five fitting sets, C chosen by leaving one
fitting set out; printed for the headline sets next to the default alone. Nothing is written: this is a
measurement (docs/verifier.md, round 8).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_combiner_dev as fcd  # noqa: E402

FIT = ["SummaC-summeval.val", "SummaC-factcc.val", "QAGS-cnndm.test", "QAGS-xsum.test", "SummEdits.val"]
EVAL = ["FRANK.val", "SummaC-cogensumm.val", "SummaC-xsumfaith.val", "Polytope.val"]


def main(argv=None) -> int:
    from sklearn.linear_model import LogisticRegression

    from groundcheck.pipeline.document import DocumentScorer, document_features

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--features", type=Path, required=True, help="dumps of scripts/dump_features.py with an NLI verifier")
    ap.add_argument("--extra", required=True, help="comma-separated NLI document features to stack")
    a = ap.parse_args(argv)
    extra = tuple(a.extra.split(","))
    default = DocumentScorer.packaged("heuristic")

    def design(rows):
        out = []
        for r in rows:
            d = document_features([c["f"] for c in r["claims"]], [c["cap"] for c in r["claims"]], r["text"])
            out.append([default.logit(d)] + [d[k] for k in extra])
        return np.array(out)

    rows = {s: fcd.load(a.features, s) for s in FIT + EVAL}
    X = {s: design(rows[s]) for s in rows}
    Y = {s: fcd.labels(rows[s]) for s in rows}

    def model(sets, c):
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(
            np.vstack([X[t] for t in sets]), np.concatenate([Y[t] for t in sets]))

    def lofo(c):
        return float(np.mean([fcd.metrics(Y[s], model([t for t in FIT if t != s], c).predict_proba(X[s])[:, 1])
                              ["balanced_accuracy"] for s in FIT]))

    grid = {c: lofo(c) for c in (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)}
    C = max(grid, key=lambda c: (grid[c], -c))
    m = model(FIT, C)
    stacked = {s: fcd.metrics(Y[s], m.predict_proba(X[s])[:, 1]) for s in EVAL}
    base = {s: fcd.metrics(Y[s], X[s][:, 0]) for s in EVAL}
    base_lofo = float(np.mean([fcd.metrics(Y[s], X[s][:, 0])["balanced_accuracy"] for s in FIT]))
    out = {"extra": extra, "C": C, "lofo": round(grid[C], 4), "lofo_default_alone": round(base_lofo, 4),
           "weights": dict(zip(("default_logit",) + extra, np.round(m.coef_[0], 4).tolist())),
           "stacked": stacked, "default": base}
    for res in (stacked, base):
        res["mean_auc"] = round(float(np.mean([res[s]["roc_auc"] for s in EVAL])), 4)
        res["mean_balanced_accuracy"] = round(float(np.mean([res[s]["balanced_accuracy"] for s in EVAL])), 4)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

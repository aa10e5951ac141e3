"""Fit the combiner (claim features -> P(supported)) and write groundcheck/resources/combiner-*.json.

The rows are (premise, hypothesis) pairs from the permissively licensed NLI and fact-checking
sets in ../shared/data/train (FEVER, MNLI, SNLI, SciTail, RTE), labelled entailed = 1, neutral or
contradicted = 0, plus synthetic rewrite errors when groundcheck.synth is available (training
articles only, never the held-out test articles). Each row goes through the real pipeline, so
the features are exactly what `check()` computes. Dev sets are never used here.

    python scripts/fit_combiner.py --mode heuristic --rows 2400
    python scripts/fit_combiner.py --mode nli --rows 900 --synthetic 400 --verifier models/verifier-candidate
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PERMISSIVE = {"FEVER-NLI-binary(DocNLI)", "FEVER-RTE", "MNLI", "MNLI-binary(DocNLI)", "SNLI", "SciTail", "RTE"}


def load_rows(data: Path, n: int, seed: int) -> list[dict]:
    rows = []
    with lzma.open(data / "train" / "nli_and_consistency.jsonl.xz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["dataset"] in PERMISSIVE and len(r["source"]) < 3000 and len(r["claim"]) < 400:
                rows.append(r)
    rng = random.Random(seed)
    rng.shuffle(rows)
    pos = [r for r in rows if str(r["label"]) == "1"][: n // 2]
    neg = [r for r in rows if str(r["label"]) == "0"][: n // 2]
    return pos + neg


def synth_rows(data: Path, n: int, seed: int) -> list[dict]:
    if n <= 0:
        return []
    from groundcheck import synth

    articles = synth.load_articles(data / "news" / "articles.jsonl.xz")
    out = []
    for p in synth.make_pairs(articles, seed=seed, n=n, split="train"):
        out.append({"source": p.evidence, "claim": p.claim, "label": "1" if p.label3 == "entailment" else "0", "dataset": f"synth-{p.error_type}"})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["heuristic", "nli"], default="heuristic")
    ap.add_argument("--rows", type=int, default=2400)
    ap.add_argument("--synthetic", type=int, default=800)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--verifier", default="auto", help="with --mode nli: the NLI model (auto, a directory or a name)")
    ap.add_argument("--threads", type=int, default=0, help="torch/onnx threads; 0 = the library default")
    ap.add_argument("--out", type=Path, default=None, help="where to write the combiner (default: the packaged resource)")
    args = ap.parse_args()

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from groundcheck import Checker
    from groundcheck.errors import GroundcheckError
    from groundcheck.pipeline.combine import FEATURES
    from groundcheck.pipeline.verify import features

    checker = Checker(verifier="heuristic" if args.mode == "heuristic" else args.verifier, threads=args.threads)
    if args.mode == "nli" and checker.models.scorer is None:
        print("no NLI model found (models/verifier/model.onnx, or give --verifier); nothing to fit", file=sys.stderr)
        return 2
    rows = load_rows(args.data, args.rows, args.seed) + synth_rows(args.data, args.synthetic, args.seed)
    X, y, groups = [], [], []
    t0 = time.time()
    for i, r in enumerate(rows):
        try:
            work = checker.run(r["source"], r["claim"])
        except GroundcheckError:
            continue
        label = 1 if str(r["label"]) == "1" else 0
        # A false hypothesis split into clauses may have true clauses: keep negatives only
        # when the claim stayed whole, so each label is a claim-level truth.
        if label == 0 and len(work.claims) != 1:
            continue
        for ci in range(len(work.claims)):
            f = features(work, ci)
            X.append([f[k] for k in FEATURES])
            y.append(label)
            groups.append(r.get("dataset", "?"))
        if i % 200 == 0:
            print(f"{i}/{len(rows)} rows, {time.time() - t0:.0f}s", file=sys.stderr)
    Xa, ya = np.array(X), np.array(y)
    idx = np.random.default_rng(args.seed).permutation(len(ya))
    cut = int(0.8 * len(ya))
    tr, te = idx[:cut], idx[cut:]
    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit(Xa[tr], ya[tr])
    auc = roc_auc_score(ya[te], clf.predict_proba(Xa[te])[:, 1])
    clf.fit(Xa, ya)  # final weights on everything
    out = {
        "name": f"combiner-{args.mode}/fitted",
        "note": "fitted by scripts/fit_combiner.py on permissive NLI rows (+ synthetic rewrite errors when available)",
        "weights": {k: round(float(w), 5) for k, w in zip(FEATURES, clf.coef_[0])},
        "bias": round(float(clf.intercept_[0]), 5),
        "threshold": 0.5,
        "fit": {"claims": int(len(ya)), "positives": int(ya.sum()), "heldout_auc": round(float(auc), 4), "seed": args.seed, "rows": len(rows)},
    }
    path = args.out or ROOT / "groundcheck" / "resources" / f"combiner-{args.mode}.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

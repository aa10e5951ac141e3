"""Would a whole-source word-overlap feature help the combiner? Leave-one-set-out estimate from
cached eval scores (no models): a logistic regression on [logit(p_supported, min over claims),
overlap] is fitted on the rows of all other sets and scored on the held-out set with the same
protocol as `groundcheck eval` (5-fold CV threshold, balanced accuracy).

    python bench/overlap_feature.py .cache/groundcheck-eval/<key> SET ...
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from groundcheck import evaluate as ev


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cache", type=Path)
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--data", default="../shared/data/dev")
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()
    entries = ev.read_cached_scores(args.cache)
    data = {}
    for name in args.sets:
        rows, _ = ev.read_rows(Path(args.data) / f"{name}.jsonl.xz")
        rows = [r for r in ev.subset(rows, args.limit, 0) if r.key in entries and not entries[r.key].error]
        y = np.array([r.label for r in rows])
        if len(rows) < 20 or len(set(y.tolist())) < 2:
            continue
        p = np.array([ev.aggregate(entries[r.key].claims, "min") for r in rows])
        o = np.array([ev.overlap_score(r) for r in rows])
        data[name] = (np.column_stack([ev.logit(p), o]), y)
    print("| held-out set | n | model BA | overlap BA | model+overlap BA (LOSO fit) | model AUC | model+overlap AUC | weights [logit p, overlap] |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (x, y) in data.items():
        xs = np.concatenate([d[0] for k, d in data.items() if k != name])
        ys = np.concatenate([d[1] for k, d in data.items() if k != name])
        lr = LogisticRegression(class_weight="balanced").fit(xs, ys)
        s = lr.decision_function(x)
        out = []
        for score in (x[:, 0], x[:, 1], s):
            pred, _ = ev.cv_predict(score, y, 5, 0)
            out.append(ev.balanced_accuracy(y, pred))
        w = ", ".join(f"{v:.2f}" for v in lr.coef_[0])
        print(f"| {name} | {len(y)} | {out[0]:.3f} | {out[1]:.3f} | {out[2]:.3f} | {ev.roc_auc(y, x[:, 0]):.3f} | {ev.roc_auc(y, s):.3f} | {w} |")


if __name__ == "__main__":
    main()

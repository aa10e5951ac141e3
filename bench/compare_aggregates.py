"""Compare document-score aggregates (min, mean, wmean, gmean) from cached eval scores, no models.

    python bench/compare_aggregates.py .cache/groundcheck-eval/<key> [--limit 200] SET ...

Reads the per-row scores that `groundcheck eval` cached under one model key and reports, per set,
the 5-fold-CV balanced accuracy and ROC AUC of each aggregate (rows with one claim score the
same under all of them, so the multi-claim rows are counted too).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from groundcheck import evaluate as ev


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cache", type=Path)
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--data", default="../shared/data/dev")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    entries = ev.read_cached_scores(args.cache)
    print("| set | n | multi-claim rows | " + " | ".join(f"{a} BA | {a} AUC" for a in ev.AGGREGATES) + " |")
    print("|---|---|---|" + "---|---|" * len(ev.AGGREGATES))
    for name in args.sets:
        rows, _ = ev.read_rows(Path(args.data) / f"{name}.jsonl.xz")
        rows = ev.subset(rows, args.limit, args.seed)
        pairs = [(r, entries[r.key]) for r in rows if r.key in entries and not entries[r.key].error]
        if len(pairs) < len(rows) * 0.9:
            print(f"| {name} | only {len(pairs)}/{len(rows)} cached |")
            continue
        y = np.array([r.label for r, _ in pairs])
        multi = sum(1 for _, s in pairs if len(s.claims) > 1)
        cells = []
        for a in ev.AGGREGATES:
            s = np.array([ev.aggregate(sc.claims, a) for _, sc in pairs])
            if len(set(y.tolist())) < 2:
                cells += ["–", "–"]
                continue
            pred, _ = ev.cv_predict(s, y, 5, args.seed)
            cells += [f"{ev.balanced_accuracy(y, pred):.3f}", f"{ev.roc_auc(y, s):.3f}"]
        print(f"| {name} | {len(pairs)} | {multi} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

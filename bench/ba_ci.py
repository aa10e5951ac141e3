"""Paired bootstrap 95% intervals for balanced accuracy (model, word overlap, difference) from
cached eval scores, with the harness's protocol (5-fold CV threshold, pooled predictions).

    python bench/ba_ci.py .cache/groundcheck-eval/<key> [--limit 200] SET ...
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
    ap.add_argument("--aggregate", default="min")
    ap.add_argument("--boot", type=int, default=2000)
    args = ap.parse_args()
    entries = ev.read_cached_scores(args.cache)
    rng = np.random.default_rng(0)
    print("| set | n | model BA [95% CI] | overlap BA [95% CI] | difference [95% CI] |")
    print("|---|---|---|---|---|")
    for name in args.sets:
        rows, _ = ev.read_rows(Path(args.data) / f"{name}.jsonl.xz")
        rows = [r for r in ev.subset(rows, args.limit, 0) if r.key in entries and not entries[r.key].error]
        y = np.array([r.label for r in rows])
        if len(set(y.tolist())) < 2:
            continue
        m = np.array([ev.aggregate(entries[r.key].claims, args.aggregate) for r in rows])
        o = np.array([ev.overlap_score(r) for r in rows])
        pm, _ = ev.cv_predict(m, y, 5, 0)
        po, _ = ev.cv_predict(o, y, 5, 0)
        stats = []
        for _ in range(args.boot):
            i = rng.integers(0, len(y), len(y))
            if len(set(y[i].tolist())) < 2:
                continue
            a, b = ev.balanced_accuracy(y[i], pm[i]), ev.balanced_accuracy(y[i], po[i])
            stats.append((a, b, a - b))
        s = np.array(stats)
        lo, hi = np.percentile(s, [2.5, 97.5], axis=0)
        pt = (ev.balanced_accuracy(y, pm), ev.balanced_accuracy(y, po))
        pt = (*pt, pt[0] - pt[1])
        cells = [f"{pt[k]:+.3f} [{lo[k]:+.3f}, {hi[k]:+.3f}]" if k == 2 else f"{pt[k]:.3f} [{lo[k]:.3f}, {hi[k]:.3f}]" for k in range(3)]
        print(f"| {name} | {len(y)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

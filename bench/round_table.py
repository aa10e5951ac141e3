"""Markdown table comparing `groundcheck eval --format json` results of several configurations per set.

    python bench/round_table.py docs/evaluation/round2 heur-{}-document heur-{}-min cand-{}-document -- SET ...

Each column pattern names files `<dir>/<pattern with {} = SET>.json`; the last column is the word-overlap
baseline of the first pattern's file. Missing files print "–".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    d = Path(argv[0])
    cut = argv.index("--")
    pats, sets = argv[1:cut], argv[cut + 1:]

    def get(pat: str, s: str):
        f = d / (pat.format(s) + ".json")
        return json.loads(f.read_text()) if f.exists() else None

    print("| set | n | " + " | ".join(f"{p.replace('-{}', '').replace('{}-', '')} BA / AUC" for p in pats) + " | word overlap BA / AUC |")
    print("|---|---|" + "---|" * (len(pats) + 1))
    means = [[] for _ in pats] + [[]]
    for s in sets:
        rs = [get(p, s) for p in pats]
        first = next((r for r in rs if r), None)
        cells = []
        for i, r in enumerate(rs):
            if r is None:
                cells.append("–")
                continue
            cells.append(f"{r['balanced_accuracy']:.3f} / {r['roc_auc']:.3f}")
            means[i].append(r["balanced_accuracy"])
        b = first["baseline"] if first else None
        if b:
            means[-1].append(b["balanced_accuracy"])
        cells.append(f"{b['balanced_accuracy']:.3f} / {b['roc_auc']:.3f}" if b else "–")
        print(f"| {s} | {first['n'] if first else '–'} | " + " | ".join(cells) + " |")
    print("| mean BA | | " + " | ".join(f"{sum(m) / len(m):.3f}" if len(m) == len(sets) else "–" for m in means) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])

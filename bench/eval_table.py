"""Markdown table from `groundcheck eval --format json` results: one row per file.

    python bench/eval_table.py runs/eval/heuristic/*.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def fmt(x, d=3):
    return "–" if x is None else f"{x:.{d}f}"


def main(paths: list[str]) -> None:
    print("| set | n (1/0) | not scored | claims/row | threshold | BA | ROC AUC | F1 (consistent) | F1 (inconsistent) | overlap BA | overlap AUC | model − overlap BA |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for p in paths:
        try:
            r = json.loads(Path(p).read_text())
        except (OSError, ValueError):
            continue
        b = r["baseline"]
        name = Path(r["file"]).name.replace(".jsonl.xz", "").replace(".jsonl", "")
        if r.get("threshold_from"):
            name += f" (threshold from {Path(r['threshold_from']).name.replace('.jsonl.xz', '')})"
        diff = None if r["balanced_accuracy"] is None or b["balanced_accuracy"] is None else r["balanced_accuracy"] - b["balanced_accuracy"]
        print(
            f"| {name} | {r['n']} ({r['n_consistent']}/{r['n_inconsistent']}) | {r['n_errors']} | {fmt(r['claims_per_row'], 2)} | "
            f"{r['threshold_source']} | {fmt(r['balanced_accuracy'])} | {fmt(r['roc_auc'])} | {fmt(r['f1'])} | {fmt(r['f1_inconsistent'])} | "
            f"{fmt(b['balanced_accuracy'])} | {fmt(b['roc_auc'])} | {'–' if diff is None else f'{diff:+.3f}'} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])

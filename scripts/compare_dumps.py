"""Compare two feature dumps (scripts/dump_features.py) of the same dev sets by what the shipped claim
combiner makes of them: per set, the ROC AUC of the summary's weakest claim (min over claims of
P(supported), after the exact checks' ceilings), the claim verdicts' own view of a summary.

This isolates a change to the claim features (stems, coverage) from the document scorer, which
`fit_combiner_dev.py --level document` refits and measures.

    python scripts/compare_dumps.py runs/features/v7 runs/features/v10n FRANK.val SummaC-cogensumm.val ...

A set whose rows all carry one label has no AUC; for it the share of summaries flagged (weakest claim
below the combiner's threshold) is printed instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from groundcheck.evaluate import roc_auc  # noqa: E402
from groundcheck.pipeline.combine import Combiner  # noqa: E402


def weakest(dump: Path, combiner: Combiner) -> tuple[list[int], list[float]]:
    labels, scores = [], []
    for line in dump.open(encoding="utf-8"):
        row = json.loads(line)
        if not row.get("claims"):
            continue
        labels.append(int(row["label"]))
        scores.append(min(min(combiner.p_supported(c["f"]), c.get("cap", 1.0)) for c in row["claims"]))
    return labels, scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--mode", choices=["heuristic", "nli"], default="heuristic", help="which packaged combiner")
    a = ap.parse_args()
    combiner = Combiner.packaged(a.mode)
    print(f"| set | n | {a.before.name} | {a.after.name} | change |")
    print("|---|---|---|---|---|")
    for name in a.sets:
        figs = []
        for d in (a.before, a.after):
            y, s = weakest(d / f"{name}.jsonl", combiner)
            auc = roc_auc(y, s)
            figs.append(("AUC", auc) if auc is not None else ("flagged", sum(p < combiner.threshold for p in s) / len(s)))
        (kind, x0), (_, x1) = figs
        print(f"| {name} | {len(y)} | {kind} {x0:.4f} | {kind} {x1:.4f} | {x1 - x0:+.4f} |")


if __name__ == "__main__":
    main()

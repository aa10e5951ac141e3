"""Speed of one check on the bundled example, as ratios against a baseline run in the same process.

    python bench/speed.py [--repeat 7]

Rows (each the median of --repeat runs after one warm-up):
  baseline      heuristic verifier, no exact checks
  + checks      heuristic verifier with the exact checks       (issue: at most 1.20x the baseline)
  + model       an NLI model (--model DIR, or models/verifier) with the exact checks
                                                               (issue: at most 2x the same without the model)
Only the ratios are meaningful across machines; absolute times are printed for context.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parent.parent


def timed(checkers: list, src: str, der: str, repeat: int) -> list[float]:
    """Median seconds per configuration, runs interleaved (A B A B ...) so that load changes on a
    shared machine hit every configuration alike."""
    for c in checkers:
        c.check(src, der)  # warm-up: caches, lazy imports, first-call allocations
    times: list[list[float]] = [[] for _ in checkers]
    for _ in range(repeat):
        for i, c in enumerate(checkers):
            t = time.perf_counter()
            c.check(src, der)
            times[i].append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--model", default=None, help="an NLI model to time (a directory or name); default: "
                                                   "models/verifier when it exists")
    args = ap.parse_args()

    from groundcheck import Checker
    from groundcheck.checker import VERIFIER_DIR

    src = (ROOT / "examples" / "source.txt").read_text("utf-8")
    der = (ROOT / "examples" / "rewrite.txt").read_text("utf-8")
    heuristic = Checker(verifier="heuristic", threads=args.threads)
    no_checks = Checker(heuristic.settings.model_copy(update={"checks": ()}), models=heuristic.models)

    configs = [no_checks, heuristic]
    if args.model:
        configs.append(Checker(verifier=args.model, threads=args.threads))
    elif (VERIFIER_DIR / "model.onnx").exists():
        configs.append(Checker(verifier="auto", threads=args.threads))
    medians = timed(configs, src, der, args.repeat)
    base, with_checks = medians[0], medians[1]
    rows = [("baseline (heuristic, no checks)", base, 1.0), ("+ exact checks", with_checks, with_checks / base)]
    if len(medians) > 2:
        rows.append(("+ NLI model (with checks)", medians[2], medians[2] / with_checks))
    print(f"{'configuration':38s} {'median s':>9s} {'ratio':>7s}")
    for name, t, r in rows:
        print(f"{name:38s} {t:9.3f} {r:7.2f}x")
    print("ratios: checks vs baseline; model vs the same without the model")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed of one check on the bundled example, as ratios against a baseline run in the same process.

    python bench/speed.py [--repeat 7]

Rows (each the median of --repeat runs after one warm-up):
  baseline      heuristic verifier, no exact checks
  + checks      heuristic verifier with the exact checks       (issue: at most 1.20x the baseline)
  + model       packaged NLI model with the exact checks       (issue: at most 2x the same without the model)
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


def timed(checker, src: str, der: str, repeat: int) -> float:
    checker.check(src, der)  # warm-up: caches, lazy imports, first-call allocations
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        checker.check(src, der)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()

    from groundcheck import Checker
    from groundcheck.checker import VERIFIER_DIR

    src = (ROOT / "examples" / "source.txt").read_text("utf-8")
    der = (ROOT / "examples" / "rewrite.txt").read_text("utf-8")
    heuristic = Checker(verifier="heuristic", threads=args.threads)
    no_checks = Checker(heuristic.settings.model_copy(update={"checks": ()}), models=heuristic.models)

    base = timed(no_checks, src, der, args.repeat)
    with_checks = timed(heuristic, src, der, args.repeat)
    rows = [("baseline (heuristic, no checks)", base, 1.0), ("+ exact checks", with_checks, with_checks / base)]
    if (VERIFIER_DIR / "model.onnx").exists():
        model = Checker(verifier="auto", threads=args.threads)
        with_model = timed(model, src, der, args.repeat)
        rows.append(("+ packaged NLI model (with checks)", with_model, with_model / with_checks))
    print(f"{'configuration':38s} {'median s':>9s} {'ratio':>7s}")
    for name, t, r in rows:
        print(f"{name:38s} {t:9.3f} {r:7.2f}x")
    print("ratios: checks vs baseline; model vs the same without the model")
    return 0


if __name__ == "__main__":
    sys.exit(main())

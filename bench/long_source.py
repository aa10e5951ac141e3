"""The cost of one check on a long source, stage by stage, and of one part of it.

    python bench/long_source.py [--articles 400] [--repeat 3] [--compare arcs|case]

The source is the first --articles news articles of ../shared/data/news joined into one text (400 make
about 0.86 MB); the derived text is the first sentence of each of the first ten. Two configurations run
interleaved in one process, each the median of --repeat warm runs:
  default       the default pipeline
  --compare arcs (the default): the same, with `novel_arcs` (pipeline/document.py) not computed: every
                source sentence that holds two words of one of the derived text's arcs is parsed for it,
                so its cost grows with the source
  --compare case: the derived text in lower case, as many summarisers write it, and the same check with
                the casing stage off (`restore_case=False`): restoring its capitals reads every word of
                the source once
Printed: seconds per stage of the default check, the share of the total, and the ratio of the two
configurations' totals. Only ratios are meaningful across machines.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def texts(n: int) -> tuple[str, str]:
    path = ROOT.parent / "shared" / "data" / "news" / "articles.jsonl.xz"
    arts = []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            arts.append(json.loads(line)["text"])
            if len(arts) == n:
                break
    return "\n\n".join(arts), " ".join(a.split(". ")[0].rstrip(".") + "." for a in arts[:10])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", choices=["arcs", "case"], default="arcs")
    a = ap.parse_args()

    from groundcheck import Checker
    from groundcheck.pipeline import document

    src, der = texts(a.articles)
    checker = Checker()
    real = document.relation_features
    if a.compare == "case":
        der = der.lower()
        plain = Checker(checker.settings.model_copy(update={"restore_case": False}), models=checker.models)

    def run(default: bool):
        if a.compare == "case":
            t = time.perf_counter()
            work = (checker if default else plain).run(src, der)
            return time.perf_counter() - t, work.timing
        document.relation_features = real if default else (lambda *_: {"novel_arcs": 0.0})
        try:
            t = time.perf_counter()
            work = checker.run(src, der)
            return time.perf_counter() - t, work.timing
        finally:
            document.relation_features = real

    run(True)  # warm-up: model loads, caches
    totals: dict[bool, list[float]] = {True: [], False: []}
    stages: list[dict[str, float]] = []
    for _ in range(a.repeat):
        for default in (True, False):
            s, timing = run(default)
            totals[default].append(s)
            if default:
                stages.append(timing)
    total = statistics.median(totals[True])
    print(f"source {len(src) / 1e6:.2f} MB ({a.articles} articles), derived {len(der.split())} words")
    print(f"{'stage (default)':<20}{'median s':>10}{'share':>8}")
    for name in stages[0]:
        if name == "total":
            continue
        med = statistics.median(t[name] for t in stages)
        print(f"{name:<20}{med:>10.2f}{med / total:>8.0%}")
    off = statistics.median(totals[False])
    print(f"{'total':<20}{total:>10.2f}")
    other = "no arcs" if a.compare == "arcs" else "casing off"
    print(f"default vs {other}: {total:.2f} s / {off:.2f} s = {total / off:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

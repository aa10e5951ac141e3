"""Dump the language model's token scores for labelled summary rows, to fit the stacked document scorer.

    python scripts/dump_lm.py ../shared/data/dev/FRANK.val.jsonl.xz --limit 200 --out runs/lm/FRANK.val.jsonl

One JSON line per row: {"id", "label", "key", "given": [...], "alone": [...], "source_tokens"}. Rows are a
seeded shuffle of the file, cut at --limit. Rows are scored as `groundcheck check --lm` scores them, except
that a source over the model's window is cut to its first tokens here (the pipeline uses the retrieved
evidence instead): there is no retrieval in this script.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--lm", default="smollm2", help="'smollm2' (packaged) or a causal LM name or directory")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from groundcheck.evaluate import read_rows
    from groundcheck.models.lm import CausalLMScorer

    rows = list(read_rows(a.data)[0])
    random.Random(a.seed).shuffle(rows)
    rows = rows[: a.limit]
    lm = CausalLMScorer(a.lm, threads=a.threads)
    done = set()
    if a.out.exists():  # resume
        done = {json.loads(line)["key"] for line in a.out.open(encoding="utf-8")}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with a.out.open("a", encoding="utf-8") as f:
        for i, r in enumerate(rows):
            if r.key in done:
                continue
            s = lm.score(list(r.source), r.claim)
            f.write(json.dumps({"id": r.id, "label": r.label, "key": r.key, "given": [round(x, 5) for x in s.given.tolist()],
                                "alone": [round(x, 5) for x in s.alone.tolist()], "source_tokens": s.source_tokens}) + "\n")
            f.flush()
            if i % 20 == 0:
                print(f"{a.data.name}: {i + 1}/{len(rows)} rows, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

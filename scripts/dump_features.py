"""Run the pipeline on labelled rows and store every claim's combiner features, so that combiners can be
fitted and compared without re-running the models.

    python scripts/dump_features.py ../shared/data/dev/FRANK.val.jsonl.xz --verifier models/verifier \
        --out runs/features/verifier/FRANK.val.jsonl

One JSON line per row: {"id", "label", "claims": [{"f": {feature: value}, "cap": c, "chars": n, "kinds": [...]}]},
where `cap` is the ceiling that decisive exact-check findings put on the claim's P(supported) (1.0 when none),
exactly as `decide()` applies it, and `kinds` names those findings as "check:error_type". Resumable: rows
already in --out are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--verifier", default="auto")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args(argv)

    from groundcheck import Checker
    from groundcheck.errors import GroundcheckError
    from groundcheck.evaluate import for_evaluation, read_rows
    from groundcheck.pipeline.verify import DECISIVE, features

    rows, bad = read_rows(a.data)
    # some files are sorted by label: a seeded shuffle makes any prefix (a run stopped early) a fair sample
    import random

    random.Random(0).shuffle(rows)
    if a.limit:
        rows = rows[: a.limit]
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = set()
    if out.exists():
        for line in out.open(encoding="utf-8"):
            try:
                done.add(json.loads(line)["id"])
            except (ValueError, KeyError):
                pass  # a line cut by a crash is scored again
    checker = for_evaluation(Checker(verifier=a.verifier, threads=a.threads))
    t0, n = time.time(), 0
    with out.open("a", encoding="utf-8") as f:
        for row in rows:
            if row.key in done:
                continue
            src = list(row.source) if len(row.source) > 1 else row.source[0]
            try:
                work = checker.run(src, row.claim)
            except GroundcheckError as exc:
                f.write(json.dumps({"id": row.key, "label": row.label, "error": exc.code}) + "\n")
                continue
            claims = []
            for ci, claim in enumerate(work.claims):
                decisive = [x for x in (work.findings[ci] if work.findings else ())
                            if x.confidence >= DECISIVE and x.label in ("contradicted", "unsupported")]
                claims.append({"f": {k: round(v, 5) for k, v in features(work, ci).items()},
                               "cap": round(min((1.0 - x.confidence for x in decisive), default=1.0), 5),
                               "chars": len(claim.text),
                               # which checks set the ceiling: lets a fit weigh each kind by how often it is right
                               "kinds": sorted({f"{x.check}:{x.error_type}" for x in decisive})})
            f.write(json.dumps({"id": row.key, "label": row.label, "claims": claims}) + "\n")
            f.flush()
            n += 1
            if n % 100 == 0:
                print(f"{a.data}: {n} rows, {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    print(f"{a.data}: {n} new rows in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

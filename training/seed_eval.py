"""The seed pair (../shared/seeds) with and without the verifier: per gold claim, the pipeline's verdict
(the most severe verdict among the claims that overlap the gold span, as tests/test_seed.py does), 3-way
accuracy, supported-vs-not accuracy, and the time of one check.

    python training/seed_eval.py --seeds ../shared/seeds
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEVERITY = {"contradicted": 2, "unsupported": 1, "supported": 0}


def verdicts(report, gold):
    out = []
    for g in gold["claims"]:
        s, e = g["char_start"], g["char_end"]
        parts = [v for v in report.claims if min(e, v.claim.end) - max(s, v.claim.start) > 0]
        if not parts:
            out.append(("missing", 0.0))
            continue
        v = max(parts, key=lambda v: (SEVERITY[v.label], v.claim.end - v.claim.start))
        out.append((v.label, min(p.p_supported for p in parts)))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="auto", help="the NLI model to compare (auto = models/verifier)")
    ap.add_argument("--seeds", default="../shared/seeds")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default="")
    args = ap.parse_args(argv)
    from groundcheck import Checker

    d = Path(args.seeds)
    gold = json.loads((d / "gold.json").read_text("utf-8"))
    src, der = (d / gold["source"]).read_text("utf-8"), (d / gold["rewrite"]).read_text("utf-8")
    res = {}
    for name, verifier in (("heuristic", "heuristic"), ("model", args.model)):
        ch = Checker(verifier=verifier, threads=args.threads)
        rep = ch.check(src, der)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            rep = ch.check(src, der)
            times.append(time.perf_counter() - t)
        vs = verdicts(rep, gold)
        gl = [g["label"] for g in gold["claims"]]
        acc3 = sum(v[0] == g for v, g in zip(vs, gl)) / len(gl)
        acc2 = sum((v[0] == "supported") == (g == "supported") for v, g in zip(vs, gl)) / len(gl)
        # ranking: do supported gold claims get a higher p_supported than the others?
        pos = [v[1] for v, g in zip(vs, gl) if g == "supported"]
        neg = [v[1] for v, g in zip(vs, gl) if g != "supported"]
        auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / max(1, len(pos) * len(neg))
        res[name] = {"verifier": ch.models.names().get("verifier") if hasattr(ch.models, "names") else verifier,
                     "acc3": round(acc3, 3), "acc_supported_vs_not": round(acc2, 3), "auc": round(auc, 3),
                     "median_s": round(sorted(times)[len(times) // 2], 3),
                     "labels": [v[0] for v in vs], "gold": gl}
        print(name, json.dumps({k: v for k, v in res[name].items() if k not in ("labels", "gold")}))
        print("  pred:", [v[0][:5] for v in vs])
    print("  gold:", [g[:5] for g in gl])
    res["slowdown"] = round(res["model"]["median_s"] / res["heuristic"]["median_s"], 2)
    print("model/heuristic time:", res["slowdown"])
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()

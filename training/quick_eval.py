"""Sentence-level check of a verifier: 3-way accuracy on held-out synthetic pairs (per error type) and on
held-out NLI rows (per dataset).

    python training/quick_eval.py --model models/verifier --heldout runs/verifier/heldout_nli.jsonl

Synthetic pairs come from the TEST articles only (index % 10 == 0, never trained on), with a seed different from
training.  --model takes a shipped ONNX directory (groundcheck.json) or an HF checkpoint directory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_scorer(path: str, threads: int):
    p = Path(path)
    if (p / "groundcheck.json").exists():
        from groundcheck.models.onnx import OnnxNLIScorer

        return OnnxNLIScorer(p, threads=threads)
    from groundcheck.models.hf import TransformersNLIScorer

    return TransformersNLIScorer(str(p), threads=threads, max_length=160)


def pred3(s) -> str:
    return max((("entailment", s.entail), ("neutral", s.neutral), ("contradiction", s.contradict)), key=lambda x: x[1])[0]


def evaluate(scorer, rows, key):
    t = time.time()
    scores = scorer.score([(r["premise"], r["claim"]) for r in rows])
    el = time.time() - t
    per = defaultdict(Counter)
    conf = Counter()
    for r, s in zip(rows, scores):
        p = pred3(s)
        g = r["label3"]
        for k in (r[key], "ALL"):
            per[k]["n"] += 1
            per[k]["acc3"] += p == g
            per[k]["acc2"] += (p == "entailment") == (g == "entailment")
        conf[(g, p)] += 1
    table = {k: {"n": c["n"], "acc3": c["acc3"] / c["n"], "acc2": c["acc2"] / c["n"]} for k, c in sorted(per.items())}
    return table, {f"{g}->{p}": n for (g, p), n in sorted(conf.items())}, el


def fmt(title, table):
    lines = [f"### {title}", "", "| subset | n | 3-way acc | supported-vs-not acc |", "|---|---|---|---|"]
    for k, v in table.items():
        lines.append(f"| {k} | {v['n']} | {v['acc3']:.3f} | {v['acc2']:.3f} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="models/verifier-candidate")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--heldout", default="runs/verifier/heldout_nli.jsonl")
    ap.add_argument("--n-synth", type=int, default=1500)
    ap.add_argument("--synth-seed", type=int, default=1001)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="", help="write the results as JSON here")
    args = ap.parse_args(argv)

    from groundcheck.synth import load_articles, make_pairs

    scorer = load_scorer(args.model, args.threads)
    res = {"model": args.model}
    arts = load_articles(Path(args.data) / "news" / "articles.jsonl.xz")
    syn = [{"premise": p.evidence, "claim": p.claim, "label3": p.label3, "type": p.error_type}
           for p in make_pairs(arts, seed=args.synth_seed, n=args.n_synth, split="test")]
    tab, conf, el = evaluate(scorer, syn, "type")
    res["synthetic_test"] = {"table": tab, "confusion": conf, "seconds": el}
    print(fmt(f"held-out synthetic pairs (test articles, seed {args.synth_seed})", tab))
    print("confusion (gold->pred):", conf, f"\n{len(syn)} pairs in {el:.1f}s\n")
    if args.heldout and Path(args.heldout).exists():
        rows = [json.loads(l) for l in open(args.heldout, encoding="utf-8")]
        nli = [{"premise": r["source"], "claim": r["claim"], "label3": r["label3"], "ds": r["dataset"]} for r in rows]
        tab, conf, el = evaluate(scorer, nli, "ds")
        res["nli_heldout"] = {"table": tab, "confusion": conf, "seconds": el}
        print(fmt("held-out NLI rows", tab))
        print("confusion (gold->pred):", conf, f"\n{len(nli)} pairs in {el:.1f}s")
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()

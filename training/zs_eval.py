"""Document-level check of the verifier alone, scored SummaC-ZS-style (as in issue 6's baseline):

    doc score = aggregate over the claim's sentences of max over source windows (1 and 2 consecutive
                sentences) of P(entail) - P(contradict)

with the threshold chosen by 5-fold cross-validation on the set itself, reporting balanced accuracy and ROC AUC.

    python training/zs_eval.py --model models/verifier ../shared/data/dev/FRANK.val.jsonl.xz --limit 200

--topk K scores only the K windows that share most (IDF-weighted) words with each claim sentence (0 = all windows,
as in SummaC-ZS; K > 0 is much faster and is what a retrieval-first pipeline sees).  Only for measuring: nothing
here is trained on the dev sets.
"""

from __future__ import annotations

import argparse
import json
import lzma
import math
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_W = re.compile(r"[a-z0-9]+")
STOP = set("the a an of to in and or is are was were be been for on at by with from that this it its as he she they "
           "his her their has have had not but said says will would".split())


def words(t: str) -> set[str]:
    return {w for w in _W.findall(t.lower()) if w not in STOP}


def read(path: str, limit: int, seed: int):
    rows = [json.loads(l) for l in lzma.open(path, "rt", encoding="utf-8")]
    if limit and limit < len(rows):
        rng = random.Random(seed)
        rows = rng.sample(rows, limit)
    return rows


def balanced_acc(y, s, t):
    p = s >= t
    tpr = (p & (y == 1)).sum() / max(1, (y == 1).sum())
    tnr = (~p & (y == 0)).sum() / max(1, (y == 0).sum())
    return 0.5 * (tpr + tnr)


def best_threshold(y, s):
    cands = np.unique(s)
    best, bt = -1.0, 0.0
    for t in cands:
        b = balanced_acc(y, s, t)
        if b > best:
            best, bt = b, t
    return bt


def cv_balanced_acc(y, s, folds=5, seed=0):
    idx = np.random.default_rng(seed).permutation(len(y))
    pred = np.zeros(len(y), dtype=bool)
    for f in range(folds):
        te = idx[f::folds]
        tr = np.setdiff1d(idx, te)
        t = best_threshold(y[tr], s[tr])
        pred[te] = s[te] >= t
    tpr = (pred & (y == 1)).sum() / max(1, (y == 1).sum())
    tnr = (~pred & (y == 0)).sum() / max(1, (y == 0).sum())
    return 0.5 * (tpr + tnr)


def auc(y, s):
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s)) if len(set(y.tolist())) == 2 else float("nan")


def doc_pairs(source: str, claim: str, topk: int):
    from groundcheck.synth import split_sentences

    ss = split_sentences(source) or [source]
    wins = ss + [ss[i] + " " + ss[i + 1] for i in range(len(ss) - 1)]
    cs = [c for c in split_sentences(claim) if len(c.split()) >= 3] or [claim]
    df = Counter(w for x in ss for w in words(x))
    n = len(ss)
    pairs, owner = [], []
    for ci, c in enumerate(cs):
        cw = words(c)
        if topk and len(wins) > topk:
            def sc(w):
                ws = words(w)
                return sum(math.log(1 + n / df.get(x, 1)) for x in cw & ws)
            chosen = sorted(range(len(wins)), key=lambda i: -sc(wins[i]))[:topk]
        else:
            chosen = range(len(wins))
        for i in chosen:
            pairs.append((wins[i], c))
            owner.append(ci)
    return pairs, owner, len(cs)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--model", default="models/verifier-candidate")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--topk", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="")
    args = ap.parse_args(argv)

    from quick_eval import load_scorer

    scorer = load_scorer(args.model, args.threads)
    results = {}
    for path in args.files:
        rows = read(path, args.limit, args.seed)
        t0 = time.time()
        y, s_mean, s_min = [], [], []
        for r in rows:
            claim = r.get("claim") or r.get("derived")
            pairs, owner, nc = doc_pairs(r["source"], claim, args.topk)
            sc = scorer.score(pairs)
            best = [-1.0] * nc
            for o, x in zip(owner, sc):
                best[o] = max(best[o], x.entail - x.contradict)
            s_mean.append(float(np.mean(best)))
            s_min.append(float(np.min(best)))
            y.append(int(r["label"]))
        y = np.array(y)
        name = Path(path).name.split(".jsonl")[0]
        res = {"n": len(y), "pos": int(y.sum()), "seconds": round(time.time() - t0, 1)}
        for agg, s in (("mean", np.array(s_mean)), ("min", np.array(s_min))):
            res[agg] = {"bacc_cv": round(float(cv_balanced_acc(y, s, seed=args.seed)), 4), "auc": round(auc(y, s), 4)}
        results[name] = res
        print(name, json.dumps(res), flush=True)
    means = {agg: round(float(np.mean([r[agg]["bacc_cv"] for r in results.values()])), 4) for agg in ("mean", "min")}
    print("mean bacc_cv over sets:", means)
    if args.out:
        Path(args.out).write_text(json.dumps({"model": args.model, "limit": args.limit, "topk": args.topk,
                                              "seed": args.seed, "sets": results, "mean": means}, indent=1))


if __name__ == "__main__":
    main()

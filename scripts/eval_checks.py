"""Recall and precision of the exact checks, per error type, on synthetic rewrite errors.

The pairs come from `groundcheck.synth` over the TEST articles of ../shared/data/news (index % 10
== 0), which nothing is trained or tuned on. Each pair is (evidence sentences, claim, error
type); the source given to groundcheck is the WHOLE article, as in real use (a swapped name is
then one the article does mention elsewhere). An "extrinsic" pair whose claim is a sentence of
the same article is dropped, since against the whole article it is not unsupported. A pair counts as predicted type T when any claim of the
report has error type T; the supported pairs (copy, merge, split, reorder, paraphrase) count only
towards false positives.

    python scripts/eval_checks.py --n 900 --verifier heuristic --out docs/checks-eval.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("number", "date", "role", "entity", "quote_altered", "quote_speaker", "negation", "outcome", "fabricated_entity", "extrinsic")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=900)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--verifier", default="heuristic")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is fastest on a busy 2-core machine)")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--split", choices=["test", "train"], default="test", help="test: report; train: tune")
    ap.add_argument("--dump", type=Path, help="write one line per pair (gold, predicted, claim, reasons) for error analysis")
    ap.add_argument("--mix", default="", help="error analysis on --split train: kinds to draw, e.g. quote_speaker=3,copy=1 "
                    "(default: the generator's own mix, the one reported)")
    args = ap.parse_args()
    try:
        mix = _mix(args.mix)
    except ValueError as exc:
        ap.error(str(exc))  # exit 2: a usage error

    from groundcheck import Checker, synth
    from groundcheck.errors import GroundcheckError

    articles = synth.load_articles(args.data / "news" / "articles.jsonl.xz")
    text_of = {a.id: a.text for a in articles}
    pairs = [
        p
        for p in synth.make_pairs(articles, seed=args.seed, n=args.n, split=args.split, mix=mix)
        if not (p.error_type == "extrinsic" and " ".join(p.claim.split()) in " ".join(text_of[p.article_id].split()))
    ]
    checker = Checker(verifier=args.verifier, threads=args.threads)
    gold_n: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    label_ok: Counter[str] = Counter()
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    skipped = 0
    skip_codes: Counter[str] = Counter()
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    t0 = time.time()
    for i, p in enumerate(pairs):
        try:
            report = checker.check(text_of[p.article_id], p.claim)
        except GroundcheckError as exc:
            skipped += 1
            skip_codes[exc.code] += 1
            continue
        predicted = {v.error_type for v in report.claims if v.error_type}
        labels = {v.label for v in report.claims}
        worst = "contradicted" if "contradicted" in labels else "unsupported" if "unsupported" in labels else "supported"
        gold = p.error_type if p.error_type in TYPES else "supported"
        gold_label = {"entailment": "supported", "contradiction": "contradicted", "neutral": "unsupported"}[p.label3]
        gold_n[gold] += 1
        label_ok[gold] += int(worst == gold_label)
        for t in predicted:
            pred_n[t] += 1
            if t == gold:
                hit[t] += 1
        confusions[gold].update(predicted or {"none"})
        if dump:
            row = {
                "article": p.article_id, "gold": gold, "label": gold_label, "worst": worst, "predicted": sorted(predicted),
                "evidence": p.evidence, "claim": p.claim,
                "reasons": [v.reason for v in report.claims if v.label != "supported"],
            }
            dump.write(json.dumps(row, ensure_ascii=False) + "\n")
        if i % 100 == 0:
            print(f"{i}/{len(pairs)} pairs, {time.time() - t0:.0f}s", file=sys.stderr)

    if dump:
        dump.close()
    rows = {}
    for t in (*TYPES, "supported"):
        n = gold_n[t]
        rows[t] = {
            "n": n,
            "recall": round(hit[t] / n, 3) if n and t != "supported" else None,
            "precision": round(hit[t] / pred_n[t], 3) if pred_n[t] and t != "supported" else None,
            "label_accuracy": round(label_ok[t] / n, 3) if n else None,
            "predicted_as": dict(confusions[t].most_common(4)),
        }
    out = {"pairs": len(pairs), "skipped": skipped, "skipped_codes": dict(skip_codes), "seed": args.seed, "verifier": args.verifier, "per_type": rows, "seconds": round(time.time() - t0, 1)}
    print(f"{'type':18s} {'n':>4s} {'recall':>7s} {'precision':>9s} {'label acc':>9s}  predicted as")
    for t, r in rows.items():
        fmt = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
        print(f"{t:18s} {r['n']:4d} {fmt(r['recall']):>7s} {fmt(r['precision']):>9s} {fmt(r['label_accuracy']):>9s}  {r['predicted_as']}")
    if args.out:
        args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


def _mix(spec: str) -> dict[str, float] | None:
    """"quote_speaker=3,copy=1" -> {"quote_speaker": 3.0, "copy": 1.0}; ValueError with a one-line message."""
    if not spec:
        return None
    from groundcheck.synth import DEFAULT_MIX

    out = {}
    for part in spec.split(","):
        kind, _, weight = part.partition("=")
        kind = kind.strip()
        if kind not in DEFAULT_MIX:
            raise ValueError(f"--mix: unknown kind {kind!r}; one of {', '.join(sorted(DEFAULT_MIX))}")
        try:
            out[kind] = float(weight or 1)
        except ValueError:
            raise ValueError(f"--mix: weight of {kind!r} is not a number: {weight!r}") from None
        if out[kind] <= 0:
            raise ValueError(f"--mix: weight of {kind!r} must be positive")
    return out


if __name__ == "__main__":
    sys.exit(main())

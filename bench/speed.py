"""Speed of one check on the bundled example, as ratios against a baseline run in the same process.

    python bench/speed.py [--repeat 7]

Rows (each the median of --repeat runs after one warm-up):
  baseline      heuristic verifier, no exact checks
  + checks      heuristic verifier with the exact checks       (issue: at most 1.20x the baseline)
  + model       an NLI model (--model DIR, or models/verifier) with the exact checks
                                                               (issue: at most 2x the same without the model)
  + LM          the opt-in language model (--lm smollm2) on the heuristic verifier with the checks
                                                               (ratio against the same without it)
Only the ratios are meaningful across machines; absolute times are printed for context.

Then (unless --no-reference), for the seed pair and for a long pair (a ~2,000-token news article
from ../shared/data/news with a 500-word derived text made from its sentences, a few numbers
changed), warm seconds per pair for groundcheck (heuristic default, and the --model if given) and,
in the same run, for a reference with the compute of an AlignScore-base-class checker: a randomly
initialised roberta-base sequence classifier (125M parameters, built from its configuration: nothing
is downloaded) scoring the same claim/evidence pairs that groundcheck retrieves, each padded or
truncated to 512 tokens. The reference runs fewer times (--reference-repeat): it is slow.
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
    ap.add_argument("--lm", default=None, help="also time the opt-in language model (e.g. smollm2)")
    ap.add_argument("--no-reference", action="store_true", help="skip the roberta-base reference (slow)")
    ap.add_argument("--reference-repeat", type=int, default=2)
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
    n_models = len(configs)
    if args.lm:
        configs.append(Checker(verifier="heuristic", lm=args.lm, threads=args.threads))
    medians = timed(configs, src, der, args.repeat)
    base, with_checks = medians[0], medians[1]
    rows = [("baseline (heuristic, no checks)", base, 1.0), ("+ exact checks", with_checks, with_checks / base)]
    if n_models > 2:
        rows.append(("+ NLI model (with checks)", medians[2], medians[2] / with_checks))
    if args.lm:
        rows.append((f"+ language model {args.lm} (with checks)", medians[-1], medians[-1] / with_checks))
    print(f"{'configuration':38s} {'median s':>9s} {'ratio':>7s}")
    for name, t, r in rows:
        print(f"{name:38s} {t:9.3f} {r:7.2f}x")
    print("ratios: checks vs baseline; model and language model vs the same without them")
    if not args.no_reference:
        reference(configs[1:n_models], src, der, args)
    return 0


def long_pair() -> tuple[str, str] | None:
    """A ~2,000-token article and a 500-word derived text from its sentences (every other sentence
    while the words last, a number changed in every fifth one), deterministic."""
    import re

    from groundcheck import synth

    path = ROOT.parent / "shared" / "data" / "news" / "articles.jsonl.xz"
    if not path.exists():
        return None
    for art in synth.load_articles(path):
        n = len(art.text.split())
        if 1400 <= n <= 1600:  # about 2,000 word-piece tokens
            sents = synth.split_sentences(art.text)
            out, words = [], 0
            for k, s in enumerate(sents[::2] + sents[1::2]):
                if words >= 500:
                    break
                if k % 5 == 4:
                    s = re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 3), s, count=1)
                out.append(s)
                words += len(s.split())
            return art.text, " ".join(out)
    return None


def reference(checkers: list, src: str, der: str, args) -> None:
    import torch
    from tokenizers import Tokenizer
    from transformers import RobertaConfig, RobertaForSequenceClassification

    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    # roberta-base's shape: 12 layers, 768 wide, 50,265-word vocabulary, 514 positions (512 + 2 offset)
    config = RobertaConfig(num_labels=3, vocab_size=50265, max_position_embeddings=514, type_vocab_size=1)
    model = RobertaForSequenceClassification(config).eval()
    # any word-piece tokenizer gives the same compute: ids are padded to 512 either way
    tokenizer_file = str(ROOT / "models" / "verifier-candidate" / "tokenizer.json")
    counter = Tokenizer.from_file(tokenizer_file)  # plain, to count a source's tokens
    tok = Tokenizer.from_file(tokenizer_file)
    tok.enable_truncation(512, strategy="longest_first")
    tok.enable_padding(length=512, pad_id=1)

    def run_reference(pairs: list[tuple[str, str]]) -> None:
        with torch.inference_mode():
            for b in range(0, len(pairs), 8):
                enc = tok.encode_batch(pairs[b : b + 8])
                ids = torch.tensor([e.ids for e in enc])
                model(input_ids=ids, attention_mask=torch.tensor([e.attention_mask for e in enc]))

    cases = [("seed pair", src, der)]
    lp = long_pair()
    if lp is None:
        print("long pair: ../shared/data/news not found, skipped")
    else:
        cases.append(("long pair", *lp))
    print()
    print(f"{'pair':10s} {'src tok':>7s} {'der words':>9s} {'evid. pairs':>11s} {'configuration':28s} {'s/pair':>8s} {'vs reference':>12s}")
    for name, s, d in cases:
        work = checkers[0].run(s, d)
        pairs = [(c.passage.text, cl.text) for cl, cands in zip(work.claims, work.candidates) for c in cands]
        n_tok = len(counter.encode(s).ids)
        ours = timed(checkers, s, d, args.repeat)
        run_reference(pairs[:8])  # warm-up
        ref = []
        for _ in range(max(1, args.reference_repeat)):
            t = time.perf_counter()
            run_reference(pairs)
            ref.append(time.perf_counter() - t)
        r = statistics.median(ref)
        labels = ["groundcheck (heuristic)"] + [f"groundcheck + {args.model or 'model'}"] * (len(checkers) - 1)
        for label, t in zip(labels, ours):
            print(f"{name:10s} {n_tok:7d} {len(d.split()):9d} {len(pairs):11d} {label[:28]:28s} {t:8.3f} {t / r:11.3f}x")
        print(f"{name:10s} {n_tok:7d} {len(d.split()):9d} {len(pairs):11d} {'reference roberta-base@512':28s} {r:8.3f} {1.0:11.3f}x")


if __name__ == "__main__":
    sys.exit(main())

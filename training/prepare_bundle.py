"""Prepare a self-contained training bundle for a GPU machine that has torch but not groundcheck or the data.

    python training/prepare_bundle.py --data ../shared/data --synthetic runs/gpu/synth_s29.jsonl --out .gpu

The bundle (about 55 MB) holds:
  init/            the packaged all-MiniLM-L6-v2 weights in float16 (the carry limit is 64 MB; fp32 is 90 MB)
                   with its tokenizer files, or with --init-from a trained checkpoint to continue from (its 3-way
                   head included); training upcasts them to float32 before the first step
  train.jsonl.xz   {"p": premise, "h": hypothesis, "y": 0 ent | 1 neu | 2 con | 3 not-entailed, "src": dataset}
  train_nc.jsonl.xz  the non-commercial sets (SICK, ANLI, ConTRoL) in the same shape, kept apart so that one bundle
                   trains both a permissive-only model and one with them (train_verifier --include-noncommercial);
                   nothing of them is held out, so both models are reported on the same held-out rows
  heldout.jsonl.xz rows of the same kinds never trained on (3-way NLI slice, HaluEval articles with pair % 10 == 0)
  dev.jsonl.xz     FRANK / cogensumm / xsumfaith / Polytope validation rows, to *report* the model alone after each
                   epoch (the schedule is fixed in advance; nothing is selected on them)

Why the premises look the way they do: in the pipeline the verifier reads a claim against the retrieved
evidence: one or two source sentences, and (since the context pass) the top passages joined in document
order, up to about 350 words.  Training premises therefore come in three lengths: NLI premises as they are,
synthetic evidence windows of 1-3 sentences, and the same windows widened with their article's neighbouring
sentences; HaluEval articles are cut to the sentences that share most words with the summary.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

DEV_SETS = ("FRANK.val", "SummaC-cogensumm.val", "SummaC-xsumfaith.val", "Polytope.val")
_WORD = re.compile(r"[A-Za-z0-9]+")


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2}


def select_context(sentences: list[str], claim: str, max_words: int, rng: random.Random | None = None) -> str:
    """The source sentences sharing most words with the claim, in document order, within max_words."""
    cw = words(claim)
    scored = sorted(range(len(sentences)), key=lambda i: (-len(words(sentences[i]) & cw), i))
    keep, total = [], 0
    for i in scored:
        n = len(sentences[i].split())
        if total + n > max_words:
            continue
        keep.append(i)
        total += n
    return " ".join(sentences[i] for i in sorted(keep))


def widen(article_sents: list[str], evidence: str, claim_original: str, label: str, rng: random.Random,
          max_words: int) -> str | None:
    """The evidence window with neighbouring article sentences added on both sides, or None where that could
    change the label (a neutral claim whose own sentence would come back into the premise)."""
    start = next((i for i, s in enumerate(article_sents) if evidence.startswith(s)), None)
    if start is None:
        return None
    lo = hi = start
    while hi + 1 < len(article_sents) and evidence.startswith(" ".join(article_sents[lo: hi + 2])):
        hi += 1
    total = len(evidence.split())
    budget = rng.randint(max_words // 3, max_words)
    while total < budget:
        grew = False
        for side in rng.sample(("lo", "hi"), 2):
            j = lo - 1 if side == "lo" else hi + 1
            if 0 <= j < len(article_sents) and total + len(article_sents[j].split()) <= budget:
                total += len(article_sents[j].split())
                lo, hi = (j, hi) if side == "lo" else (lo, j)
                grew = True
        if not grew:
            break
    text = " ".join(article_sents[lo: hi + 1])
    if label != "entailment" and claim_original and claim_original[:80] in text:
        return None
    return text


def bundle_row(r: dict, key: str) -> dict:
    """One row of nli_and_consistency as a bundle row: its 3-way label where it has one; a binary 'not
    entailed' is neutral for SciTail (its negatives are unrelated facts) and 'not entailed' elsewhere."""
    import train_verifier as tv

    if r.get("label3"):
        y = tv.LABEL2ID[r["label3"]]
    elif int(r["label"]) == 1:
        y = 0
    elif key == "SciTail":
        y = 1
    else:
        y = tv.NOT_ENTAILED
    return {"p": r["source"], "h": r["claim"], "y": y, "src": key}


def is_noncommercial(key: str) -> bool:
    import train_verifier as tv

    return any(key.startswith(nc) for nc in tv.NONCOMMERCIAL)


def nli_rows(data: Path, rng: random.Random, include_nc: bool, heldout_per_set: int):
    import train_verifier as tv

    rows = [json.loads(l) for l in lzma.open(data / "train" / "nli_and_consistency.jsonl.xz", "rt", encoding="utf-8")]
    by: dict[str, list] = {}
    for r in rows:
        by.setdefault(tv.cap_for(r["dataset"])[0], []).append(r)
    train, held = [], []
    for key in sorted(by):
        if not include_nc and is_noncommercial(key):
            continue
        rs = by[key]
        rng.shuffle(rs)
        if rs[0].get("label3"):
            held += [bundle_row(r, key) for r in rs[:heldout_per_set]]
            rs = rs[heldout_per_set:]
        train += [bundle_row(r, key) for r in rs]
    return train, held


def noncommercial_rows(data: Path):
    """Every row of the non-commercial sets, in file order (training shuffles with its own seed)."""
    import train_verifier as tv

    out = []
    for line in lzma.open(data / "train" / "nli_and_consistency.jsonl.xz", "rt", encoding="utf-8"):
        r = json.loads(line)
        key = tv.cap_for(r["dataset"])[0]
        if is_noncommercial(key):
            out.append(bundle_row(r, key))
    return out


def halueval_rows(data: Path, rng: random.Random, max_words: int):
    from groundcheck.synth import split_sentences

    train, held = [], []
    for line in lzma.open(data / "train" / "halueval_summarization.jsonl.xz", "rt", encoding="utf-8"):
        r = json.loads(line)
        sents = split_sentences(r["source"])
        ok = int(r["label"]) == 1
        dest = held if int(r["pair"]) % 10 == 0 else train
        dest.append({"p": select_context(sents, r["claim"], max_words), "h": r["claim"], "y": 0 if ok else 3,
                     "src": "HaluEval-summ"})
        if ok and dest is train:
            # every sentence of a faithful summary is supported: sentence-level positives with their own context
            for s in split_sentences(r["claim"]):
                if len(s.split()) >= 6:
                    dest.append({"p": select_context(sents, s, rng.choice((60, 150, max_words))), "h": s, "y": 0,
                                 "src": "HaluEval-summ-sent"})
    return train, held


def synth_rows(path: Path, data: Path, rng: random.Random, widen_share: float, max_words: int):
    import train_verifier as tv
    from groundcheck.synth import load_articles, split_sentences

    arts = {a.id: a for a in load_articles(data / "news" / "articles.jsonl.xz")}
    cache: dict[str, list[str]] = {}
    out, widened = [], 0
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        prem = r["evidence"]
        if rng.random() < widen_share and r["article_id"] in arts:
            sents = cache.setdefault(r["article_id"], split_sentences(arts[r["article_id"]].text))
            w = widen(sents, r["evidence"], r.get("original", ""), r["label3"], rng, max_words)
            if w:
                prem, widened = w, widened + 1
        out.append({"p": prem, "h": r["claim"], "y": tv.LABEL2ID[r["label3"]], "src": "synth:" + r["error_type"]})
    return out, widened


def dev_rows(data: Path):
    out = []
    for name in DEV_SETS:
        for line in lzma.open(data / "dev" / f"{name}.jsonl.xz", "rt", encoding="utf-8"):
            r = json.loads(line)
            out.append({"set": name, "source": r["source"], "claim": r["claim"], "label": int(r["label"])})
    return out


def write_xz(path: Path, rows) -> None:
    with lzma.open(path, "wt", encoding="utf-8", preset=6) as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def export_init(out: Path, src: Path | None = None) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    from groundcheck.models.hf import packaged_embedder_dir

    src = src or packaged_embedder_dir()
    dst = out / "init"
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file() and f.suffix in (".json", ".txt") and f.name != "modules.json":
            shutil.copy(f, dst / f.name)
    state = load_file(str(src / "model.safetensors"))
    save_file({k: v.to(torch.float16).contiguous() for k, v in state.items()}, str(dst / "model.safetensors"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--synthetic", required=True, help="JSONL from `python -m groundcheck.synth` (train split)")
    ap.add_argument("--out", default=".gpu")
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--max-words", type=int, default=300)
    ap.add_argument("--widen", type=float, default=0.5, help="share of synthetic evidence windows widened")
    ap.add_argument("--heldout-per-set", type=int, default=150)
    ap.add_argument("--include-noncommercial", action="store_true")
    ap.add_argument("--no-init", action="store_true", help="skip copying the base weights (tests)")
    ap.add_argument("--init-from", help="a trained checkpoint directory (config.json, model.safetensors, tokenizer "
                                        "files) to continue from instead of the packaged base weights")
    a = ap.parse_args(argv)
    data, out = Path(a.data), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(a.seed)
    nli, held = nli_rows(data, rng, a.include_noncommercial, a.heldout_per_set)
    hal, hal_held = halueval_rows(data, rng, a.max_words)
    syn, widened = synth_rows(Path(a.synthetic), data, rng, a.widen, a.max_words)
    train = nli + hal + syn
    rng.shuffle(train)
    write_xz(out / "train.jsonl.xz", train)
    write_xz(out / "heldout.jsonl.xz", held + hal_held)
    write_xz(out / "dev.jsonl.xz", dev_rows(data))
    nc = [] if a.include_noncommercial else noncommercial_rows(data)
    write_xz(out / "train_nc.jsonl.xz", nc)
    if not a.no_init:
        export_init(out, Path(a.init_from) if a.init_from else None)
    mix = Counter(r["src"] for r in train)
    print(json.dumps({"train": len(train), "train_nc": len(nc), "heldout": len(held) + len(hal_held), "synthetic_widened": widened,
                      "labels": dict(Counter(r["y"] for r in train)), "mix": dict(sorted(mix.items()))}, indent=1))


if __name__ == "__main__":
    main()

"""Train groundcheck's verifier: a MiniLM cross-encoder with a 3-way head (entailment/neutral/contradiction).

    python training/train_verifier.py --data ../shared/data --out runs/verifier --max-minutes 75

Data mix (see models/verifier/MODEL_CARD.md):
  * ../shared/data/train/nli_and_consistency.jsonl.xz, capped per dataset.  Rows with `label3` keep it;
    binary rows: label 1 -> entailment; label 0 -> "not entailed" (the loss is -log(P(neutral)+P(contradiction)),
    so a binary 0 never claims to know *which* of the two it is), except SciTail whose 0 is neutral.
    The non-commercial sets (SICK, ANLI, ConTRoL) are left out unless --include-noncommercial.
    Pairs longer than --max-length tokens are dropped, not truncated (a cut premise can lose what entails).
  * synthetic pairs from groundcheck.synth over the TRAIN articles of ../shared/data/news (index % 10 != 0).
  * halueval_summarization is NOT used: its labels are per whole summary against a whole article, which does
    not fit 160 tokens, and its sentences cannot be labelled honestly one by one.
  * nothing from ../shared/data/dev.
A held-out slice of the 3-way NLI rows (--heldout rows, written to <out>/heldout_nli.jsonl) is never trained on.

Everything is pre-tokenized once (cached in <out>/), the order is fixed by --seed, and training checkpoints every
--ckpt-minutes to <out>/ckpt (model + optimizer + scheduler + step).  Re-running the same command continues from
the checkpoint.  --max-minutes is a wall-clock limit for this invocation: the run saves and exits by itself.
The same script runs on a GPU (--device cuda, larger --batch-size fine) in minutes.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABEL2ID = {"entailment": 0, "neutral": 1, "contradiction": 2}
NOT_ENTAILED = 3  # binary label 0: neutral or contradiction, we do not know which
ID2LABEL = {0: "entailment", 1: "neutral", 2: "contradiction"}
NONCOMMERCIAL = ("SICK", "ANLI", "ConTRoL")

# rows per dataset (prefix match) taken from nli_and_consistency; None = all
CAPS = {
    "MNLI-binary": 1500, "MNLI": 8000, "SNLI": 4000, "ANLI": None, "SICK": 2500, "Bizarro": None,
    "HealthVer": None, "MED": 1500, "ConTRoL": None, "FEVER-RTE": 3000, "FEVER-NLI": 3000,
    "COVID-Fact": 1500, "RTE": None, "SciTail": None, "HaluEval-qa": 1000, "HaluEval-dialogue": 500,
    "MCTest": 500,
}


# steps (counted from this invocation's first) at which --budget-minutes times the run and sets the last step
BUDGET_MARKS = (20, 60, 300)


def log(msg: str, fh=None) -> None:
    line = f"[{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())}Z] {msg}"
    print(line, flush=True)
    if fh:
        fh.write(line + "\n")
        fh.flush()


def cap_for(name: str):
    for k in sorted(CAPS, key=len, reverse=True):
        if name.startswith(k):
            return k, CAPS[k]
    return name, 0


def nli_rows(data: Path, seed: int, heldout: int, include_nc: bool, scale: float):
    rows = [json.loads(l) for l in lzma.open(data / "train" / "nli_and_consistency.jsonl.xz", "rt", encoding="utf-8")]
    rng = random.Random(seed)
    by: dict[str, list] = {}
    for r in rows:
        key, _ = cap_for(r["dataset"])
        by.setdefault(key, []).append(r)
    train, held = [], []
    for key in sorted(by):
        rs = by[key]
        rng.shuffle(rs)
        if not include_nc and any(key.startswith(nc) for nc in NONCOMMERCIAL):
            continue
        # held-out NLI slice: from the 3-way sets only, proportional
        if rs[0].get("label3") and key not in ("MED",):
            k = max(1, int(round(heldout * len(rs) / 40000)))
            held += rs[:k]
            rs = rs[k:]
        cap = CAPS.get(key)
        if cap is not None:
            rs = rs[: int(cap * scale)]
        elif scale < 1:
            rs = rs[: int(len(rs) * scale)]
        for r in rs:
            if r.get("label3"):
                lab = LABEL2ID[r["label3"]]
            elif int(r["label"]) == 1:
                lab = 0
            elif key == "SciTail":
                lab = 1
            else:
                lab = NOT_ENTAILED
            train.append((r["source"], r["claim"], lab, key))
    return train, held


def synth_rows(data: Path, out: Path, seed: int, n: int, log_fh):
    cache = out / f"synth_train_s{seed}_n{n}.jsonl"
    if cache.exists():
        return [json.loads(l) for l in cache.open(encoding="utf-8")]
    from groundcheck.synth import load_articles, make_pairs

    t = time.time()
    arts = load_articles(data / "news" / "articles.jsonl.xz")
    rows = [p.__dict__ for p in make_pairs(arts, seed=seed, n=n, split="train")]
    tmp = cache.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.rename(cache)
    log(f"synthetic: {len(rows)} pairs in {time.time() - t:.0f}s: {dict(Counter(r['error_type'] for r in rows))}", log_fh)
    return rows


def tokenize_blob(tok, examples, max_length: int, seed: int, batch: int = 512):
    """(premise, hypothesis, label, source) tuples -> the training blob: token ids of the pairs that fit
    max_length (longer ones are dropped, not truncated: a cut premise can lose what entails), in a seeded
    shuffled order. Returns (blob, dropped per source)."""
    ids, kept, dropped = [], [], Counter()
    for b in range(0, len(examples), batch):
        chunk = examples[b: b + batch]
        enc = tok([e[0] for e in chunk], [e[1] for e in chunk], truncation=False)
        for e, ii, tt in zip(chunk, enc["input_ids"], enc["token_type_ids"]):
            if len(ii) > max_length:
                dropped[e[3]] += 1
                continue
            ids.append((ii, tt))
            kept.append(e)
    order = list(range(len(kept)))
    random.Random(seed).shuffle(order)
    blob = {
        "input_ids": [ids[i][0] for i in order],
        "token_type_ids": [ids[i][1] for i in order],
        "labels": [kept[i][2] for i in order],
        "source": [kept[i][3] for i in order],
    }
    return blob, dropped


def build(args, out: Path, log_fh):
    import torch
    from transformers import AutoTokenizer

    from groundcheck.models.hf import packaged_embedder_dir

    cache = out / "tokenized.pt"
    if cache.exists():
        return torch.load(cache, weights_only=False)
    data = Path(args.data)
    scale = args.scale
    nli, held = nli_rows(data, args.seed, args.heldout, args.include_noncommercial, scale)
    with (out / "heldout_nli.jsonl").open("w", encoding="utf-8") as f:
        for r in held:
            f.write(json.dumps({"source": r["source"], "claim": r["claim"], "label3": r["label3"], "dataset": r["dataset"]}) + "\n")
    syn = synth_rows(data, out, args.seed, args.synthetic, log_fh)
    examples = nli + [(r["evidence"], r["claim"], LABEL2ID[r["label3"]], "synth:" + r["error_type"]) for r in syn]
    tok = AutoTokenizer.from_pretrained(str(packaged_embedder_dir()))
    blob, dropped = tokenize_blob(tok, examples, args.max_length, args.seed)
    blob["heldout"] = len(held)
    torch.save(blob, cache)
    mix = Counter(blob["source"])
    log(f"mix: {len(blob['labels'])} pairs kept, dropped as too long: {dict(dropped)}", log_fh)
    log("mix by source: " + json.dumps(dict(sorted(mix.items()))), log_fh)
    log("labels: " + json.dumps(dict(Counter(blob['labels']))) + " (0 ent, 1 neu, 2 con, 3 not-entailed)", log_fh)
    return blob


def build_from_bundle(args, out: Path, tok, log_fh):
    """Tokenize a bundle made by training/prepare_bundle.py (the GPU path: no groundcheck, no data folder)."""
    import torch

    bundle = Path(args.bundle)
    rows = [json.loads(l) for l in lzma.open(bundle / "train.jsonl.xz", "rt", encoding="utf-8")]
    if args.include_noncommercial:
        # kept in their own file by prepare_bundle, so one bundle trains both models
        rows += [json.loads(l) for l in lzma.open(bundle / "train_nc.jsonl.xz", "rt", encoding="utf-8")]
    if args.sources:
        # a domain experiment: train on some of the bundle's sources only (prefixes: "synth:,HaluEval-summ")
        keep = tuple(args.sources.split(","))
        rows = [r for r in rows if r["src"].startswith(keep)]
    if args.exclude:
        # the control of a data experiment: the same bundle without some sources ("synth:compress")
        drop = tuple(args.exclude.split(","))
        rows = [r for r in rows if not r["src"].startswith(drop)]
    t = time.time()
    examples = [(r["p"], r["h"], r["y"], r["src"]) for r in rows]
    blob, dropped = tokenize_blob(tok, examples, args.max_length, args.seed, batch=4096)
    mix = Counter(blob["source"])
    log(f"bundle: {len(blob['labels'])} pairs tokenized in {time.time() - t:.0f}s, dropped as too long: {dict(dropped)}", log_fh)
    log("mix by source: " + json.dumps(dict(sorted(mix.items()))), log_fh)
    log("labels: " + json.dumps(dict(Counter(blob['labels']))) + " (0 ent, 1 neu, 2 con, 3 not-entailed)", log_fh)
    return blob


_SENT = None


def simple_sentences(text: str) -> list[str]:
    """A regex splitter for the report below (the GPU machine has no blingfire); good enough to make windows."""
    import re

    global _SENT
    _SENT = _SENT or re.compile(r"(?:(?<=[.!?])|(?<=[.!?]['\")\]]))\s+(?=['\"(\[]?[A-Z0-9])")
    out = []
    for para in text.splitlines():
        out += [s.strip() for s in _SENT.split(para) if s.strip()]
    return out


def windows(sents: list[str], max_words: int) -> list[str]:
    """Overlapping runs of consecutive sentences of at most max_words words (stride: half a window)."""
    out, i = [], 0
    while i < len(sents):
        j, n = i, 0
        while j < len(sents) and (n + len(sents[j].split()) <= max_words or j == i):
            n += len(sents[j].split())
            j += 1
        out.append(" ".join(sents[i:j]))
        if j >= len(sents):
            break
        i = max(i + 1, (i + j) // 2)
    return out


def predict(model, tok, pairs, device, torch, batch_size: int = 128, max_length: int = 512):
    import numpy as np

    model.eval()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    probs = np.zeros((len(pairs), 3), dtype=np.float32)
    with torch.no_grad():
        for b in range(0, len(order), batch_size):
            idx = order[b: b + batch_size]
            enc = tok([pairs[i][0] for i in idx], [pairs[i][1] for i in idx], truncation="longest_first",
                      max_length=max_length, padding=True, return_tensors="pt").to(device)
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(**enc).logits
            probs[idx] = torch.softmax(logits.float(), -1).cpu().numpy()
    model.train()
    return probs


def cv_balanced_accuracy(y, s, folds: int = 5, seed: int = 0) -> float:
    """Balanced accuracy with the threshold fitted on the other folds (the harness's protocol, in brief)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    fold = rng.permutation(len(y)) % folds
    pred = np.zeros(len(y), dtype=int)
    for f in range(folds):
        tr, te = fold != f, fold == f
        cands = np.unique(s[tr])
        best, thr = -1.0, 0.5
        for c in cands[:: max(1, len(cands) // 400)]:
            p = s[tr] >= c
            ba = np.mean([np.mean(p[y[tr] == k] == k) for k in (0, 1)])
            if ba > best:
                best, thr = ba, c
        pred[te] = s[te] >= thr
    return float(np.mean([np.mean(pred[y == k] == k) for k in (0, 1)]))


def report(model, tok, args, device, torch, log_fh, tag: str) -> dict:
    """The model alone on the bundle's held-out rows and dev sets: what each epoch did, for the log."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    bundle = Path(args.bundle)
    res: dict = {"tag": tag}
    held = [json.loads(l) for l in lzma.open(bundle / "heldout.jsonl.xz", "rt", encoding="utf-8")]
    pr = predict(model, tok, [(r["p"], r["h"]) for r in held], device, torch)
    y = np.array([r["y"] for r in held])
    three = y < 3
    res["heldout_nli_acc3"] = round(float((pr[three].argmax(-1) == y[three]).mean()), 4)
    hal = np.array([r["src"].startswith("HaluEval") for r in held])
    if hal.any():
        res["heldout_halueval_auc"] = round(float(roc_auc_score(y[hal] == 0, pr[hal, 0])), 4)
    dev = [json.loads(l) for l in lzma.open(bundle / "dev.jsonl.xz", "rt", encoding="utf-8")]
    pairs, owner = [], []
    for ri, r in enumerate(dev):
        chunks = windows(simple_sentences(r["source"]), args.window_words)
        for si, c in enumerate(simple_sentences(r["claim"]) or [r["claim"]]):
            for ch in chunks:
                pairs.append((ch, c))
                owner.append((ri, si))
    t = time.time()
    pr = predict(model, tok, pairs, device, torch)
    res["dev_pairs"] = len(pairs)
    res["dev_pairs_per_s"] = round(len(pairs) / (time.time() - t), 1)
    best: dict = {}
    for (ri, si), p in zip(owner, pr):
        e, ec = float(p[0]), float(p[0] - p[2])
        cur = best.setdefault((ri, si), [-9.0, -9.0])
        cur[0], cur[1] = max(cur[0], e), max(cur[1], ec)
    per_row: dict = {}
    for (ri, si), v in best.items():
        per_row.setdefault(ri, []).append(v)
    for name in sorted({r["set"] for r in dev}):
        idx = [i for i, r in enumerate(dev) if r["set"] == name]
        yy = np.array([dev[i]["label"] for i in idx])
        for k, key in ((0, "e"), (1, "ec")):
            s = np.array([min(v[k] for v in per_row[i]) for i in idx])
            res[f"{name}:{key}:auc"] = round(float(roc_auc_score(yy, s)), 4)
            res[f"{name}:{key}:ba"] = round(cv_balanced_accuracy(yy, s), 4)
    res["dev_mean_ba_e"] = round(float(np.mean([v for k, v in res.items() if k.endswith(":e:ba")])), 4)
    res["dev_mean_ba_ec"] = round(float(np.mean([v for k, v in res.items() if k.endswith(":ec:ba")])), 4)
    log("report " + json.dumps(res), log_fh)
    return res


def batches(blob, batch_size: int, seed: int, epochs: int):
    """Fixed order of batches: examples are in a seeded shuffled order; within windows of 50 batches they are
    grouped by length (less padding), then those batches are shuffled again."""
    n = len(blob["labels"])
    out = []
    for ep in range(epochs):
        rng = random.Random(seed * 1000 + ep)
        idx = list(range(n))
        rng.shuffle(idx)
        win = batch_size * 50
        for w in range(0, n, win):
            part = sorted(idx[w: w + win], key=lambda i: len(blob["input_ids"][i]))
            bs = [part[i: i + batch_size] for i in range(0, len(part), batch_size)]
            rng.shuffle(bs)
            out += bs
    return out


def collate(blob, idx, torch, device):
    L = max(len(blob["input_ids"][i]) for i in idx)
    ii = torch.zeros((len(idx), L), dtype=torch.long)
    tt = torch.zeros((len(idx), L), dtype=torch.long)
    am = torch.zeros((len(idx), L), dtype=torch.long)
    for r, i in enumerate(idx):
        x = blob["input_ids"][i]
        ii[r, : len(x)] = torch.tensor(x)
        tt[r, : len(x)] = torch.tensor(blob["token_type_ids"][i])
        am[r, : len(x)] = 1
    y = torch.tensor([blob["labels"][i] for i in idx], dtype=torch.long)
    return ii.to(device), tt.to(device), am.to(device), y.to(device)


def loss_fn(logits, y, torch):
    """Cross-entropy for 3-way labels; -log(P(neu)+P(con)) for binary 'not entailed' rows."""
    logp = torch.log_softmax(logits.float(), dim=-1)
    three = y < 3
    loss = torch.zeros_like(y, dtype=logp.dtype)
    if three.any():
        loss[three] = -logp[three].gather(1, y[three].unsqueeze(1)).squeeze(1)
    ne = ~three
    if ne.any():
        loss[ne] = -torch.logsumexp(logp[ne][:, 1:], dim=-1)
    return loss.mean()


def distil_loss(student, teacher, temperature: float, torch):
    """KL(teacher || student) between the two 3-way distributions softened by the temperature, times its square so the
    gradients keep the scale of the hard loss as the temperature changes. A softened teacher says how wrong each wrong
    label is, which a hard label cannot; on hard labels alone the three-layer student stayed 0.09 of held-out NLI
    accuracy below its teacher after two CPU runs (training log, seventh cycle)."""
    t = torch.softmax(teacher.float() / temperature, dim=-1)
    log_s = torch.log_softmax(student.float() / temperature, dim=-1)
    return torch.nn.functional.kl_div(log_s, t, reduction="batchmean") * temperature ** 2


def teacher_order(id2label: dict) -> list[int]:
    """The teacher's logit columns in this script's label order (entailment, neutral, contradiction)."""
    from groundcheck.models.hf import nli_label_indices

    order = nli_label_indices({int(k): v for k, v in id2label.items()})
    if None in order:
        raise SystemExit(f"--teacher needs a 3-way NLI model; its labels are {dict(id2label)}")
    return list(order)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="runs/verifier")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-length", type=int, default=160)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup", type=float, default=0.05)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--synthetic", type=int, default=16000, help="synthetic pairs to generate")
    ap.add_argument("--heldout", type=int, default=1000, help="3-way NLI rows held out for evaluation")
    ap.add_argument("--scale", type=float, default=1.0, help="scale every data cap (e.g. 3 on a GPU)")
    ap.add_argument("--include-noncommercial", action="store_true", help="also train on SICK, ANLI, ConTRoL")
    ap.add_argument("--max-minutes", type=float, default=75.0, help="wall-clock limit for this invocation")
    ap.add_argument("--ckpt-minutes", type=float, default=10.0)
    ap.add_argument("--max-steps", type=int, default=0,
                    help="train on the first N batches of the plan only (the LR schedule ends there); 0 = all. "
                         "On a shared CPU, set it to what fits --max-minutes (the order is a uniform shuffle, so "
                         "any prefix is a representative mix). May be changed on resume: the schedule follows.")
    ap.add_argument("--limit", type=int, default=0, help="smoke test: stop after this many steps")
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument("--bundle", help="train from a bundle of training/prepare_bundle.py (its init/ weights and rows) "
                                     "instead of building the mix from --data")
    ap.add_argument("--budget-minutes", type=float, default=0.0,
                    help="fit the LR schedule to this much training time: after 40 steps the measured speed sets "
                         "the last step (logged; pass it as --max-steps to repeat the run)")
    ap.add_argument("--window-words", type=int, default=250, help="source window size for the per-epoch report")
    ap.add_argument("--report-every-epoch", action="store_true", help="log the model alone on held-out and dev rows")
    ap.add_argument("--bf16", action="store_true", help="bfloat16 autocast (cuda)")
    ap.add_argument("--sources", default="", help="bundle only: train on the rows whose source starts with one of "
                                                  "these comma-separated prefixes")
    ap.add_argument("--exclude", default="", help="bundle only: leave out the rows whose source starts with one of "
                                                  "these comma-separated prefixes")
    ap.add_argument("--keep-layers", default="",
                    help="start from these encoder layers of the init only, e.g. 0,2,4: a shallower student that "
                         "keeps the init's embeddings and head (a fresh start only; a resumed run is already cut)")
    ap.add_argument("--freeze-word-embeddings", action="store_true",
                    help="keep the init's word embeddings (half of MiniLM's weights) fixed: a continued run then only "
                         "has to send back the rest")
    ap.add_argument("--teacher", default="",
                    help="also learn this 3-way model's probabilities (distillation): a model directory, or 'init' "
                         "for the init as it was before --keep-layers cut it; the logged loss is then the mix")
    ap.add_argument("--distil-weight", type=float, default=0.5,
                    help="share of the loss that is the teacher's (the rest is the labels')")
    ap.add_argument("--distil-temperature", type=float, default=2.0)
    args = ap.parse_args(argv)

    t0 = time.time()
    deadline = t0 + args.max_minutes * 60
    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification

    if args.threads:
        torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log_fh = (out / "train.log").open("a", encoding="utf-8")
    log(f"start: {' '.join(sys.argv)}  torch {torch.__version__} threads {torch.get_num_threads()}", log_fh)
    (out / "args.json").write_text(json.dumps(vars(args), indent=1))
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    from transformers import AutoTokenizer

    if args.bundle:
        init_dir = Path(args.bundle) / "init"
    else:
        from groundcheck.models.hf import packaged_embedder_dir

        init_dir = packaged_embedder_dir()
    tok = AutoTokenizer.from_pretrained(str(init_dir))
    blob = build_from_bundle(args, out, tok, log_fh) if args.bundle else build(args, out, log_fh)
    plan = batches(blob, args.batch_size, args.seed, args.epochs)
    steps_per_epoch = len(plan) // max(1, args.epochs)
    total = len(plan) if not args.max_steps else min(len(plan), args.max_steps)
    log(f"plan: {len(blob['labels'])} pairs, {len(plan)} steps of {args.batch_size}, {args.epochs} epoch(s); "
        f"LR schedule and stop at step {total}", log_fh)

    device = torch.device(args.device)
    ckpt = out / "ckpt"
    src = ckpt if (ckpt / "model.safetensors").exists() else init_dir
    model = AutoModelForSequenceClassification.from_pretrained(
        str(src), num_labels=3, id2label=ID2LABEL, label2id={v: k for k, v in ID2LABEL.items()},
        use_safetensors=True)
    if args.keep_layers and src == init_dir:
        keep_layers(model, [int(i) for i in args.keep_layers.split(",")])
        log(f"kept encoder layers {args.keep_layers} of {src}", log_fh)
    model.float()  # the bundle's init weights are float16 (size); train in float32 (+ bf16 autocast on a GPU)
    model.to(device)
    teacher, t_cols = None, None
    if args.teacher:
        tdir = init_dir if args.teacher == "init" else Path(args.teacher)
        teacher = AutoModelForSequenceClassification.from_pretrained(str(tdir), use_safetensors=True)
        if teacher.config.vocab_size != model.config.vocab_size:
            raise SystemExit(f"--teacher {tdir} has another vocabulary ({teacher.config.vocab_size} tokens against "
                             f"{model.config.vocab_size}): it must read the student's token ids")
        t_cols = torch.tensor(teacher_order(teacher.config.id2label), device=device)
        teacher.float().to(device).eval().requires_grad_(False)
        log(f"distilling from {tdir} ({teacher.config.num_hidden_layers} layers), weight {args.distil_weight}, "
            f"temperature {args.distil_temperature}", log_fh)
    autocast = args.bf16 and device.type == "cuda"
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    if args.freeze_word_embeddings:
        model.get_input_embeddings().weight.requires_grad_(False)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and not any(x in n for x in no_decay)],
         "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and any(x in n for x in no_decay)],
         "weight_decay": 0.0},
    ]
    # fused: one kernel for the whole update instead of several per tensor (MiniLM's steps are launch-bound)
    opt = torch.optim.AdamW(groups, lr=args.lr, fused=device.type == "cuda")
    warm = max(1, int(total * args.warmup))
    last = {"step": total}  # the budget moves the last step after measuring speed (BUDGET_MARKS)
    planned, marks = total, {}

    def lr_at(s):
        end = last["step"]
        return (s + 1) / warm if s < warm else max(0.0, (end - s) / max(1, end - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    step = 0
    if (ckpt / "state.pt").exists():
        st = torch.load(ckpt / "state.pt", weights_only=False)
        opt.load_state_dict(st["optimizer"])
        sched.load_state_dict(st["scheduler"])
        step = st["step"]
        torch.set_rng_state(st["torch_rng"])
        log(f"resumed from step {step} (model from {src})", log_fh)
    else:
        log(f"fresh start from {src}", log_fh)

    def save(final=False):
        tmp = out / "ckpt.tmp"
        tmp.mkdir(exist_ok=True)
        model.save_pretrained(str(tmp), safe_serialization=True)
        torch.save({"optimizer": opt.state_dict(), "scheduler": sched.state_dict(), "step": step,
                    "torch_rng": torch.get_rng_state()}, tmp / "state.pt")
        if ckpt.exists():
            old = out / "ckpt.old"
            if old.exists():
                import shutil
                shutil.rmtree(old)
            ckpt.rename(old)
        tmp.rename(ckpt)
        log(f"checkpoint at step {step}/{total}" + (" (final)" if final else ""), log_fh)

    stop = {"signal": None}

    def on_signal(signum, frame):  # kill -TERM <pid>: save a checkpoint and exit at the next step
        stop["signal"] = signum

    import signal

    signal.signal(signal.SIGTERM, on_signal)
    model.train()
    last_ckpt = time.time()
    run_loss, run_acc, run_n, seen = 0.0, 0.0, 0, 0
    t_start = time.time()
    start_step = step
    while step < total:
        if time.time() > deadline:
            log(f"wall-clock limit of {args.max_minutes} min reached", log_fh)
            break
        if stop["signal"] is not None:
            log(f"signal {stop['signal']}: saving and stopping", log_fh)
            break
        if args.limit and step - start_step >= args.limit:
            log(f"--limit {args.limit} steps reached", log_fh)
            break
        idx = plan[step]
        ii, tt, am, y = collate(blob, idx, torch, device)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=autocast):
            logits = model(input_ids=ii, token_type_ids=tt, attention_mask=am).logits
        loss = loss_fn(logits, y, torch)
        if teacher is not None:
            with torch.no_grad(), torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=autocast):
                t_logits = teacher(input_ids=ii, token_type_ids=tt, attention_mask=am).logits[:, t_cols]
            w = args.distil_weight
            loss = (1 - w) * loss + w * distil_loss(logits, t_logits, args.distil_temperature, torch)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        with torch.no_grad():
            pred = logits.argmax(-1)
            # kept on the device: a .item() each step would make the CPU wait for the GPU every step
            ok = torch.where(y < 3, pred == y, pred != 0).float().mean()
        k = step - start_step
        if args.budget_minutes and k in BUDGET_MARKS:
            if device.type == "cuda":
                torch.cuda.synchronize()  # the CPU runs ahead of the GPU: time finished steps only
            marks[k] = time.time()
            if k > BUDGET_MARKS[0]:
                # the first steps pay for warm-up (CUDA context, kernels), and a second run starting on the same GPU
                # slows the next few dozen: the estimate made at step 60 is made again, on steps 60-300, at 300
                prev = BUDGET_MARKS[BUDGET_MARKS.index(k) - 1]
                rate = (marks[k] - marks[prev]) / (k - prev)
                # 10% kept back for the per-epoch reports and the final save
                fit = step + int(0.9 * (args.budget_minutes * 60 - (marks[k] - t_start)) / rate)
                fit = max(step + 1, min(planned, fit))
                if fit != last["step"]:
                    last["step"] = total = fit
                    log(f"budget: {rate * 1000:.0f} ms/step; the schedule now ends at step {total}", log_fh)
        if args.report_every_epoch and args.bundle and step % steps_per_epoch == 0 and step < total:
            report(model, tok, args, device, torch, log_fh, f"epoch {step // steps_per_epoch}")
        run_loss += loss.detach()
        run_acc += ok
        run_n += 1
        seen += len(idx)
        if step % args.log_every == 0:
            el = time.time() - t_start
            log(f"step {step}/{total} loss {float(run_loss) / run_n:.4f} acc {float(run_acc) / run_n:.3f} "
                f"lr {sched.get_last_lr()[0]:.2e} {seen / el:.1f} pairs/s", log_fh)
            run_loss, run_acc, run_n = 0.0, 0.0, 0
        if time.time() - last_ckpt > args.ckpt_minutes * 60:
            save()
            last_ckpt = time.time()
    save(final=True)
    if args.bundle and step >= total:
        report(model, tok, args, device, torch, log_fh, f"final step {step}")
    if step >= total:
        (out / "DONE").write_text(str(step))
    log(f"stopped at step {step}/{total} after {(time.time() - t0) / 60:.1f} min; {seen} pairs this run", log_fh)


def keep_layers(model, keep: list[int]) -> None:
    """Cut the encoder to the given layers, in their order; the config follows, so the checkpoint saved reloads as
    a model of len(keep) layers. The model's cost in the pipeline is nearly all in these layers."""
    import torch

    encoder = model.base_model.encoder
    n = len(encoder.layer)
    if not keep or sorted(set(keep)) != keep or keep[0] < 0 or keep[-1] >= n:
        raise SystemExit(f"--keep-layers wants increasing layer numbers below {n}, got {keep}")
    encoder.layer = torch.nn.ModuleList([encoder.layer[i] for i in keep])
    model.config.num_hidden_layers = len(keep)


if __name__ == "__main__":
    main()

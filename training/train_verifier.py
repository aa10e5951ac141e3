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
    ids, kept, dropped = [], [], Counter()
    B = 512
    for b in range(0, len(examples), B):
        chunk = examples[b: b + B]
        enc = tok([e[0] for e in chunk], [e[1] for e in chunk], truncation=False)
        for e, ii, tt in zip(chunk, enc["input_ids"], enc["token_type_ids"]):
            if len(ii) > args.max_length:
                dropped[e[3]] += 1
                continue
            ids.append((ii, tt))
            kept.append(e)
    rng = random.Random(args.seed)
    order = list(range(len(kept)))
    rng.shuffle(order)
    blob = {
        "input_ids": [ids[i][0] for i in order],
        "token_type_ids": [ids[i][1] for i in order],
        "labels": [kept[i][2] for i in order],
        "source": [kept[i][3] for i in order],
        "heldout": len(held),
    }
    torch.save(blob, cache)
    mix = Counter(kept[i][3] for i in order)
    log(f"mix: {len(kept)} pairs kept, dropped as too long: {dict(dropped)}", log_fh)
    log("mix by source: " + json.dumps(dict(sorted(mix.items()))), log_fh)
    log("labels: " + json.dumps(dict(Counter(blob['labels']))) + " (0 ent, 1 neu, 2 con, 3 not-entailed)", log_fh)
    return blob


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
    args = ap.parse_args(argv)

    t0 = time.time()
    deadline = t0 + args.max_minutes * 60
    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification

    from groundcheck.models.hf import packaged_embedder_dir

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

    blob = build(args, out, log_fh)
    plan = batches(blob, args.batch_size, args.seed, args.epochs)
    total = len(plan) if not args.max_steps else min(len(plan), args.max_steps)
    log(f"plan: {len(blob['labels'])} pairs, {len(plan)} steps of {args.batch_size}, {args.epochs} epoch(s); "
        f"LR schedule and stop at step {total}", log_fh)

    device = torch.device(args.device)
    ckpt = out / "ckpt"
    src = ckpt if (ckpt / "model.safetensors").exists() else packaged_embedder_dir()
    model = AutoModelForSequenceClassification.from_pretrained(
        str(src), num_labels=3, id2label=ID2LABEL, label2id={v: k for k, v in ID2LABEL.items()},
        use_safetensors=True)
    model.to(device)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(x in n for x in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    warm = max(1, int(total * args.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
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
        logits = model(input_ids=ii, token_type_ids=tt, attention_mask=am).logits
        loss = loss_fn(logits, y, torch)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        with torch.no_grad():
            pred = logits.argmax(-1)
            ok = torch.where(y < 3, pred == y, pred != 0).float().mean().item()
        run_loss += loss.item()
        run_acc += ok
        run_n += 1
        seen += len(idx)
        if step % args.log_every == 0:
            el = time.time() - t_start
            log(f"step {step}/{total} loss {run_loss / run_n:.4f} acc {run_acc / run_n:.3f} "
                f"lr {sched.get_last_lr()[0]:.2e} {seen / el:.1f} pairs/s", log_fh)
            run_loss, run_acc, run_n = 0.0, 0.0, 0
        if time.time() - last_ckpt > args.ckpt_minutes * 60:
            save()
            last_ckpt = time.time()
    save(final=True)
    if step >= total:
        (out / "DONE").write_text(str(step))
    log(f"stopped at step {step}/{total} after {(time.time() - t0) / 60:.1f} min; {seen} pairs this run", log_fh)


if __name__ == "__main__":
    main()

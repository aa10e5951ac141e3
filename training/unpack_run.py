"""Rebuild a trained checkpoint from what training/gpu_run.sh sends back.

    python training/unpack_run.py --parts /work/.device/.../out --variant a --init .gpu/init --out runs/r8/a

The GPU run returns each variant as float16 parts without the tensors it left unchanged (the frozen word
embeddings); they come from the same bundle's init/, whose config and tokenizer files are copied alongside.
The result is a directory that training/export_onnx.py --ckpt reads.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

LAYER = re.compile(r"encoder\.layer\.(\d+)\.")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parts", required=True, help="the folder holding model-<variant>.fp16.safetensors.part-N")
    ap.add_argument("--variant", required=True)
    ap.add_argument("--init", required=True, help="the bundle's init/ the run started from")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)

    import torch
    from safetensors.torch import load, load_file, save_file

    parts = sorted(Path(a.parts).glob(f"model-{a.variant}.fp16.safetensors.part-*"),
                   key=lambda p: int(p.name.rsplit("-", 1)[1]))
    if not parts:
        raise SystemExit(f"no parts of variant {a.variant} in {a.parts}")
    blob = b"".join(p.read_bytes() for p in parts)
    trained = load(blob)
    init = load_file(str(Path(a.init) / "model.safetensors"))
    # a run from the packaged base names the encoder "bert.*" where the base has no prefix
    prefix = "bert." if any(k.startswith("bert.") for k in trained) and not any(k.startswith("bert.") for k in init) else ""
    state = {prefix + k: v for k, v in init.items()}
    config = header_metadata(blob).get("config")
    if config:
        # a run cut to fewer layers (train_verifier --keep-layers) trained all it kept; the init's deeper layers
        # are not part of it
        depth = json.loads(config).get("num_hidden_layers")
        if depth is not None:
            state = {k: v for k, v in state.items() if not (m := LAYER.search(k)) or int(m.group(1)) < depth}
    head = [k for k in trained if k not in state]
    if head and not all(k.startswith("classifier.") for k in head):
        raise SystemExit(f"the parts hold tensors the init does not: {sorted(head)[:5]}")
    state.update(trained)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.to(torch.float32).contiguous() for k, v in state.items()}, str(out / "model.safetensors"))
    for f in Path(a.init).iterdir():
        if f.suffix in (".json", ".txt"):
            shutil.copy(f, out / f.name)
    if config:
        (out / "config.json").write_text(config)  # the run's own: the base init's config has no 3-way head
    print(f"{out}: {len(trained)} trained tensors, {len(state) - len(trained)} from {a.init}")


def header_metadata(blob: bytes) -> dict:
    """The __metadata__ of a safetensors file held in memory (its header is a length-prefixed JSON object)."""
    import struct

    (n,) = struct.unpack("<Q", blob[:8])
    return json.loads(blob[8: 8 + n]).get("__metadata__", {}) or {}


if __name__ == "__main__":
    main()

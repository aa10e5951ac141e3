#!/usr/bin/env bash
# The one prepared GPU run: train two verifier variants side by side from a bundle (training/prepare_bundle.py;
# a MiniLM run leaves an H100 mostly idle), log each model alone on held-out and dev rows after every epoch,
# keep the variant with the better HELD-OUT score (3-way NLI accuracy + HaluEval AUC; the dev sets are only
# reported), and pack its weights (float16, in parts under 16 MB) into $OUT.
#
#   BUDGET=4.5 OUT=/tmp/out bash training/gpu_run.sh          # on the GPU machine, bundle in ./.gpu
#   cat $OUT/model.fp16.safetensors.part-* > model.safetensors # back here; then training/export_onnx.py
set -uo pipefail
BUNDLE=${BUNDLE:-.gpu}
OUT=${OUT:-runs/gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=true
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
python3 -c "import torch, transformers; print('torch', torch.__version__, 'transformers', transformers.__version__)"
common=(--bundle "$BUNDLE" --device cuda --bf16 --threads 6 --max-length 512 --batch-size 64
        --budget-minutes "${BUDGET:-4.5}" --report-every-epoch --log-every 250 --ckpt-minutes 1000)
VARIANTS=${VARIANTS:-a b}
pids=()
if [[ " $VARIANTS " == *" a "* ]]; then
    python3 training/train_verifier.py "${common[@]}" --out /tmp/run-a --seed 29 --lr 6e-5 --epochs 3 "$@" \
        > "$OUT/a.out" 2>&1 & pids+=($!)
fi
if [[ " $VARIANTS " == *" b "* ]]; then
    python3 training/train_verifier.py "${common[@]}" --out /tmp/run-b --seed 31 --lr 1e-4 --epochs "${B_EPOCHS:-4}" "$@" \
        > "$OUT/b.out" 2>&1 & pids+=($!)
fi
for p in "${pids[@]}"; do wait "$p"; done
touch "$OUT/a.out" "$OUT/b.out"
grep -h "report\|budget\|plan\|bundle\|stopped\|Error\|error" "$OUT/a.out" | sed 's/^/a: /'
grep -h "report\|budget\|plan\|bundle\|stopped\|Error\|error" "$OUT/b.out" | sed 's/^/b: /'
python3 - "$OUT" <<'PY'
import sys, json, shutil
from pathlib import Path
import torch
from safetensors.torch import load_file, save_file
out = Path(sys.argv[1])
best = None
for v in ("a", "b"):
    run = Path(f"/tmp/run-{v}")
    finals = [l for l in (run / "train.log").read_text().splitlines() if 'report {"tag": "final' in l] if (run / "train.log").exists() else []
    if not finals or not (run / "ckpt" / "model.safetensors").exists():
        print("variant", v, "did not finish"); continue
    rep = json.loads(finals[-1].split("report ", 1)[1])
    score = rep["heldout_nli_acc3"] + rep.get("heldout_halueval_auc", 0)
    print("variant", v, "held-out score", round(score, 4), "dev mean BA (e/ec)", rep["dev_mean_ba_e"], rep["dev_mean_ba_ec"])
    if best is None or score > best[0]:
        best = (score, v, run)
if best is None:
    sys.exit("no variant finished")
print("kept variant", best[1])
(out / "kept.txt").write_text(best[1] + "\n")
state = load_file(str(best[2] / "ckpt" / "model.safetensors"))
blob = out / "model.fp16.safetensors"
save_file({k: v.to(torch.float16).contiguous() for k, v in state.items()}, str(blob))
shutil.copy(best[2] / "ckpt" / "config.json", out / "config.json")
data = blob.read_bytes()
part = 15 * 1024 * 1024
for i in range(0, len(data), part):
    (out / f"model.fp16.safetensors.part-{i // part}").write_bytes(data[i:i + part])
blob.unlink()
print("packed", len(data), "bytes in", (len(data) + part - 1) // part, "parts")
PY

#!/usr/bin/env bash
# The one prepared GPU run: train two verifier variants side by side from a bundle (training/prepare_bundle.py;
# a MiniLM run leaves an H100 mostly idle) and log each model alone on held-out and dev rows after every epoch.
#   a: the permissive-only mix;   b: the same mix plus the non-commercial sets (SICK, ANLI, ConTRoL).
# A_ARGS / B_ARGS replace what sets the variants apart (B_ARGS defaults to --include-noncommercial), so the same
# script runs other pairs: e.g. B_ARGS="--exclude synth:compress,synth:extra_detail" trains b as a's control.
# Both continue from the bundle's init/ (prepare_bundle --init-from) with the same schedule and the word
# embeddings frozen. Both come back, because which one ships is decided here, in the pipeline, on the fitting
# sets (the held-out rows, 3-way NLI accuracy + HaluEval AUC, are logged, the dev sets only reported): as float16
# without the frozen embedding matrix, in parts under 16 MB (two whole models would pass the 64 MB that returns).
#
#   BUDGET=6.5 OUT=/tmp/out bash training/gpu_run.sh        # on the GPU machine, bundle in ./.gpu
#   python training/unpack_run.py --parts $OUT --variant a --init .gpu/init --out runs/r8/a   # back here
#   DEVICE=cpu BUNDLE=/tmp/tiny BUDGET=0 bash training/gpu_run.sh --max-steps 3 --batch-size 8 --threads 1  # smoke test
set -uo pipefail
BUNDLE=${BUNDLE:-.gpu}
OUT=${OUT:-runs/gpu-out}
DEVICE=${DEVICE:-cuda}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=true
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true
python3 -c "import torch, transformers; print('torch', torch.__version__, 'transformers', transformers.__version__)"
extra=()
[[ "$DEVICE" == cuda ]] && extra+=(--bf16)
common=(--bundle "$BUNDLE" --device "$DEVICE" --threads 6 --max-length 512 --batch-size 128 --warmup 0.03
        --budget-minutes "${BUDGET:-6.5}" --report-every-epoch --log-every 250 --ckpt-minutes 1000 --freeze-word-embeddings
        "${extra[@]}")
rm -rf /tmp/run-a /tmp/run-b
read -r -a a_args <<< "${A_ARGS:-}"
read -r -a b_args <<< "${B_ARGS:---include-noncommercial}"
python3 training/train_verifier.py "${common[@]}" --out /tmp/run-a --seed 37 --lr "${LR:-4e-5}" --epochs 3 \
    "${a_args[@]}" "$@" > "$OUT/a.out" 2>&1 &
pa=$!
python3 training/train_verifier.py "${common[@]}" --out /tmp/run-b --seed 37 --lr "${LR:-4e-5}" --epochs 3 \
    "${b_args[@]}" "$@" > "$OUT/b.out" 2>&1 &
pb=$!
wait $pa; wait $pb
grep -h "report\|budget\|plan\|bundle\|stopped\|Error\|error" "$OUT/a.out" | sed 's/^/a: /'
grep -h "report\|budget\|plan\|bundle\|stopped\|Error\|error" "$OUT/b.out" | sed 's/^/b: /'
python3 - "$OUT" "$BUNDLE" <<'PY'
import sys, json
from pathlib import Path
import torch
from safetensors.torch import load_file, save_file
out, bundle = Path(sys.argv[1]), Path(sys.argv[2])
init = load_file(str(bundle / "init" / "model.safetensors"))
part = 15 * 1024 * 1024
for v in ("a", "b"):
    run = Path(f"/tmp/run-{v}")
    log = (run / "train.log").read_text() if (run / "train.log").exists() else ""
    finals = [l for l in log.splitlines() if 'report {"tag": "final' in l]
    if not finals or not (run / "ckpt" / "model.safetensors").exists():
        print("variant", v, "did not finish"); continue
    rep = json.loads(finals[-1].split("report ", 1)[1])
    print("variant", v, "held-out NLI acc3", rep["heldout_nli_acc3"], "HaluEval AUC", rep.get("heldout_halueval_auc"),
          "dev mean BA (e/ec)", rep["dev_mean_ba_e"], rep["dev_mean_ba_ec"])
    state = {k: t.to(torch.float16).contiguous() for k, t in load_file(str(run / "ckpt" / "model.safetensors")).items()}
    # the frozen matrices are the init's: leave them out, the unpacking takes them from the same bundle (a run
    # from the packaged base names them without the classifier's "bert." prefix)
    def init_of(k):
        return init.get(k, init.get(k.removeprefix("bert.")))
    same = [k for k, t in state.items()
            if init_of(k) is not None and t.shape == init_of(k).shape and torch.equal(t, init_of(k))]
    print("variant", v, "left out (unchanged from init):", same)
    blob = out / f"model-{v}.fp16.safetensors"
    # the run's config (3-way head, labels) travels in the metadata: a base init's config has no head
    save_file({k: t for k, t in state.items() if k not in same}, str(blob),
              metadata={"config": (run / "ckpt" / "config.json").read_text()})
    data = blob.read_bytes()
    blob.unlink()
    for i in range(0, len(data), part):
        (out / f"model-{v}.fp16.safetensors.part-{i // part}").write_bytes(data[i:i + part])
    print("packed", v, len(data), "bytes in", (len(data) + part - 1) // part, "parts")
PY

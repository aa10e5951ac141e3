#!/usr/bin/env bash
# The full pipeline (`groundcheck eval`) on dev sets with and without the verifier.
#   training/dev_eval.sh OUTDIR LIMIT [SET ...]
# Run from the repository root (or a worktree of it, with PYTHONPATH pointing at it) with the model in
# models/verifier and a fitted groundcheck/resources/combiner-nli.json (scripts/fit_combiner.py --mode nli).
# "heuristic" = --model heuristic; "model" = the default (the packaged ONNX verifier).
set -u
out=${1:?outdir}; limit=${2:?limit}; shift 2
data=${GROUNDCHECK_DEV:-../shared/data/dev}
cache=${GROUNDCHECK_EVAL_CACHE:-.cache/groundcheck-eval}
sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(FRANK.val SummaC-cogensumm.val SummaC-xsumfaith.val Polytope.val)
mkdir -p "$out"
for s in "${sets[@]}"; do
  for m in heuristic model; do
    opt=(); [ "$m" = heuristic ] && opt=(--model heuristic)
    echo "$(date -u +%FT%TZ) start $s $m" >&2
    groundcheck eval "$data/$s.jsonl.xz" "${opt[@]}" --limit "$limit" --format json -q --threads 1 \
      --cache-dir "$cache" > "$out/$s.$m.json" 2> "$out/$s.$m.err"
    echo "$(date -u +%FT%TZ) done $s $m rc=$?" >&2
  done
done
python - "$out" "${sets[@]}" <<'EOF'
import json, sys
out, sets = sys.argv[1], sys.argv[2:]
print("| set | n | heuristic bacc | model bacc | heuristic AUC | model AUC |")
print("|---|---|---|---|---|---|")
for s in sets:
    try:
        h = json.load(open(f"{out}/{s}.heuristic.json")); m = json.load(open(f"{out}/{s}.model.json"))
    except Exception as e:
        print(f"| {s} | error: {e} |"); continue
    print(f"| {s} | {m['n']} | {h['balanced_accuracy']:.3f} | {m['balanced_accuracy']:.3f} | {h['roc_auc']:.3f} | {m['roc_auc']:.3f} |")
EOF

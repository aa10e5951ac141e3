#!/usr/bin/env bash
# Score every dev set with `groundcheck eval` and keep the JSON results.
#   bench/run_dev_eval.sh OUTDIR MODEL LIMIT [SET ...]
# e.g. bench/run_dev_eval.sh runs/eval/heuristic heuristic 200
# Scores are cached under .cache/groundcheck-eval, so a re-run (another --aggregate or
# --threshold-from) only re-reads them.
set -u
out=${1:?outdir}; model=${2:?model}; limit=${3:?limit}; shift 3
data=${GROUNDCHECK_DEV:-../shared/data/dev}
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
  sets=(FRANK.val SummaC-cogensumm.val SummaC-xsumfaith.val Polytope.val SummaC-summeval.val SummaC-factcc.val
        SummEdits.val QAGS-cnndm.test QAGS-xsum.test BEGIN.dev DialFact-small.test FakeNewsAMT-pairs.test
        LLMFake-manipulation.dev)
fi
mkdir -p "$out"
{ git rev-parse HEAD; git status --short; } > "$out/COMMIT"
for s in "${sets[@]}"; do
  echo "$(date -u +%FT%TZ) start $s" >&2
  groundcheck eval "$data/$s.jsonl.xz" --model "$model" --limit "$limit" --format json -q > "$out/$s.json" 2> "$out/$s.err"
  echo "$(date -u +%FT%TZ) done $s rc=$?" >&2
done

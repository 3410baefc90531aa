#!/usr/bin/env bash
# A diagnostic beside a running `lowres reproduce` or `lowres train` run: scores every epoch's
# checkpoint on the test set as the epoch ends and appends it to <run dir>/test-curve.jsonl
# ({"epoch", "globalStep", "checkpoint", "loss", "accuracy", ...}). The run's reported figure is
# untouched (its protocol scores the test set once, with the weights early stopping chose); this
# curve shows what choosing the epoch on the test set instead, as the LR-Net paper did, would give.
# Ends when the run has finished (after scoring its last epoch) or, given a process id, when that
# process has ended; start it again after a stop (scored epochs are skipped).
#
#   nohup scripts/test-curve.sh <run dir> <dataset> [pid to outlive no longer] >> <run dir>/test-curve.log 2>&1 &
set -uo pipefail
cd "$(dirname "$0")/.."
run=$1 dataset=$2 owner=${3:-}
curve="$run/test-curve.jsonl"
lowres=node_modules/.bin/lowres
touch "$curve"
while :; do
  # Looked at before the epochs are read, so the last epoch is scored once the run has finished.
  finished=false
  if [ -d "$run/checkpoints/final" ]; then finished=true; fi
  if [ -f "$run/metrics.jsonl" ]; then
    # One line per finished epoch: its phase-local epoch and the global step its checkpoint carries.
    while read -r epoch step; do
      if grep -q "\"globalStep\":$step," "$curve"; then continue; fi
      checkpoint=$(cd "$run/checkpoints" 2>/dev/null && ls -d phase*-step"$(printf %09d "$step")" 2>/dev/null | head -n 1)
      if [ -z "$checkpoint" ]; then
        echo "$(date -u +%FT%TZ) epoch $epoch (step $step): its checkpoint is gone, not scored"
        echo "{\"epoch\":$epoch,\"globalStep\":$step,\"checkpoint\":null}" >> "$curve"
        continue
      fi
      if result=$(chrt -i 0 nice -n 19 "$lowres" eval --run "$run" --dataset "$dataset" --checkpoint "$checkpoint" --backend native 2> /dev/null | tail -n 1); then
        echo "{\"epoch\":$epoch,\"globalStep\":$step,${result#\{}" >> "$curve"
        echo "$(date -u +%FT%TZ) epoch $epoch: $result"
      else
        echo "$(date -u +%FT%TZ) epoch $epoch: lowres eval failed; retrying"
      fi
    done < <(node -e 'for (const line of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) if (line.trim()) { const r = JSON.parse(line); console.log(r.epoch, r.globalStep); }' "$run/metrics.jsonl")
  fi
  if $finished; then break; fi
  if [ -n "$owner" ] && ! kill -0 "$owner" 2> /dev/null; then break; fi
  sleep 60
done

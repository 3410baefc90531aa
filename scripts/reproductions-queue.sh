#!/usr/bin/env bash
# Issue 19's recipe runs (items 1, 2 and 6) one after another in the background, each resumable:
# a run whose reproduction.json says "finished" is skipped, any other continues from its last
# checkpoint (or starts). Stop it with `pkill -TERM -f "lowres.mjs reproduce"`: the running recipe
# checkpoints and the queue ends; start the script again to go on. The sweeps (items 3, 4, 5) run
# on `lowres worker` instead (docs/reproductions/README.md).
#
#   nohup scripts/reproductions-queue.sh [runs root, default /work/runs] > /work/runs/queue.log 2>&1 &
#
# Needs the CLI and the native addon built (`pnpm build`). Runs at idle CPU priority, so development
# work on the same machine goes first.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-/work/runs}
mkdir -p "$runs"
export LOWRES_THREADS=${LOWRES_THREADS:-2} OMP_WAIT_POLICY=passive
lowres=node_modules/.bin/lowres

# run <run name> <recipe> [reproduce flags...]
run() {
  local name=$1 recipe=$2
  shift 2
  local dir="$runs/$name"
  if grep -q '"status": "finished"' "$dir/reproduction.json" 2>/dev/null; then
    echo "$(date -u +%FT%TZ) $name: finished, skipped"
    return 0
  fi
  echo "$(date -u +%FT%TZ) $name: lowres reproduce $recipe $* (log: $runs/$name.log)"
  chrt -i 0 nice -n 19 "$lowres" reproduce "$recipe" --backend native --out "$dir" --resume "$@" >> "$runs/$name.log" 2>&1
  local code=$?
  echo "$(date -u +%FT%TZ) $name: exit $code"
  if [ "$code" -ne 0 ]; then exit "$code"; fi
}

run lrnet-fashion-mnist-seed0 lrnet-fashion-mnist --seed 0
run lrnet-fashion-mnist-seed1 lrnet-fashion-mnist --seed 1
run lrnet-fashion-mnist-seed2 lrnet-fashion-mnist --seed 2
run vgg16-fashion-mnist vgg16-fashion-mnist
run inception-v3-fashion-mnist inception-v3-fashion-mnist
run bagnet9-fashion-mnist bagnet9-fashion-mnist
run bagnet17-fashion-mnist bagnet17-fashion-mnist
run bagnet33-fashion-mnist bagnet33-fashion-mnist
echo "$(date -u +%FT%TZ) queue done"

#!/usr/bin/env bash
# Issue 19's runs one after another in the background, each resumable: LR-Net's seeds (item 1), the
# RACNN and HF-SR claims (items 3, 4: sweeps), Table II (item 2), BagNet q = 9/17/33 (item 6), then
# the study (item 5: a sweep). A recipe whose reproduction.json says "finished" is skipped, any other
# continues from its last checkpoint (or starts); a sweep is enqueued (again: that adds nothing) and
# drained by one worker, its finished runs skipped, then its leaderboard is written under the runs root.
# Stop it with `pkill -TERM -f "lowres.mjs (reproduce|worker)|lrnet-torch-reference.py"`: the running
# job checkpoints and the queue ends (a test curve beside it ends within a minute); start the script
# again to go on.
#
#   nohup scripts/reproductions-queue.sh [runs root, default /work/runs] > /work/runs/queue.log 2>&1 &
#
# Needs the CLI and the native addon built (`pnpm build`). Runs at idle CPU priority, so development
# work on the same machine goes first. A run recorded as finished in docs/reproductions/ is skipped,
# and runs saved by scripts/save-reproduction-state.sh are restored first, so a session on a new
# machine continues where the last one stopped.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-/work/runs}
mkdir -p "$runs"
export LOWRES_THREADS=${LOWRES_THREADS:-2} OMP_WAIT_POLICY=passive
lowres=node_modules/.bin/lowres

# Runs packed by scripts/save-reproduction-state.sh in a session on another machine continue here:
# each archive whose run directory is missing is unpacked into the runs root.
state=docs/reproductions/state
for archive in "$state"/*.tar.gz "$state"/sweeps/*.tar.gz; do
  [ -f "$archive" ] || continue
  name=${archive#"$state"/}
  name=${name%.tar.gz}
  if [ ! -e "$runs/$name" ]; then
    mkdir -p "$(dirname "$runs/$name")"
    tar -xzf "$archive" -C "$(dirname "$runs/$name")"
    echo "$(date -u +%FT%TZ) $name: restored from $archive"
  fi
done
# A finished sweep run's archive is retired once its records are in docs/reproductions/<item>/runs/:
# on a new machine those records go back under the runs root, so that the worker (its queue new) does
# not train the run again and the item's leaderboard lists it.
for record in docs/reproductions/*/runs/*/sweep-result.json; do
  [ -f "$record" ] || continue
  id=$(basename "$(dirname "$record")")
  if [ ! -e "$runs/sweeps/$id" ]; then
    mkdir -p "$runs/sweeps"
    cp -r "$(dirname "$record")" "$runs/sweeps/$id"
    echo "$(date -u +%FT%TZ) sweeps/$id: finished, its records restored from $(dirname "$record")"
  fi
done

# reference: item 1's independent check, scripts/lrnet-torch-reference.py (the authors' protocol in
# PyTorch, 17 epochs), until its run.json says "finished"; it needs Debian's python3-torch.
reference() {
  local dir=$runs/lrnet-torch-reference
  if grep -qs '"status": "finished"' "$dir/run.json" docs/reproductions/lrnet-torch-reference/run.json; then
    echo "$(date -u +%FT%TZ) lrnet-torch-reference: finished, skipped"
    return 0
  fi
  if ! /usr/bin/python3 -c 'import torch' 2> /dev/null && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch > /dev/null 2>&1
  fi
  if ! /usr/bin/python3 -c 'import torch' 2> /dev/null; then
    echo "$(date -u +%FT%TZ) lrnet-torch-reference: skipped, /usr/bin/python3 cannot import torch (Debian's python3-torch)"
    return 0
  fi
  mkdir -p "$dir"
  echo "$(date -u +%FT%TZ) lrnet-torch-reference: scripts/lrnet-torch-reference.py (log: $dir/train.log)"
  chrt -i 0 nice -n 19 /usr/bin/python3 scripts/lrnet-torch-reference.py --out "$dir" --threads "$LOWRES_THREADS" >> "$dir/train.log" 2>&1
  local code=$?
  echo "$(date -u +%FT%TZ) lrnet-torch-reference: exit $code"
  if [ "$code" -ne 0 ]; then exit "$code"; fi
  # Stopped by a signal, it checkpoints and exits 0 unfinished: the queue ends with it.
  if ! grep -qs '"status": "finished"' "$dir/run.json"; then exit 0; fi
}

# finished <run name>: whether its reproduction.json, here or in docs/reproductions/, says "finished".
finished() {
  grep -qs '"status": "finished"' "$runs/$1/reproduction.json" "docs/reproductions/$1/reproduction.json"
}

# authors_run: our engine on the reference's protocol (all 60,000 images, 17 epochs, the last one
# tested), every epoch scored on the test set beside it as the authors did: engine against engine.
authors_run() {
  local name=lrnet-fashion-mnist-authors-run
  if finished "$name"; then
    echo "$(date -u +%FT%TZ) $name: finished, skipped"
    return 0
  fi
  mkdir -p "$runs/$name"
  scripts/test-curve.sh "$runs/$name" fashion-mnist $$ >> "$runs/$name.test-curve.log" 2>&1 &
  local curve=$!
  run "$name" "$name" --seed 0
  # Finished, the curve scores the last epoch and ends by itself.
  if finished "$name"; then wait "$curve"; else kill "$curve" 2> /dev/null; fi
}

# run <run name> <recipe> [reproduce flags...]
run() {
  local name=$1 recipe=$2
  shift 2
  local dir="$runs/$name"
  if finished "$name"; then
    echo "$(date -u +%FT%TZ) $name: finished, skipped"
    return 0
  fi
  echo "$(date -u +%FT%TZ) $name: lowres reproduce $recipe $* (log: $runs/$name.log)"
  chrt -i 0 nice -n 19 "$lowres" reproduce "$recipe" --backend native --out "$dir" --resume "$@" >> "$runs/$name.log" 2>&1
  local code=$?
  echo "$(date -u +%FT%TZ) $name: exit $code"
  if [ "$code" -ne 0 ]; then exit "$code"; fi
}

# sweep <item name> <grid file>: its runs under $runs/sweeps, its leaderboard in $runs/<item name>.
sweep() {
  local name=$1 grid=$2 queue=redis://127.0.0.1:6379
  if ! redis-cli -p 6379 ping > /dev/null 2>&1; then
    mkdir -p "$runs/redis"
    redis-server --port 6379 --bind 127.0.0.1 --dir "$runs/redis" --appendonly yes --appendfsync always --daemonize yes > /dev/null
    sleep 1
  fi
  echo "$(date -u +%FT%TZ) $name: lowres sweep $grid, then a draining worker (log: $runs/$name.log)"
  "$lowres" sweep "$grid" --queue "$queue" >> "$runs/$name.log" 2>&1 || exit $?
  # At idle priority a step can wait minutes for a core while other work runs: a long stall limit
  # keeps such a job from being declared stalled.
  chrt -i 0 nice -n 19 "$lowres" worker --backend native --queue "$queue" --runs "$runs/sweeps" --drain --stall-seconds 900 >> "$runs/$name.log" 2>&1
  local code=$?
  echo "$(date -u +%FT%TZ) $name: worker exit $code"
  if [ "$code" -ne 0 ]; then exit "$code"; fi
  "$lowres" sweep report --runs "$runs/sweeps" --grid "$grid" --out "$runs/$name" >> "$runs/$name.log" 2>&1
}

# Seed 0 as first run (sessions 4-5), with each batch split in two for batch norm; kept as the
# measure of what that deviation costs. Finished: its record in docs/reproductions/ skips it.
run lrnet-fashion-mnist-seed0-microbatch64 lrnet-fashion-mnist --seed 0 --micro-batch 64
run lrnet-fashion-mnist-seed0 lrnet-fashion-mnist --seed 0
# Before the other seeds: it says whether seed 0's gap to the paper is in our engine or in the paper.
reference
authors_run
run lrnet-fashion-mnist-seed1 lrnet-fashion-mnist --seed 1
run lrnet-fashion-mnist-seed2 lrnet-fashion-mnist --seed 2
sweep racnn-claim docs/reproductions/racnn-claim/grid.yaml
sweep hf-sr-claim docs/reproductions/hf-sr-claim/grid.yaml
run vgg16-fashion-mnist vgg16-fashion-mnist
run inception-v3-fashion-mnist inception-v3-fashion-mnist
run bagnet9-fashion-mnist bagnet9-fashion-mnist
run bagnet17-fashion-mnist bagnet17-fashion-mnist
run bagnet33-fashion-mnist bagnet33-fashion-mnist
sweep study docs/reproductions/study/grid.yaml
echo "$(date -u +%FT%TZ) queue done"

#!/usr/bin/env bash
# Copies the records of issue 19's runs (not their checkpoints) from the runs root that
# scripts/reproductions-queue.sh fills into docs/reproductions/, so the figures can be checked after
# that machine is gone: every `lowres reproduce` run directory to docs/reproductions/<run name>/, and
# each sweep item's leaderboard with the records of its runs (and the worker's log lines for each) to
# docs/reproductions/<item>/runs/<id>/.
#
#   scripts/collect-reproduction-records.sh [runs root, default /work/runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-/work/runs}
docs=docs/reproductions
records=(config.json pipeline.json metrics.csv metrics.jsonl reproduction.json backend.json report.md test-metrics.json sr-quality.json sweep-result.json test-curve.jsonl)

# copy_run <run directory> <destination>
copy_run() {
  local source=$1 destination=$2
  mkdir -p "$destination"
  for file in "${records[@]}"; do
    if [ -f "$source/$file" ]; then cp "$source/$file" "$destination/"; fi
  done
  if [ -d "$source/plots" ]; then
    mkdir -p "$destination/plots"
    cp -r "$source/plots/." "$destination/plots/"
  fi
}

for dir in "$runs"/*/; do
  name=$(basename "$dir")
  if [ -f "$dir/reproduction.json" ]; then
    copy_run "$dir" "$docs/$name"
    echo "$docs/$name"
  fi
done

for item in racnn-claim hf-sr-claim study; do
  board="$runs/$item/leaderboard.csv"
  if [ ! -f "$board" ]; then continue; fi
  cp "$runs/$item/leaderboard.md" "$board" "$runs/$item/accuracy-flops.svg" "$docs/$item/"
  # The run id is the last column of every row after the header.
  for id in $(tail -n +2 "$board" | awk -F, '{ print $NF }'); do
    copy_run "$runs/sweeps/$id" "$docs/$item/runs/$id"
    # The worker's lines for the run (attempts, resumes, throughput) from the queue's log of the item.
    if [ -f "$runs/$item.log" ]; then grep -F "[$id]" "$runs/$item.log" > "$docs/$item/runs/$id/worker.log" || true; fi
  done
  echo "$docs/$item ($(($(wc -l < "$board") - 1)) runs)"
done

# Item 1's PyTorch reference: its per-epoch history and run description (not its checkpoint).
reference=$runs/lrnet-torch-reference
if [ -f "$reference/history.jsonl" ]; then
  mkdir -p "$docs/lrnet-torch-reference"
  cp "$reference/history.jsonl" "$reference/run.json" "$docs/lrnet-torch-reference/"
  echo "$docs/lrnet-torch-reference ($(wc -l < "$reference/history.jsonl") epochs)"
fi

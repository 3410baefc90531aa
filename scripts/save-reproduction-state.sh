#!/usr/bin/env bash
# Packs every unfinished run under the runs root (a `lowres reproduce` run directory, or a sweep's run
# under <runs root>/sweeps) into docs/reproductions/state/, so that a session on a new machine can
# resume it: scripts/reproductions-queue.sh unpacks an archive whose run directory is missing. Each
# archive holds the run's files with only its newest step checkpoint, its best one (early stopping)
# and its final model when it has one, without the run lock. Once a run's records are in
# docs/reproductions/ (scripts/collect-reproduction-records.sh), its archive is removed. Item 1's
# PyTorch reference (scripts/lrnet-torch-reference.py) is packed whole until its finished record is collected.
#
#   scripts/save-reproduction-state.sh [runs root, default /work/runs]
#
# Safe while the run trains: checkpoints are written to a temporary directory and renamed, and an
# archive is written beside its old one and renamed only when complete.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-/work/runs}
state=$PWD/docs/reproductions/state
mkdir -p "$state"

# collected <archive name>: whether docs/reproductions/ holds the finished run's records.
collected() {
  case $1 in
    sweeps/*) compgen -G "docs/reproductions/*/runs/${1#sweeps/}/sweep-result.json" > /dev/null ;;
    *) grep -qs '"status": "finished"' "docs/reproductions/$1/reproduction.json" ;;
  esac
}

# pack <run directory> <archive name, relative to the state folder>
pack() {
  local dir=$1 name=$2
  local archive="$state/$name.tar.gz"
  if collected "$name"; then
    rm -f "$archive"
    return 0
  fi
  local newest
  newest=$(find "$dir/checkpoints" -mindepth 1 -maxdepth 1 -type d -name 'phase*-step*' ! -name '*.tmp-*' ! -name '*.old-*' 2>/dev/null | sort | tail -n 1)
  if [ -z "$newest" ]; then return 0; fi
  local staging
  staging=$(mktemp -d)
  local copy="$staging/$(basename "$name")"
  mkdir -p "$copy/checkpoints"
  find "$dir" -mindepth 1 -maxdepth 1 ! -name checkpoints ! -name .lowres.lock ! -name '*.tmp-*' -exec cp -r {} "$copy/" \;
  cp -r "$newest" "$copy/checkpoints/"
  for kept in best final; do
    if [ -d "$dir/checkpoints/$kept" ]; then cp -r "$dir/checkpoints/$kept" "$copy/checkpoints/"; fi
  done
  mkdir -p "$(dirname "$archive")"
  tar -czf "$archive.partial" -C "$staging" "$(basename "$name")"
  mv "$archive.partial" "$archive"
  rm -rf "$staging"
  echo "$archive ($(du -h "$archive" | cut -f1): $(basename "$newest"))"
}

for dir in "$runs"/*/; do
  dir=${dir%/}
  if [ -f "$dir/config.json" ]; then pack "$dir" "$(basename "$dir")"; fi
done
for dir in "$runs"/sweeps/*/; do
  dir=${dir%/}
  if [ -f "$dir/config.json" ]; then pack "$dir" "sweeps/$(basename "$dir")"; fi
done

# Item 1's PyTorch reference (scripts/lrnet-torch-reference.py) until docs/ holds its finished record.
reference=$runs/lrnet-torch-reference
archive=$state/lrnet-torch-reference.tar.gz
if grep -qs '"status": "finished"' docs/reproductions/lrnet-torch-reference/run.json; then
  rm -f "$archive"
elif [ -f "$reference/checkpoint.pt" ]; then
  # Exit status 1 only says the log grew while it was read: the checkpoint is replaced by a rename.
  tar -czf "$archive.partial" -C "$runs" --exclude '*.partial' --warning=no-file-changed lrnet-torch-reference || [ $? -eq 1 ]
  mv "$archive.partial" "$archive"
  echo "$archive ($(du -h "$archive" | cut -f1): $(wc -l < "$reference/history.jsonl") epochs)"
fi

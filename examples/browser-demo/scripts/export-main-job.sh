#!/usr/bin/env bash
# Exports the main job's run (runs/demo, written by `bash scripts/main.sh`) with 12 test images into
# public/model/, where the page loads it from. Pass another run directory as the first argument.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
run="${1:-$root/runs/demo}"
cd "$root"
exec pnpm exec tsx --conditions @lowres/source packages/cli/src/cli.ts export \
  --run "$run" --out "$here/public/model" --dataset fashion-mnist-mini --samples 12

#!/usr/bin/env bash
# The main job: sets up a fresh clone, then trains RACNN-SR ×2 + LR-Net end to end on the
# Fashion-MNIST subset embedded in @lowres/datasets (degraded 28→14) and writes the run's report.
# Extra arguments go to `lowres demo` (e.g. --epochs 2 --out runs/demo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# The `lowres` bin itself, not through pnpm or the tsx CLI: each of those is a parent process that
# turns Ctrl-C into an early kill, while lowres checkpoints at the next step and says how to resume.
exec node_modules/.bin/lowres demo "$@"

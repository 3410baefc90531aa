#!/usr/bin/env bash
# The main job: sets up a fresh clone, then trains RACNN-SR ×2 + LR-Net end to end on the
# Fashion-MNIST subset embedded in @lowres/datasets (degraded 28→14) and writes the run's report.
# Extra arguments go to `lowres demo` (e.g. --epochs 2 --out runs/demo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export COREPACK_INTEGRITY_KEYS=0
exec pnpm exec tsx --conditions @lowres/source packages/cli/src/cli.ts demo "$@"

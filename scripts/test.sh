#!/usr/bin/env bash
# Sets up a fresh clone and runs every package's tests, then prints one summary line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export COREPACK_INTEGRITY_KEYS=0
rm -f packages/*/test-results.json examples/*/test-results.json
status=0
pnpm run typecheck || status=$?
pnpm run lint || status=$?
pnpm test || status=$?
node scripts/summarize-tests.mjs || status=$?
exit "$status"

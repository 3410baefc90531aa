#!/usr/bin/env bash
# Sets up a fresh clone and runs every package's tests, then prints one summary line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export COREPACK_INTEGRITY_KEYS=0
# The suite runs on the native oneDNN engine when it built (libdnnl-dev present), else on wasm.
if [ -z "${LOWRES_BACKEND:-}" ] && [ -f packages/native/build/Release/lowres_native.node ]; then
  export LOWRES_BACKEND=native LOWRES_REQUIRE_NATIVE=1
fi
# Tests run two workers on these cores at once: OpenMP threads sleep instead of spinning while they wait.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
echo "test: default backend ${LOWRES_BACKEND:-chosen by initBackend (wasm without the native engine)}"
rm -f packages/*/test-results.json examples/*/test-results.json
status=0
pnpm run typecheck || status=$?
pnpm run lint || status=$?
pnpm test || status=$?
node scripts/summarize-tests.mjs || status=$?
exit "$status"

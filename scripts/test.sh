#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs every test in the solution.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
bash scripts/setup.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution Eavesdrop.slnx --no-build --no-progress "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line, whatever the runner printed above it.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"

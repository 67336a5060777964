#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs every test in the solution.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
bash scripts/setup.sh
dotnet test --solution Eavesdrop.slnx --no-build --no-progress "$@"

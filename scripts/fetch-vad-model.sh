#!/usr/bin/env bash
# Fetches the Silero VAD v5 model (MIT, snakers4/silero-vad) from the npm package
# @ricky0123/vad-web, which ships it at package/dist/silero_vad_v5.onnx, into
# <repo>/.cache/vad/. The Engine project copies it to its output as models/silero_vad_v5.onnx.
# Idempotent: does nothing when the model is already there and has the expected checksum.
set -euo pipefail

package="@ricky0123/vad-web@0.0.31"
expected_sha256="2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="$repo_root/.cache/vad"
model="$target_dir/silero_vad_v5.onnx"

if [[ -f "$model" ]] && echo "$expected_sha256  $model" | sha256sum --check --status; then
    echo "VAD model present: $model"
    exit 0
fi

command -v npm >/dev/null || { echo "fetch-vad-model: npm is required (apt-get install npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball="$(ls "$work"/*.tgz)"
tar -xzf "$tarball" -C "$work" package/dist/silero_vad_v5.onnx package/package.json package/README.md

echo "$expected_sha256  $work/package/dist/silero_vad_v5.onnx" | sha256sum --check --status \
    || { echo "fetch-vad-model: checksum mismatch for silero_vad_v5.onnx from $package" >&2; exit 1; }

mkdir -p "$target_dir"
# The package has no LICENSE file; its package.json names the package licence and the model is
# Silero VAD's (MIT). Keep both next to the model, with a note saying where it came from.
cp "$work/package/package.json" "$target_dir/vad-web-package.json"
cat > "$target_dir/LICENSE.silero-vad.txt" <<'NOTE'
silero_vad_v5.onnx: Silero VAD v5 (https://github.com/snakers4/silero-vad), MIT License,
Copyright (c) 2020-present Silero Team. Extracted from the npm package @ricky0123/vad-web@0.0.31
(package/dist/silero_vad_v5.onnx); that package's package.json is kept beside this file.
NOTE
mv "$work/package/dist/silero_vad_v5.onnx" "$model.tmp"
mv "$model.tmp" "$model"
echo "VAD model fetched: $model"

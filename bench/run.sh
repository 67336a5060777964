#!/usr/bin/env bash
# Whisper engine benchmark: builds bench/Eavesdrop.Bench in Release, generates the synthetic
# random-weight models at the real tiny and base dimensions if they are not there yet
# (.cache/whisper-synth/{tiny,base}, fp32 + quantized, merged decoder), and runs it.
# Prints a table and writes bench/results/whisper.json.
#
# Usage: bench/run.sh [--sizes tiny,base] [--iterations 5] [--threads 0]
# Run time: generating both models takes about 30 s (once). The benchmark itself took 15.6 minutes
# with --iterations 3 on a 2-core VM shared with other jobs (load average ~20); expect a few minutes
# on a quiet machine. Not part of CI.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

models="$repo/.cache/whisper-synth"
python=/usr/bin/python3   # Debian's python3 has numpy and onnx; the pyenv one on PATH may not
for size in tiny base; do
  if [[ ! -f "$models/$size/onnx/decoder_model_merged_quantized.onnx" ]]; then
    echo "generating synthetic whisper-$size in $models/$size"
    "$python" tools/whisper-synth/whisper_synth.py --size "$size" --out "$models/$size" --variants fp32,quantized --decoders merged
  fi
done

dotnet build bench/Eavesdrop.Bench -c Release -v quiet -nologo
dotnet bench/Eavesdrop.Bench/bin/Release/net10.0/Eavesdrop.Bench.dll \
  --models "$models" --audio "$repo/../shared/audio/jfk.wav" --out "$repo/bench/results/whisper.json" "$@"

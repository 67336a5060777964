#!/usr/bin/env bash
# Latency and capacity benchmark of the real server: builds eavesdrop and bench/Eavesdrop.LatencyBench
# in Release, starts `eavesdrop serve --engine sphinx --port 0 --json-logs` on 127.0.0.1 and streams
# a clip (+3 s of digital silence) in real time, 100 ms frames, from real TranscriberClients.
#   1. finalisation latency (speech end sent → completed segment received), 1/4/8 clients, 5 rounds each;
#   2. server CPU and engine inferences of 8 clients streaming 20 s of pure silence vs speech;
#   3. capacity hint: the largest of 1,2,4,8,12 clients with median latency under 2 s (stops early).
# Prints a table per section and writes bench/results/latency.json (with /proc/loadavg at start and end).
#
# The clip is PocketSphinx's test recording cards/005.wav ("eight of spades four of clubs seven of
# hearts", 3.5 s, pocketsphinx-testdata): clean, so an energy threshold finds where speech ends.
# jfk.wav does not work for this: crowd noise after the last word keeps the energy up to the end.
#
# Usage: bench/latency.sh [--audio FILE] [--runs 5] [--concurrency 4,8] [--silence-clients 8]
#                         [--silence-seconds 20] [--capacity 1,2,4,8,12] [--capacity-rounds 2] [--threshold 2]
# Run time: about 4 minutes (every round is real time); it stops by itself after 10 minutes at most.
# Not part of CI.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

scripts/fetch-vad-model.sh   # the server gates inference with Silero VAD
dotnet build src/Eavesdrop.Cli -c Release -v quiet -nologo
dotnet build bench/Eavesdrop.LatencyBench -c Release -v quiet -nologo
dotnet bench/Eavesdrop.LatencyBench/bin/Release/net10.0/Eavesdrop.LatencyBench.dll \
  --dll "$repo/src/Eavesdrop.Cli/bin/Release/net10.0/eavesdrop.dll" \
  --audio /usr/share/pocketsphinx/test/data/cards/005.wav --out "$repo/bench/results/latency.json" "$@"

#!/usr/bin/env bash
# Sets everything up, starts the server on the offline PocketSphinx engine, streams jfk.wav
# through the real client in real time and prints the text as it completes. The server then
# keeps running (ws://127.0.0.1:9090/) until Ctrl+C.
#   scripts/demo.sh [extra 'eavesdrop serve' options, e.g. --engine whisper --model tiny.en]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
bash scripts/setup.sh

eavesdrop=(dotnet "$repo_root/src/Eavesdrop.Cli/bin/${CONFIGURATION:-Debug}/net10.0/eavesdrop.dll")
port="${EAVESDROP_PORT:-9090}"
clip="${EAVESDROP_DEMO_AUDIO:-$repo_root/../shared/audio/jfk.wav}"
[[ -f "$clip" ]] || clip=/usr/share/pocketsphinx/test/data/cards/005.wav

"${eavesdrop[@]}" serve --engine sphinx --port "$port" "$@" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 120); do
  if "${eavesdrop[@]}" client health --url "ws://127.0.0.1:$port/" >/dev/null 2>&1; then break; fi
  kill -0 $server 2>/dev/null || { echo "demo: the server did not start" >&2; exit 1; }
  sleep 1
done

echo
echo "demo: streaming $(basename "$clip") in real time to ws://127.0.0.1:$port/ …"
"${eavesdrop[@]}" client stream "$clip" --url "ws://127.0.0.1:$port/"
echo
echo "demo: the server keeps running on ws://127.0.0.1:$port/ — try:"
echo "      dotnet src/Eavesdrop.Cli/bin/Debug/net10.0/eavesdrop.dll client stream YOUR_FILE --url ws://127.0.0.1:$port/"
echo "      Ctrl+C stops it."
wait $server

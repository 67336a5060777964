#!/usr/bin/env bash
# Installs everything Eavesdrop needs on a fresh Debian 12 machine, then restores and builds.
# Idempotent: packages already present are not reinstalled, the VAD model is fetched once.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# ffmpeg: RTSP ingest and file decoding; pocketsphinx: the offline engine and its test clips;
# GStreamer RTSP server + python3-gi: the RTSP test server; python3-onnx/numpy: the synthetic
# Whisper model generator and front-end checks; sox/espeak-ng: test audio; npm: the Silero VAD model.
apt_packages=(
  ffmpeg
  libpocketsphinx3 pocketsphinx-en-us pocketsphinx-testdata
  python3 python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  python3-onnx python3-numpy
  sox espeak-ng
)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v npm >/dev/null || missing+=(npm)

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi

if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: apt packages present"
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is needed (dotnet on PATH)." >&2
  echo "       Install it from Microsoft's Debian packages: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

bash scripts/fetch-vad-model.sh

echo "setup: restoring and building"
dotnet build Eavesdrop.slnx -c "${CONFIGURATION:-Debug}" --nologo -v quiet -clp:ErrorsOnly
echo "setup: done"

#!/usr/bin/env bash
# Set-up of the Face-LLaVA Workbench on a Debian 12 machine. Idempotent.
#
#   bash scripts/bootstrap.sh            install what is missing, fetch + verify assets
#   bash scripts/bootstrap.sh --run      ... then build (release) and run the main job
#   bash scripts/bootstrap.sh --test     ... then build (ci) and run the whole test suite
#
# Debian packages are installed with apt-get when running as root; otherwise
# the exact apt-get command is printed and the script stops. Model assets come
# from packages only: npm @vladmandic/face-api (pinned, every file sha256-checked
# against resources/assets/*.sha256) and Debian libdlib-data.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-setup}"
case "$MODE" in setup|--run|--test) ;; *) echo "usage: $0 [--run|--test]" >&2; exit 2 ;; esac

FACEAPI_VERSION=1.7.15
DLIB_DATA_DIR="${FACELLAVA_DLIB_DATA_DIR:-/usr/share/dlib}"

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev nlohmann-json3-dev libgtest-dev libgmock-dev googletest libbenchmark-dev
  # LibTorch's c10d Gloo backend (multi-process training) needs gloo's headers.
  libgloo-dev
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev qt6-charts-dev qt6-tools-dev
  qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite qt6-svg-dev
  libopencv-dev libopencv-contrib-dev libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
  ffmpeg libsqlite3-dev sqlite3 libsentencepiece-dev sentencepiece libdlib-dev libdlib-data
  xvfb xauth
  # The .deb (installer/, test cli.install_deb): CPack's dpkg-shlibdeps step needs
  # file and dpkg-dev; the installed metadata is validated with the last three.
  file dpkg-dev appstream desktop-file-utils shared-mime-info
  # Debian's LibTorch calls the system BLAS: without OpenBLAS the alternative
  # is the reference libblas, ~20x slower at every matmul (training, chat).
  libopenblas0-pthread
)

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then
    log "all Debian packages present"
    return
  fi
  local cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    die "missing packages; run as root: $cmd"
  fi
  log "installing ${#missing[@]} packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Checks every pinned file under a folder; prints nothing and returns 0 when all match.
verify_pins() {
  local dir="$1" pins="$2"
  [ -d "$dir" ] || return 1
  (cd "$dir" && sha256sum --check --quiet --strict "$pins" >/dev/null 2>&1)
}

# One fetcher for both layouts: the installed program ships the same script
# as `facellava-fetch-assets` (installer/).
fetch_faceapi() {
  bash "$ROOT/installer/facellava-fetch-assets" --pins-dir "$ROOT/resources/assets" ||
    die "fetching @vladmandic/face-api@$FACEAPI_VERSION failed (see above)"
}

check_dlib() {
  verify_pins "$DLIB_DATA_DIR" "$ROOT/resources/assets/dlib-data.sha256" ||
    die "$DLIB_DATA_DIR/shape_predictor_68_face_landmarks.dat missing or corrupt; run as root: apt-get install --reinstall libdlib-data"
  log "dlib shape predictor verified in $DLIB_DATA_DIR"
}

build() {
  local preset="$1"
  log "configuring and building preset '$preset'"
  cmake --preset "$preset" -S "$ROOT" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
}

install_packages
fetch_faceapi
check_dlib

case "$MODE" in
  --run)
    build release
    exec "$ROOT/build/release/bin/facellava" info
    ;;
  --test)
    build ci
    cd "$ROOT"
    export QT_QPA_PLATFORM=offscreen
    # On failure the reasons are printed again, last, where a truncated CI
    # log still shows them.
    ctest --preset ci -j "$(nproc)" && exit 0
    status=$?
    bash "$ROOT/scripts/test-failure-digest.sh" "$ROOT/build/ci/Testing/Temporary/LastTest.log"
    exit "$status"
    ;;
  *) log "set-up complete" ;;
esac

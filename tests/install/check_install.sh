#!/usr/bin/env bash
# Installs the build into a throwaway place and runs the installed programs
# from there, from another working directory and with no FACELLAVA_RESOURCES_DIR
# / FACELLAVA_SPM_SHIM, so they must find their resources relative to
# themselves (the build tree's source-tree fallbacks would hide a missing file,
# so the paths `facellava info --json` reports are checked too).
#
#   check_install.sh prefix BUILD_DIR   cmake --install BUILD_DIR --prefix <tmp>
#   check_install.sh deb BUILD_DIR      cpack -G DEB, dpkg-deb -x into <tmp root>, use <root>/usr
#
# Needs the face-api assets (scripts/bootstrap.sh fetched them) for the demo
# photo; the deb mode also file, dpkg-dev, appstream, desktop-file-utils and
# shared-mime-info (bootstrap.sh installs them).
set -euo pipefail

MODE="${1:?usage: check_install.sh prefix|deb BUILD_DIR}"
BUILD="$(cd "${2:?usage: check_install.sh prefix|deb BUILD_DIR}" && pwd)"
FACEAPI="${FACELLAVA_ASSETS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/facellava}/npm/face-api-1.7.15/package"
PHOTO="$FACEAPI/demo/sample1.jpg"

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
step() { printf '== %s\n' "$*"; }

[ -r "$PHOTO" ] || fail "demo photo $PHOTO missing; run bash scripts/bootstrap.sh"
TMP="$(readlink -f "$(mktemp -d "${TMPDIR:-/tmp}/facellava-install.XXXXXX")")"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/elsewhere"

case "$MODE" in
  prefix)
    step "cmake --install into $TMP/prefix"
    cmake --install "$BUILD" --prefix "$TMP/prefix" >"$TMP/install.log" ||
      { cat "$TMP/install.log"; fail "cmake --install failed"; }
    PREFIX="$TMP/prefix"
    ;;
  deb)
    step "cpack -G DEB"
    (cd "$TMP" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TMP/pkg" >"$TMP/cpack.log" 2>&1) ||
      { cat "$TMP/cpack.log"; fail "cpack failed"; }
    debs=("$TMP"/pkg/*.deb)
    [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb in $TMP/pkg"
    DEB="${debs[0]}"
    dpkg-deb -I "$DEB"
    [ "$(dpkg-deb -f "$DEB" Package)" = facellava-workbench ] || fail "package name"
    depends="$(dpkg-deb -f "$DEB" Depends)"
    for lib in libtorch libdlib-data libsentencepiece libopencv-core libavformat libqt6widgets6 libsqlite3; do
      [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
    done
    dpkg-deb --ctrl-tarfile "$DEB" | tar -t | grep -qx './postinst' || fail "no postinst in the package"
    step "dpkg-deb -x into $TMP/root"
    dpkg-deb -x "$DEB" "$TMP/root"
    PREFIX="$TMP/root/usr"
    for f in share/applications/io.github.facellava.Workbench.desktop \
             share/metainfo/io.github.facellava.Workbench.metainfo.xml \
             share/mime/packages/io.github.facellava.Workbench.xml \
             share/icons/hicolor/scalable/apps/io.github.facellava.Workbench.svg \
             share/icons/hicolor/256x256/apps/io.github.facellava.Workbench.png \
             bin/facellava-workbench; do
      [ -f "$PREFIX/$f" ] || fail "the package lacks /usr/$f"
    done
    step "desktop entry, AppStream metainfo and MIME type validate"
    desktop-file-validate "$PREFIX/share/applications/io.github.facellava.Workbench.desktop" ||
      fail "desktop-file-validate"
    appstreamcli validate --strict --no-net "$PREFIX/share/metainfo/io.github.facellava.Workbench.metainfo.xml" ||
      fail "appstreamcli validate --strict"
    mkdir -p "$TMP/mime/packages"
    cp "$PREFIX/share/mime/packages/io.github.facellava.Workbench.xml" "$TMP/mime/packages/"
    update-mime-database "$TMP/mime" 2>/dev/null || fail "update-mime-database rejects the MIME XML"
    grep -qx 'application/x-facellava-session:\*\.facellava' <(cut -d: -f2- "$TMP/mime/globs2") ||
      fail "*.facellava is not mapped to application/x-facellava-session"
    ;;
  *) fail "unknown mode $MODE" ;;
esac

# Runs an installed program from elsewhere with only HOME/PATH-like variables
# the user would have.
run() {
  (cd "$TMP/elsewhere" && env -u FACELLAVA_RESOURCES_DIR -u FACELLAVA_SPM_SHIM "$@")
}

# /proc/self/exe is the real path; the programs report <prefix>/bin/../share/...
step "facellava info"
run "$PREFIX/bin/facellava" info --json >"$TMP/info.json" || { cat "$TMP/info.json"; fail "facellava info failed"; }
grep -qF "\"resources_dir\": \"$PREFIX/bin/../share/facellava\"" "$TMP/info.json" ||
  { grep resources_dir "$TMP/info.json"; fail "resources not found in the installed tree ($PREFIX/share/facellava)"; }
grep -qE "\"spm_shim\": \"$PREFIX/bin/\.\./lib[^\"]*/facellava/libfacellava_spm_shim\.so\"" "$TMP/info.json" ||
  { grep spm_shim "$TMP/info.json"; fail "SentencePiece shim not found in the installed tree"; }
grep -q '"all_assets_ok": true' "$TMP/info.json" || fail "installed facellava info reports missing assets"
run "$PREFIX/bin/facellava" info --no-verify | tee "$TMP/info.txt" | grep -qx "All model assets found." ||
  { cat "$TMP/info.txt"; fail "facellava info (text) did not find every asset"; }

step "facellava analyze (headless)"
run "$PREFIX/bin/facellava" analyze --quiet "$PHOTO" >"$TMP/analyze.json" ||
  fail "facellava analyze failed"
grep -q '"frames_analysed":1' "$TMP/analyze.json" || { tail -c 400 "$TMP/analyze.json"; fail "no analysed frame"; }
grep -q '"faces":[1-9]' "$TMP/analyze.json" || { tail -c 400 "$TMP/analyze.json"; fail "no face found"; }

step "facellava chat with the installed demo model"
run "$PREFIX/bin/facellava" chat --image "$PHOTO" --max-new-tokens 4 "What is the expression?" \
  >"$TMP/chat.txt" 2>"$TMP/chat.err" || { cat "$TMP/chat.err"; fail "facellava chat failed"; }
[ -s "$TMP/chat.txt" ] || { cat "$TMP/chat.err"; fail "facellava chat printed no answer"; }

step "man pages and bash completion"
if command -v help2man >/dev/null; then  # the build writes man pages only with help2man
  for page in facellava.1 facellava-batch.1 facellava-chat.1; do
    [ -s "$PREFIX/share/man/man1/$page" ] || fail "no $PREFIX/share/man/man1/$page"
  done
fi
completion="$PREFIX/share/bash-completion/completions/facellava"
[ -s "$completion" ] || fail "no $completion"
bash --norc --noprofile -c 'source "$1" && complete -p facellava' _ "$completion" >/dev/null ||
  fail "$completion does not register a completion for facellava"

step "install check ($MODE) passed"

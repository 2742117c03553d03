#!/usr/bin/env bash
# The bash completion (tests/cli/conventions_tests.cmake): the file the build
# installs is what `facellava completion bash` prints; sourced into a clean
# bash it registers _facellava for facellava, completes command names and a
# command's options, hides renamed options' old names, and leaves option
# values to file completion.
#
#   completion_check.sh FACELLAVA BUILT_COMPLETION_FILE
set -euo pipefail
FACELLAVA="${1:?usage: completion_check.sh FACELLAVA BUILT_FILE}"
BUILT="${2:?usage: completion_check.sh FACELLAVA BUILT_FILE}"
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

printed="$("$FACELLAVA" completion bash)" || fail "facellava completion bash failed"
[ "$printed" = "$(cat "$BUILT")" ] || fail "$BUILT differs from \`facellava completion bash\`"

# A fresh bash with bash-completion's library when present, as a login shell has.
bash --norc --noprofile -s "$BUILT" <<'CHECK' || exit 1
set -u
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
if [ -r /usr/share/bash-completion/bash_completion ]; then
  source /usr/share/bash-completion/bash_completion
fi
source "$1"
spec="$(complete -p facellava)" || fail "no completion registered for facellava"
[[ "$spec" == *"-F _facellava"* ]] || fail "complete -p facellava: $spec"

# Completes the last word of "$@" the way bash calls the function.
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _facellava facellava "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}
has() { grep -qx -- "$2" <<<"$1" || fail "'$3' offered [$(tr '\n' ' ' <<<"$1")], not $2"; }
lacks() { ! grep -qx -- "$2" <<<"$1" || fail "'$3' offered $2"; }

got="$(complete_words facellava ba)"; has "$got" batch "facellava ba<TAB>"
lacks "$got" bench "facellava ba<TAB>"
got="$(complete_words facellava batch --ou)"; has "$got" --output "facellava batch --ou<TAB>"
got="$(complete_words facellava batch -)"; has "$got" -o "facellava batch -<TAB>"
has "$got" --jobs "facellava batch -<TAB>"; lacks "$got" --threads "facellava batch -<TAB>"
got="$(complete_words facellava chat --sys)"; has "$got" --system-prompt "facellava chat --sys<TAB>"
lacks "$got" --system "facellava chat --sys<TAB>"
got="$(complete_words facellava chat --max)"; has "$got" --max-new-tokens "facellava chat --max<TAB>"
lacks "$got" --max-tokens "facellava chat --max<TAB>"
# After an option that takes a value: nothing offered, bash completes files.
got="$(complete_words facellava batch -o "")"; [ -z "$got" ] || fail "batch -o <TAB> offered $got"
got="$(complete_words facellava nosuchcommand --o)"; [ -z "$got" ] || fail "unknown command offered $got"
echo "completion: commands, options and aliases as declared"
CHECK

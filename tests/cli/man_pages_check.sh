#!/usr/bin/env bash
# The man pages the build generates with help2man (installer/cli/
# generate_man_pages.cmake): facellava.1 and one facellava-<command>.1 for
# every command `facellava --help` lists; each renders with groff without a
# warning, and `man -l` shows it. Spot checks that the text is the command's.
#
#   man_pages_check.sh FACELLAVA MAN_DIR
set -euo pipefail
FACELLAVA="${1:?usage: man_pages_check.sh FACELLAVA MAN_DIR}"
MAN="${2:?usage: man_pages_check.sh FACELLAVA MAN_DIR}"
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

commands="$("$FACELLAVA" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit} on {print $1}')"
[ -n "$commands" ] || fail "no commands in facellava --help"
pages="facellava.1"
for c in $commands; do pages="$pages facellava-$c.1"; done
for page in $pages; do
  [ -s "$MAN/$page" ] || fail "$MAN/$page missing"
  grep -q '^\.SH NAME' "$MAN/$page" || fail "$page has no NAME section"
  warnings="$(groff -k -man -Tutf8 -ww -z "$MAN/$page" 2>&1)" || fail "groff failed on $page"
  [ -z "$warnings" ] || fail "groff warns on $page: $warnings"
done
for c in $commands; do
  grep -q "^\\.BR facellava-$c (1)" "$MAN/facellava.1" || fail "facellava.1 does not point to facellava-$c(1)"
done
text="$(MANWIDTH=100 man -l "$MAN/facellava-batch.1" 2>/dev/null | col -b)"
grep -q -- "--output" <<<"$text" || fail "man facellava-batch lacks --output"
grep -q "130" <<<"$text" || fail "man facellava-batch lacks the exit codes"
echo "man pages: $(wc -w <<<"$pages") pages render cleanly"

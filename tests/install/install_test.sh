#!/usr/bin/env bash
# Observation 6 of issue 12: finwait could not be installed, and found its property library
# only in the source tree. This installs a build into a scratch prefix, moves the source
# tree's library out of sight (FINWAIT_LIBRARY unset, a copy of the binary run from the
# prefix), and checks what a user of the installed tool relies on.
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d /tmp/finwait-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > /dev/null
bin=$prefix/bin/finwait
[[ -x $bin ]] || fail "no binary at $bin"
share=$prefix/share/finwait/properties
[[ -f $share/terminates.prop ]] || fail "no property library under $share"

# The installed binary reads the installed library, not the source tree's.
unset FINWAIT_LIBRARY
listing=$("$bin" properties)
[[ $listing == "# library: $share"* ]] || fail "the installed binary reads its library elsewhere: ${listing%%$'\n'*}"
status=0
"$bin" check --property graceful > /dev/null || status=$?
[[ $status == 1 ]] || fail "check --property graceful exited $status, expected 1 (violated)"

# FINWAIT_LIBRARY overrides, and a bad value is a one-line error with exit 2.
mkdir "$prefix/mylib"
printf 'claim: always not A = CLOSING\n' > "$prefix/mylib/never-closing.prop"
FINWAIT_LIBRARY=$prefix/mylib "$bin" properties --names | grep -qx never-closing || fail "FINWAIT_LIBRARY is not read"
status=0
err=$(FINWAIT_LIBRARY=/nonexistent "$bin" check 2>&1) || status=$?
[[ $status == 2 ]] || fail "FINWAIT_LIBRARY=/nonexistent exited $status, expected 2"
[[ $err == *"FINWAIT_LIBRARY: '/nonexistent' is not a directory"* ]] || fail "unclear error: $err"

# The man page is generated from the same help text the binary prints.
man=$prefix/share/man/man1/finwait.1
[[ -f $man ]] || fail "no man page at $man"
grep -q '^\.TH FINWAIT 1' "$man" || fail "the man page has no .TH header"
grep -q -- 'Explore every reachable state and check properties' "$man" || fail "the man page lacks check's help"
grep -q -- '--max-seconds' "$man" || fail "the man page lacks check's flags"

# Bash completion: the subcommands and a subcommand's flags, from the installed binary.
completion=$prefix/share/bash-completion/completions/finwait
[[ -f $completion ]] || fail "no bash completion at $completion"
words=$(PATH=$prefix/bin:$PATH bash -c "source '$completion'; COMP_WORDS=(finwait ch); COMP_CWORD=1; _finwait; echo \${COMPREPLY[*]}")
[[ $words == "check" ]] || fail "completing 'finwait ch' gave '$words'"
words=$(PATH=$prefix/bin:$PATH bash -c "source '$completion'; COMP_WORDS=(finwait check --prop); COMP_CWORD=2; _finwait; echo \${COMPREPLY[*]}")
[[ $words == "--property" ]] || fail "completing 'finwait check --prop' gave '$words'"
words=$(PATH=$prefix/bin:$PATH bash -c "source '$completion'; COMP_WORDS=(finwait check --property termi); COMP_CWORD=3; _finwait; echo \${COMPREPLY[*]}")
[[ $words == "terminates" ]] || fail "completing a property name gave '$words'"
echo "install_test: installed into $prefix; library, man page and completion as expected"

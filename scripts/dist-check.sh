#!/usr/bin/env bash
# Checks a 'make dist' tarball where no Swift toolchain can be reached: unpacks it, checks
# that ldd lists no Swift library (and does list libpq and libsqlite3), then runs
# 'seedctl setup' on a new SQLite file under 'env -i' with a PATH and library path that leave
# the toolchain out. Prints what it checked; exits non-zero at the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tarball=${1:-$(ls -t dist/seedctl-*-linux-*.tar.gz 2>/dev/null | head -1)}
[[ -f $tarball ]] || { echo "dist-check: no tarball; run 'make dist' first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
root=$(find "$work" -mindepth 1 -maxdepth 1 -type d)
binary=$root/bin/seedctl

fail() { echo "dist-check: $*" >&2; exit 1; }

for path in Seeds/catalog.sql Migrations share/man/man1/seedctl.1 share/bash-completion/completions/seedctl \
    share/zsh/site-functions/_seedctl share/fish/vendor_completions.d/seedctl.fish; do
    [[ -s $root/$path || -d $root/$path ]] || fail "the tarball has no $path"
done
grep -q '^\.Dt SEEDCTL 1' "$root/share/man/man1/seedctl.1" || fail "seedctl.1 is not an mdoc man page"
grep -q 'bench' "$root/share/bash-completion/completions/seedctl" || fail "the bash completion lacks 'bench'"

libraries=$(ldd "$binary")
echo "$libraries"
if grep -Eiq 'swift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift' <<<"$libraries"; then
    fail "the binary still loads a Swift library"
fi
grep -q 'libpq\.so\.5' <<<"$libraries" || fail "the binary does not load libpq.so.5"
grep -q 'libsqlite3\.so\.0' <<<"$libraries" || fail "the binary does not load libsqlite3.so.0"
grep -q 'not found' <<<"$libraries" && fail "a library is missing"

# The toolchain out of reach: a bare environment, system paths only.
clean=(env -i HOME="$work" PATH=/usr/bin:/bin LANG=C.UTF-8)
"${clean[@]}" sh -c 'command -v swift' >/dev/null && fail "swift is still on the clean PATH"
(cd "$root" && "${clean[@]}" ./bin/seedctl setup --database-url "sqlite:$work/dist.db" >"$work/setup.log" 2>&1) ||
    { cat "$work/setup.log" >&2; fail "seedctl setup failed"; }
tail -1 "$work/setup.log"
grep -q 'queries pass' "$work/setup.log" || fail "setup did not report its explain verdicts"
echo "dist-check: $(basename "$tarball") runs 'seedctl setup' on SQLite with no Swift toolchain reachable"

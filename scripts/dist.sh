#!/usr/bin/env bash
# Builds dist/seedctl-VERSION-linux-ARCH.tar.gz: seedctl with the Swift runtime linked in
# (--static-swift-stdlib), so it needs only libpq5 and libsqlite3-0 (and glibc, zlib) at run
# time; Seeds/ and Migrations/; shell completions; man pages from swift-argument-parser's
# generate-manual. The release build has its own scratch path, .build/dist.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SWIFT=${SWIFT:-swift}
scratch=.build/dist
"$SWIFT" build -c release --product seedctl --static-swift-stdlib --scratch-path "$scratch"
binary=$scratch/release/seedctl

version=$("$binary" --version)
arch=$(uname -m)
name=seedctl-$version-linux-$arch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/$name

mkdir -p "$stage/bin" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
    "$stage/share/zsh/site-functions" "$stage/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$stage/bin/seedctl"
strip "$stage/bin/seedctl"
cp -R Seeds Migrations "$stage/"
cp README.md CHANGELOG.md "$stage/"

"$binary" --generate-completion-script bash >"$stage/share/bash-completion/completions/seedctl"
"$binary" --generate-completion-script zsh >"$stage/share/zsh/site-functions/_seedctl"
"$binary" --generate-completion-script fish >"$stage/share/fish/vendor_completions.d/seedctl.fish"

# One page per command (seedctl.1, seedctl.bench.1, ...) by swift-argument-parser's
# generate-manual, the tool its plugin runs ('swift package generate-manual'), run here on the
# static binary: the plugin would build seedctl a second time, in release.
"$SWIFT" build -c release --product generate-manual --scratch-path "$scratch"
mkdir -p "$work/man"
"$scratch/release/generate-manual" "$binary" --multi-page --output-directory "$work/man"
find "$work/man" -name '*.1' -exec cp {} "$stage/share/man/man1/" \;
ls "$stage/share/man/man1/seedctl.1" >/dev/null

mkdir -p dist
tar -C "$work" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz"

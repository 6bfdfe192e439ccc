#!/usr/bin/env bash
# Builds the installers: the Windows exe (cross-compiled with mingw), an MSI from it with
# Debian's wixl, and a .deb with cargo-deb. Output in target/package/. Needs root for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v wixl >/dev/null || need+=(wixl)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; fi
rustup target add x86_64-pc-windows-gnu >/dev/null
command -v cargo-deb >/dev/null || cargo install --locked --quiet cargo-deb
version=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["packages"][0]["version"])')
out=target/package
mkdir -p "$out"
cargo build --release --target x86_64-pc-windows-gnu
cp target/x86_64-pc-windows-gnu/release/gomirror.exe "$out/"
wixl -a x64 -D Version="$version" -D ExePath="$out/gomirror.exe" -o "$out/gomirror-$version-x64.msi" wix/main.wxs
cargo deb --output "$out/"
ls -l "$out"

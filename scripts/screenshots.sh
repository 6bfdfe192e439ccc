#!/usr/bin/env bash
# Renders every panel in a real window under Xvfb to PNG files in target/screenshots/, against a
# loopback lab of mirrors (no public host is contacted), with a throwaway HOME. Checks that each
# PNG is not blank and that the window fits the screen (at most 90 % of it).
#
#   scripts/screenshots.sh              one screen size and theme (1280x800, light), zh and en
#                                       (what CI runs)
#   scripts/screenshots.sh --all        800x600, 1280x800 and 1920x1080; light and dark; zh and en
#   --sizes "800x600 1920x1080"  --themes "dark"  --langs "zh"  --panels "mirrors composer"
#   scripts/screenshots.sh --windows    the Windows build (gomirror.exe) under Wine instead, in a
#                                       throwaway prefix per shot whose profile is C:\users\测试 用户
#                                       (needs what install-tools.sh puts in .tools/windows), into
#                                       target/screenshots/windows/
#
# Files: target/screenshots/SIZE/THEME/PANEL-LANG.png (verdict-works and verdict-notyet: the onboarding's
# step 3 after Apply and verify, in both outcomes). Installs Xvfb and ImageMagick if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="1280x800"
themes="light"
langs="en zh"
panels="onboarding verdict-works verdict-notyet overview mirrors composer private checksum projects verify doctor team apply"
windows=0
while [ $# -gt 0 ]; do
    case "$1" in
        --windows) windows=1 ;;
        --all) sizes="800x600 1280x800 1920x1080"; themes="light dark" ;;
        --sizes) sizes="$2"; shift ;;
        --themes) themes="$2"; shift ;;
        --langs) langs="$2"; shift ;;
        --panels) panels="$2"; shift ;;
        *) echo "screenshots: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
need=()
command -v Xvfb >/dev/null || need+=(xvfb xauth)
[ -x /usr/bin/import ] || need+=(imagemagick)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --quiet --bin gomirror --example lab_server
out=target/screenshots
app=target/debug/gomirror
# A Linux path as a Windows program under Wine names it.
to_win() { printf 'Z:%s' "$1" | tr '/' '\\'; }
if [ "$windows" = 1 ]; then
    cargo build --quiet --target x86_64-pc-windows-gnu --bin gomirror
    app=target/x86_64-pc-windows-gnu/debug/gomirror.exe
    out=target/screenshots/windows
    [ -f .tools/windows/prefix/.gomirror-ready ] || { echo "screenshots: no Wine prefix: run scripts/install-tools.sh" >&2; exit 1; }
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
target/debug/examples/lab_server 600 > "$work/lab.toml" &
for _ in $(seq 50); do [ -s "$work/lab.toml" ] && break; sleep 0.1; done
[ -s "$work/lab.toml" ] || { echo "screenshots: the lab did not start" >&2; exit 1; }
# A demo project for the Projects panel: a private module with a git remote, VS Code settings
# and a GoLand workspace whose own GOPROXY shadows the others.
demo="$work/demo-project"
mkdir -p "$demo/.git" "$demo/.vscode" "$demo/.idea"
printf '[remote "origin"]\n\turl = git@git.corp.example:team/payments.git\n' >"$demo/.git/config"
printf 'module git.corp.example/team/payments\n\ngo 1.22\n\nrequire (\n\tgit.corp.example/team/ledger v1.4.0\n\tgolang.org/x/text v0.14.0 // indirect\n)\n' >"$demo/go.mod"
printf '{\n  // team settings\n  "editor.formatOnSave": true,\n  "go.toolsEnvVars": {"GOFLAGS": "-mod=mod"},\n}\n' >"$demo/.vscode/settings.json"
cat >"$demo/.idea/workspace.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="VgoProject">
    <environment>
      <map>
        <entry key="GOPROXY" value="https://goproxy.io,direct" />
      </map>
    </environment>
    <integration-enabled>true</integration-enabled>
  </component>
</project>
XML
# A team profile for the Team panel (opened as a double-click would).
profile="$work/payments.gomirror.toml"
cat >"$profile" <<'TOML'
version = 1

[team]
name = "Payments"
contact = "it@corp.example"

[settings]
GOPROXY = "https://goproxy.corp.example,https://goproxy.cn,direct"
GOPRIVATE = "git.corp.example"
GONOSUMDB = "git.corp.example"

[[mirrors]]
name = "Company Athens"
url = "https://goproxy.corp.example"
kind = "athens"
auth = "netrc"
TOML
# Show a real go command where the test toolchains are installed.
if [ -x .tools/go1.27/gobin ]; then export GOMIRROR_GO=$PWD/.tools/go1.27/gobin; fi
for size in $sizes; do
    display=:$((90 + RANDOM % 9))
    Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
    screen_w=${size%x*}
    screen_h=${size#*x}
for theme in $themes; do
    dir="$out/$size/$theme"
    mkdir -p "$dir"
for lang in $langs; do
    for panel in $panels; do
        home="$work/home-$size-$theme-$lang-$panel"
        mkdir -p "$home"
        envdir="$home/.config/go"
        ready="$work/ready-$size-$theme-$lang-$panel"
        catalog="$work/lab.toml" project="$demo" team="$profile" data="$home/data" go_cmd="${GOMIRROR_GO:-}"
        launch=()
        if [ "$windows" = 1 ]; then
            prefix="$home/prefix"
            cp -al .tools/windows/prefix "$prefix"
            for reg in system.reg user.reg userdef.reg; do cp --remove-destination ".tools/windows/prefix/$reg" "$prefix/$reg"; done
            envdir="$prefix/drive_c/users/测试 用户/AppData/Roaming/go"
            catalog=$(to_win "$catalog") project=$(to_win "$project") team=$(to_win "$team") data=$(to_win "$data")
            ready_arg=$(to_win "$ready") go_cmd=$(to_win "$PWD/.tools/windows/go1.27/bin/go.exe")
            launch=(LANG=C.UTF-8 USER='测试 用户' LOGNAME='测试 用户' WINEPREFIX="$prefix" WINEDEBUG=-all
                WINEDLLOVERRIDES='bcryptprimitives=n,b;winemenubuilder.exe=d' /usr/lib/wine/wine64)
        else
            ready_arg=$ready
        fi
        if [ "$panel" = private ] || [ "$panel" = overview ]; then
            # A GOPRIVATE with a typical mistake (a scheme), so the chips show their lints.
            mkdir -p "$envdir"
            printf 'GOPRIVATE=git.corp.example,https://gitlab.corp.example/team\n' >"$envdir/env"
        fi
        with_profile=()
        [ "$panel" = team ] && with_profile=("GOMIRROR_PROFILE=$team")
        # The onboarding's verdict in both outcomes, reached by the clicks a user makes: downloads
        # work (the lab holds no checksum database: GOSUMDB=off), or not yet (an OS variable
        # GOPROXY=off overrides what was written).
        shown=$panel
        case "$panel" in
            verdict-works) shown=onboarding with_profile+=(GOMIRROR_VERDICT=1 GOSUMDB=off) ;;
            verdict-notyet) shown=onboarding with_profile+=(GOMIRROR_VERDICT=1 GOPROXY=off) ;;
        esac
        [ -n "$go_cmd" ] && with_profile+=("GOMIRROR_GO=$go_cmd")
        env "${with_profile[@]}" DISPLAY=$display HOME=$home XDG_CONFIG_HOME= XDG_DATA_HOME= GOMIRROR_CATALOG="$catalog" \
            GOMIRROR_READY_FILE="$ready_arg" GOMIRROR_PROJECT="$project" GOMIRROR_THEME=$theme \
            GOMIRROR_LANG=$lang GOMIRROR_PANEL=$shown GOMIRROR_DATA_DIR="$data" \
            HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 \
            "${launch[@]}" "$app" >"$work/app.log" 2>&1 &
        pid=$!
        # The app writes $ready once its settings and first probe round are drawn (at most 30 s).
        for _ in $(seq 300); do [ -e "$ready" ] && break; sleep 0.1; done
        [ -e "$ready" ] || { echo "screenshots: $panel-$lang never became ready" >&2; cat "$work/app.log" >&2; exit 1; }
        shot="$dir/$panel-$lang.png"
        win=$(DISPLAY=$display xdotool search --pid "$pid" --name gomirror | tail -1)
        # Under Wine the window belongs to Wine's own process for the program.
        [ -n "$win" ] || win=$(DISPLAY=$display xdotool search --onlyvisible --name gomirror | tail -1)
        # The window fits the screen: at most 90 % of it in each direction.
        geometry=$(DISPLAY=$display xwininfo -id "$win")
        w=$(sed -n 's/^ *Width: //p' <<<"$geometry")
        h=$(sed -n 's/^ *Height: //p' <<<"$geometry")
        if [ "$w" -gt $((screen_w * 9 / 10 + 1)) ] || [ "$h" -gt $((screen_h * 9 / 10 + 1)) ]; then
            echo "screenshots: the window is ${w}x${h} on a ${size} screen" >&2
            exit 1
        fi
        DISPLAY=$display /usr/bin/import -window "$win" "$shot"
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        [ "$windows" = 1 ] && { WINEPREFIX="$prefix" /usr/lib/wine/wineserver64 -k 2>/dev/null || true; }
        colors=$(/usr/bin/convert "$shot" -format '%k' info:)
        if [ "$colors" -lt 8 ]; then
            echo "screenshots: $shot is blank ($colors colours)" >&2
            exit 1
        fi
        echo "screenshots: $shot (${w}x${h}, $colors colours)"
    done
done
done
    kill "$xvfb" 2>/dev/null || true
    wait "$xvfb" 2>/dev/null || true
done

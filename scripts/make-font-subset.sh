#!/usr/bin/env bash
# Regenerates assets/fonts/NotoSansSC-gomirror-subset.otf, the bundled fallback for machines
# without a CJK font: Noto Sans CJK SC (Debian fonts-noto-cjk, face 2 of the collection),
# subset to GB2312 plus every character that appears in the app's sources. Not run by the
# tests; run it after adding Chinese text that GB2312 lacks. Needs root for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || apt-get install -y -qq --no-install-recommends fonts-noto-cjk
[ -d .tools/fonttools ] || python3 -m venv .tools/fonttools
[ -x .tools/fonttools/bin/pyftsubset ] || .tools/fonttools/bin/pip install -q fonttools
chars=$(mktemp)
python3 - "$chars" <<'PY'
import pathlib, sys
chars = set(chr(c) for c in range(0x20, 0x7f))
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for path in pathlib.Path("src").rglob("*.rs"):
    chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7f)
pathlib.Path(sys.argv[1]).write_text("".join(sorted(chars)), encoding="utf-8")
PY
.tools/fonttools/bin/pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
    --font-number=2 --text-file="$chars" --layout-features='*' --no-hinting \
    --output-file=assets/fonts/NotoSansSC-gomirror-subset.otf
rm -f "$chars"
ls -l assets/fonts/NotoSansSC-gomirror-subset.otf

#!/usr/bin/env bash
# Run the whole test suite. Installs what the tests need first, once: LibreOffice (the tests convert our
# .docx to PDF and measure it), poppler-utils and the free Fandol fonts mapped to the Word font names.
# Needs root for apt-get (as on CI and the dev machines); skips the installs that are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null || [ ! -e /usr/lib/libreoffice/program/libsclo.so ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fontconfig >/dev/null
fi
if [ ! -f /usr/local/share/fonts/fandol/FandolFang-Regular.otf ] || [ ! -f /etc/fonts/conf.d/99-officialdocs-fandol.conf ]; then
  apt-get update -qq
  bash tools/install-test-fonts.sh >/dev/null
fi
# CJK fonts with characters outside GB 2312 (堃 喆 珺 昇 嵘 䶮) for the per-character fallback tests: a serif
# 明体 and a sans face, 28 MB installed together (fonts-noto-cjk, which has them too, installs 91 MB).
if [ ! -f /usr/share/fonts/truetype/arphic/uming.ttc ] || [ ! -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends fonts-arphic-uming fonts-droid-fallback >/dev/null
fi
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then  # a TrueType font with composite glyphs
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
fi
python -m pip install -q -e '.[test]'
ruff check src tests
mypy src
python -m pytest -q "$@"

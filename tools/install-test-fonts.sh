#!/usr/bin/env bash
# Install the free Fandol fonts and the Word-name mapping so LibreOffice renders our .docx with the right faces.
# Used by .ci/run and by developers before running the tests. Needs root (apt-get, /usr/local/share/fonts).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=/usr/local/share/fonts/fandol
if [ ! -f "$dest/FandolFang-Regular.otf" ]; then
  work=$(mktemp -d)
  (cd "$work" && apt-get download texlive-lang-chinese >/dev/null && dpkg -x texlive-lang-chinese_*.deb x)
  mkdir -p "$dest"
  src="$work/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
  cp "$src"/Fandol{Fang-Regular,Kai-Regular,Hei-Regular,Hei-Bold,Song-Regular,Song-Bold}.otf "$dest/"
  zcat "$work/x/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz" > "$dest/COPYING" 2>/dev/null || true
  rm -rf "$work"
fi
install -m 644 "$here/fontconfig-fandol.conf" /etc/fonts/conf.d/99-officialdocs-fandol.conf
fc-cache -f >/dev/null
fc-list :lang=zh family | sort | head -20

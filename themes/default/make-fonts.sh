#!/usr/bin/env bash
# How static/fonts/noto-sans-khmer-name-400.woff2 was made (run by hand, never by the build):
# the glyphs of the word ខ្មែរ alone (with the shaping rules that join its subscript), so that
# an English or French page can draw the language switcher's "ខ្មែរ" from a 1.5 KB file
# instead of downloading the 23 KB Khmer text font. Needs fontTools with Brotli:
#   python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools brotli
set -euo pipefail
cd "$(dirname "$0")/static/fonts"
"${PYFTSUBSET:-/tmp/ft/bin/pyftsubset}" noto-sans-khmer-khmer-400-normal.woff2 \
  --text="ខ្មែរ" --layout-features='*' --flavor=woff2 --no-hinting --desubroutinize \
  --output-file=noto-sans-khmer-name-400.woff2

#!/usr/bin/env bash
# Search budgets: index size per language and what a query loads, on a synthetic corpus.
#
#   bench/search.sh [N]      (default 5000 pages per language)
#
# Builds the corpus --offline with search, then opens the search page of each language over
# file:// in headless Chromium with a query and reads back which index files the query loaded
# (data-loaded) and how long ranking took once they were loaded (data-compute-ms); then the time
# from the last keystroke to the results, typed into the page with Chromium's CPU slowed RATE
# times (default 4: a phone-class CPU), by bench/search-latency.js.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
WORK=${BENCH_DIR:-bench/out}
mkdir -p "$WORK"
cargo build --release --quiet --bin spean --example corpus
target/release/examples/corpus "$N" "$WORK/search-corpus" >/dev/null
target/release/spean build --offline --no-minify --site "$WORK/search-corpus" --output "$WORK/search-site" | tail -1
target/release/spean build --offline --no-minify --site "$WORK/search-corpus" --output "$WORK/search-site" 2>&1 | grep "search index" || true
SITE=$(cd "$WORK/search-site" && pwd)
echo "| language | query | files loaded | bytes loaded | ranking time |"
echo "|---|---|---|---|---|"
# The Khmer queries after the first two have common words (ការ, មន្ទីរ, សង្គម, ត្រូវ): their pairs'
# shards are the biggest; ថ្ងៃ (day) is one cluster alone, matched as the beginning of a pair.
for spec in "en contribution" "en hospital card" "fr cotisation" "km ភាគទាន" "km អ្នកប្រកបរបរខ្លួនឯង" \
  "km សុខភាព" "km មន្ទីរពេទ្យ" "km សន្តិសុខសង្គម" "km ការចុះឈ្មោះ" "km ត្រូវ" "km ថ្ងៃ"; do
  lang=${spec%% *}; query=${spec#* }
  q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")
  profile=$(mktemp -d)
  dom=$(chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$profile" --virtual-time-budget=20000 \
    --dump-dom "file://$SITE/$lang/search/index.html?q=$q" 2>/dev/null)
  rm -rf "$profile"
  loaded=$(echo "$dom" | grep -o 'data-loaded="[^"]*"' | head -1 | sed 's/data-loaded="//; s/"$//')
  ms=$(echo "$dom" | grep -o 'data-compute-ms="[^"]*"' | head -1 | sed 's/data-compute-ms="//; s/"$//')
  bytes=0
  for f in $loaded; do bytes=$((bytes + $(stat -c %s "$SITE/search/$lang/$f"))); done
  echo "| $lang | $query | $(echo "$loaded" | wc -w) | $((bytes / 1024)) KB | $ms ms |"
done
echo
echo "Time to results after the last keystroke, CPU slowed ${RATE:-4} × (bench/search-latency.js):"
echo
[ -d quality/node_modules/playwright-core ] || (cd quality && npm ci --no-audit --no-fund >/dev/null)
node bench/search-latency.js "$SITE" "${RATE:-4}"
rm -rf "$WORK/search-corpus" "$WORK/search-site"

#!/usr/bin/env bash
# Watch-mode benchmark: time from saving one page to its new HTML being written, in a running
# `spean watch` of a synthetic corpus, next to the full build time of the same corpus in the
# same run.
#
#   bench/watch.sh [N]          (default: 5000 pages per language, 20 edits)
#   EDITS=40 bench/watch.sh 1000
#   BENCH_DIR=/dev/shm/bench bench/watch.sh   (corpus and output in RAM)
#   SPEAN=path/to/spean bench/watch.sh         (another binary: bench/compare-watch.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
EDITS=${EDITS:-20}
WORK=${BENCH_DIR:-bench/out}
mkdir -p "$WORK"
cargo build --release --quiet --bin spean --example corpus --example watch_bench
SPEAN=${SPEAN:-target/release/spean}
corpus="$WORK/watch-corpus-$N"
rm -rf "$corpus"
target/release/examples/corpus "$N" "$corpus" >/dev/null
corpus=$(cd "$corpus" && pwd)

# Full builds (median of 3), minified with the search index: what `spean watch` writes.
full=()
for _ in 1 2 3; do
  rm -rf "$corpus/public"; sync
  start=$(date +%s.%N)
  "$SPEAN" build --site "$corpus" >/dev/null 2>&1
  full+=("$(echo "$(date +%s.%N) - $start" | bc)")
done
full_median=$(printf '%s\n' "${full[@]}" | sort -g | sed -n 2p)

"$SPEAN" watch --site "$corpus" >"$WORK/watch.log" 2>&1 &
watcher=$!
trap 'kill $watcher 2>/dev/null || true' EXIT
until grep -q '^watching ' "$WORK/watch.log"; do sleep 0.2; done
target/release/examples/watch_bench "$corpus" "$corpus/public" "$EDITS" | tee "$WORK/watch-bench.txt"
kill $watcher; wait $watcher 2>/dev/null || true
edit_median=$(grep -o 'median [0-9.]*' "$WORK/watch-bench.txt" | cut -d' ' -f2)
rebuild_median=$(grep -o 'in [0-9]* ms' "$WORK/watch.log" | cut -d' ' -f2 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo
echo "| pages (3 languages) | full build (median of 3) | save → page written (median of $EDITS) | ratio | whole rebuild incl. search index (median) |"
echo "|---|---|---|---|---|"
awk -v n="$N" -v f="$full_median" -v e="$edit_median" -v r="$rebuild_median" 'BEGIN {
  printf "| %d × 3 | %.2f s | %.1f ms | %.0f × faster | %d ms |\n", n, f, e, f * 1000 / e, r }'
rm -rf "$corpus"

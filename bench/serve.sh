#!/usr/bin/env bash
# Edit-to-screen benchmark of `spean serve`, over HTTP: a running server of a synthetic corpus,
# EDITS body edits then EDITS title edits, each timed from the save until the server has told
# open pages to reload and serves the page with the edit (examples/serve_bench.rs). Then the
# served output is compared, file by file, with a fresh full build of the edited corpus.
#
#   BENCH_DIR=/dev/shm/bench bench/serve.sh [N]      (default: 5000 pages per language, 10 edits)
#   EDITS=20 SPEAN=path/to/spean bench/serve.sh 1000  (another binary, e.g. an older commit's)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
EDITS=${EDITS:-10}
PORT=${PORT:-4817}
WORK=${BENCH_DIR:-bench/out}
mkdir -p "$WORK"
cargo build --release --quiet --bin spean --example corpus --example serve_bench
SPEAN=${SPEAN:-target/release/spean}
corpus="$WORK/serve-corpus-$N"
rm -rf "$corpus" "$WORK/serve-fresh"
target/release/examples/corpus "$N" "$corpus" >/dev/null
corpus=$(cd "$corpus" && pwd)

"$SPEAN" serve --site "$corpus" --port "$PORT" >"$WORK/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until grep -q '^serving ' "$WORK/serve.log"; do
  kill -0 $server 2>/dev/null || { cat "$WORK/serve.log"; exit 1; }
  sleep 0.2
done
target/release/examples/serve_bench "$corpus" "$PORT" "$EDITS" body | tee "$WORK/serve-body.txt"
target/release/examples/serve_bench "$corpus" "$PORT" "$EDITS" title | tee "$WORK/serve-title.txt"
kill $server; wait $server 2>/dev/null || true

# What was served is what a full build of the same sources writes.
"$SPEAN" build --site "$corpus" --output "$WORK/serve-fresh" >/dev/null 2>&1
if diff -r -q "$corpus/public" "$WORK/serve-fresh" >"$WORK/serve-diff.txt"; then
  same="the same files as a fresh full build"
else
  same="DIFFERENT from a fresh full build ($(wc -l <"$WORK/serve-diff.txt") files, see $WORK/serve-diff.txt)"
fi
body=$(grep -o 'median [0-9.]*' "$WORK/serve-body.txt" | cut -d' ' -f2)
title=$(grep -o 'median [0-9.]*' "$WORK/serve-title.txt" | cut -d' ' -f2)
echo
echo "| pages (3 languages) | body edit → served (median of $EDITS) | title edit → served (median of $EDITS) |"
echo "|---|---|---|"
echo "| $N × 3 | $body ms | $title ms |"
echo "served output afterwards: $same"
rm -rf "$corpus" "$WORK/serve-fresh"
[[ $same == the* ]]

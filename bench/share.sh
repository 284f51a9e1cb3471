#!/usr/bin/env bash
# Search's share of the default build's CPU time, paired: the default build of a 3 x N-page
# corpus (examples/corpus.rs) and the same build with `search: false` in site.yaml, in turn,
# PAIRS times; prints each pair's CPU seconds and share, and the median share.
#
#   BENCH_DIR=/dev/shm/share PAIRS=4 bench/share.sh [N]     (default: 5000 pages per language)
#
# The machine's speed drifts through the day: only a pair's two builds are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
PAIRS=${PAIRS:-4}
WORK=${BENCH_DIR:-bench/out/share}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
cargo build --release --quiet --bin spean --example corpus
target/release/examples/corpus "$n" "$WORK/on" >/dev/null
rm -rf "$WORK/off"
cp -r "$WORK/on" "$WORK/off"
sed -i '/^search:/d' "$WORK/off/site.yaml"
echo "search: false" >>"$WORK/off/site.yaml"
cpu() {
  rm -rf "$WORK/out"
  sync
  /usr/bin/time -f "%U %S" -o "$WORK/time" target/release/spean build --site "$WORK/$1" --output "$WORK/out" >/dev/null 2>&1
  awk '{printf "%.2f", $1 + $2}' "$WORK/time"
}
for _ in $(seq "$PAIRS"); do
  on=$(cpu on)
  off=$(cpu off)
  echo "$on $off" | awk '{printf "search on %.2f s, off %.2f s: share %.1f %%\n", $1, $2, 100 * ($1 - $2) / $1}'
done | tee "$WORK/pairs"
sed 's/.*share //; s/ %//' "$WORK/pairs" | sort -g | awk '{r[NR]=$1} END {printf "median share %.1f %%\n", r[int((NR+1)/2)]}'
rm -rf "$WORK/on" "$WORK/off" "$WORK/out"

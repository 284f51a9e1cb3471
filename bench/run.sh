#!/usr/bin/env bash
# Full-build benchmark: spean against `cp -r` of the output it produced, in the same run.
#
#   bench/run.sh [N ...]        (default: 1000 5000 pages per language)
#   SEARCH=false bench/run.sh   (the same with `search: false`: no search index)
#
# For each N it generates a trilingual corpus (examples/corpus.rs: ~1,000 words a page, Khmer
# script in the Khmer pages), then takes the median of RUNS runs of:
#   - spean build --no-minify   (like for like with a plain copy)
#   - cp -r of that output      (the floor: writing the same bytes and files)
#   - spean build (minified)    (the default)
# and the peak memory (max RSS) of the build. Prints a Markdown table for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 5000)
WORK=${BENCH_DIR:-bench/out}
mkdir -p "$WORK"

cargo build --release --quiet --bin spean --example corpus
SPEAN=target/release/spean

seconds() { # run a command (after flushing earlier writes), print its wall-clock seconds, keep its max RSS
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>&1
  read -r elapsed rss <"$WORK/time"
  echo "$rss" >"$WORK/rss"
  echo "$elapsed"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| pages (3 languages) | spean, no minify | cp -r of output | ratio | spean, minified | ratio | peak memory | output |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$n"
  target/release/examples/corpus "$n" "$corpus" >/dev/null
  [ "${SEARCH:-true}" = false ] && echo "search: false" >>"$corpus/site.yaml"
  build=(); copy=(); mini=(); peak=0
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/site" "$WORK/copy"
    build+=("$(seconds "$SPEAN" build --no-minify --site "$corpus" --output "$WORK/site")")
    rss=$(cat "$WORK/rss"); [ "$rss" -gt "$peak" ] && peak=$rss
    copy+=("$(seconds cp -r "$WORK/site" "$WORK/copy")")
    mini+=("$(seconds "$SPEAN" build --site "$corpus" --output "$WORK/site-min")")
    rss=$(cat "$WORK/rss"); [ "$rss" -gt "$peak" ] && peak=$rss
  done
  b=$(median "${build[@]}"); c=$(median "${copy[@]}"); m=$(median "${mini[@]}")
  size=$(du -sh "$WORK/site" | cut -f1)
  files=$(find "$WORK/site" -type f | wc -l)
  awk -v n="$n" -v b="$b" -v c="$c" -v m="$m" -v peak="$peak" -v size="$size" -v files="$files" 'BEGIN {
    printf "| %d × 3 | %.2f s | %.2f s | %.2f × | %.2f s | %.2f × | %d MB | %s, %d files |\n",
      n, b, c, b / c, m, m / c, peak / 1024, size, files }'
  rm -rf "$corpus" "$WORK/site" "$WORK/copy" "$WORK/site-min"
done

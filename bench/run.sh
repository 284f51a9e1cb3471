#!/usr/bin/env bash
# Full-build benchmark: spean's four builds (minify and search, each on or off), Zola on the same
# pages when it is given, and `cp -r` of spean's output, all interleaved in one series.
#
#   bench/run.sh [N ...]                        (default: 5000 pages per language)
#   ZOLA=/path/to/zola bench/run.sh 5000        (adds Zola's row and the "vs Zola" ratios)
#   BENCH_DIR=/dev/shm/bench bench/run.sh       (output in RAM: what the build itself costs)
#
# For each N it generates a trilingual corpus (examples/corpus.rs: ~1,000 words a page, Khmer
# script in the Khmer pages, 50 sections) twice: as a spean site and, with `--zola`, as the same
# pages laid out for Zola 0.22 (templates doing what spean's default theme does on each page).
# Each run builds every row once, in turn, after a `sync`; the table shows the medians of RUNS
# runs of wall-clock and CPU (user + system) seconds, and the largest peak memory (max RSS).
# Zola has no index for Khmer, so its row has no search; it does not minify by default.
#
# Zola is not on crates.io: build it from its source (github.com/getzola/zola, `cargo build
# --release`, whose dependencies come from crates.io) and pass the binary as ZOLA.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(5000)
WORK=${BENCH_DIR:-bench/out}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

cargo build --release --quiet --bin spean --example corpus
SPEAN=$PWD/target/release/spean
ZOLA=${ZOLA:-}
[ -n "$ZOLA" ] && ZOLA=$(realpath "$ZOLA")

timed() { # run a command after flushing earlier writes; append "wall cpu rss" to $WORK/t-<row>
  local row=$1
  shift
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || {
    cat "$WORK/stderr" >&2
    exit 1
  }
  awk '{ printf "%s %.2f %d\n", $1, $2 + $3, $4 }' "$WORK/time" >>"$WORK/t-$row"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ROWS=(plain minified searched default)
declare -A LABEL=(
  [plain]="spean, minify off, search off"
  [minified]="spean, minify on, search off"
  [searched]="spean, minify off, search on"
  [default]="spean default (minify on, search on)"
  [zola]="Zola $([ -n "$ZOLA" ] && "$ZOLA" --version | cut -d' ' -f2) (no search, no minify)"
  [copy]="cp -r of the default build's output"
)

for n in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$n"
  quiet="$WORK/corpus-$n-nosearch"
  target/release/examples/corpus "$n" "$corpus" >/dev/null
  rm -rf "$quiet" && cp -r "$corpus" "$quiet" && echo "search: false" >>"$quiet/site.yaml"
  rows=("${ROWS[@]}")
  if [ -n "$ZOLA" ]; then
    target/release/examples/corpus "$n" "$WORK/zola-$n" --zola >/dev/null
    rows+=(zola)
  fi
  rows+=(copy)
  rm -f "$WORK"/t-*
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/site" "$WORK/copy" "$WORK/zola-out"
    timed plain "$SPEAN" build --no-minify --site "$quiet" --output "$WORK/site"
    timed minified "$SPEAN" build --site "$quiet" --output "$WORK/site"
    timed searched "$SPEAN" build --no-minify --site "$corpus" --output "$WORK/site"
    if [ -n "$ZOLA" ]; then
      (cd "$WORK/zola-$n" && timed zola "$ZOLA" build --output-dir "$WORK/zola-out")
    fi
    timed default "$SPEAN" build --site "$corpus" --output "$WORK/site"
    timed copy cp -r "$WORK/site" "$WORK/copy"
  done
  wall() { cut -d' ' -f1 "$WORK/t-$1" | median; }
  cpu() { cut -d' ' -f2 "$WORK/t-$1" | median; }
  rss() { cut -d' ' -f3 "$WORK/t-$1" | sort -g | tail -1; }
  echo
  echo "$n pages × 3 languages ($(du -sh "$WORK/site" | cut -f1), $(find "$WORK/site" -type f | wc -l) files), medians of $RUNS:"
  echo
  if [ -n "$ZOLA" ]; then
    echo "| build | wall | CPU | peak memory | vs Zola (wall / CPU) |"
    echo "|---|---|---|---|---|"
  else
    echo "| build | wall | CPU | peak memory |"
    echo "|---|---|---|---|"
  fi
  for row in "${rows[@]}"; do
    line=$(awk -v w="$(wall "$row")" -v c="$(cpu "$row")" -v m="$(rss "$row")" \
      'BEGIN { printf "| %.2f s | %.2f s | %d MB |", w, c, m / 1024 }')
    if [ -n "$ZOLA" ]; then
      line+=$(awk -v w="$(wall "$row")" -v c="$(cpu "$row")" -v zw="$(wall zola)" -v zc="$(cpu zola)" \
        'BEGIN { printf " %.2f / %.2f |", w / zw, c / zc }')
    fi
    echo "| ${LABEL[$row]} $line"
  done
  rm -rf "$corpus" "$quiet" "$WORK/zola-$n" "$WORK/site" "$WORK/copy" "$WORK/zola-out" "$WORK"/t-*
done

#!/usr/bin/env bash
# Paired full-build benchmark of two commits on the same corpus, in the same run:
#
#   BENCH_DIR=/dev/shm/bench bench/compare.sh BASE_REV [N]     (default N: 5000 pages per language)
#
# Builds `spean` at BASE_REV (in a temporary worktree, sharing target/ so only spean itself is
# compiled) and at the working tree, generates one corpus (examples/corpus.rs), then alternates
# the two binaries RUNS times (base, head, base, head ...) for `build` (minified, the default)
# and `build --no-minify`, and prints the medians and the ratio head / base. Alternating pairs
# keeps a slow moment of this noisy machine from landing on one side only.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=${1:?usage: bench/compare.sh BASE_REV [N]}
n=${2:-5000}
RUNS=${RUNS:-5}
WORK=${BENCH_DIR:-bench/out}
mkdir -p "$WORK"
root=$(pwd)

cargo build --release --quiet --bin spean --example corpus
cp target/release/spean "$WORK/spean-head"
tree="$WORK/base-tree"
rm -rf "$tree"
git worktree add -q --detach "$tree" "$base_rev"
trap 'git -C "$root" worktree remove --force "$tree"' EXIT
(cd "$tree" && CARGO_TARGET_DIR="$root/target/bench-base" cargo build --release --quiet --bin spean)
cp target/bench-base/release/spean "$WORK/spean-base"

corpus="$WORK/corpus-$n"
rm -rf "$corpus"
target/release/examples/corpus "$n" "$corpus" >/dev/null

seconds() {
  sync
  /usr/bin/time -f "%e" -o "$WORK/time" "$@" >/dev/null 2>&1
  cat "$WORK/time"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for mode in minified no-minify; do
  args=(build --site "$corpus" --output "$WORK/site")
  [ "$mode" = no-minify ] && args+=(--no-minify)
  base=(); head=()
  for _ in $(seq "$RUNS"); do
    base+=("$(seconds "$WORK/spean-base" "${args[@]}")")
    head+=("$(seconds "$WORK/spean-head" "${args[@]}")")
  done
  b=$(median "${base[@]}"); h=$(median "${head[@]}")
  awk -v m="$mode" -v n="$n" -v b="$b" -v h="$h" -v r="$RUNS" 'BEGIN {
    printf "| %d × 3, %s | %.2f s | %.2f s | %.3f × | %d pairs |\n", n, m, b, h, h / b, r }'
done
rm -rf "$corpus" "$WORK/site"

#!/usr/bin/env bash
# Paired watch-mode benchmark of two commits: bench/watch.sh with the binary of BASE_REV and with
# the working tree's, alternately (base, head, base, head), on the same corpus size.
#
#   BENCH_DIR=/dev/shm/bench bench/compare-watch.sh BASE_REV [N] [ROUNDS]   (default 5000, 2)
#
# Prints each run's table row; compare the "save → page written" and "whole rebuild" columns of
# the base and head rows (medians of EDITS edits each).
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=${1:?usage: bench/compare-watch.sh BASE_REV [N] [ROUNDS]}
n=${2:-5000}
rounds=${3:-2}
WORK=${BENCH_DIR:-bench/out}
mkdir -p "$WORK"
root=$(pwd)
cargo build --release --quiet --bin spean --example corpus --example watch_bench
cp target/release/spean "$WORK/spean-head"
tree="$WORK/base-tree"
rm -rf "$tree"
git worktree add -q --detach "$tree" "$base_rev"
trap 'git -C "$root" worktree remove --force "$tree"' EXIT
(cd "$tree" && CARGO_TARGET_DIR="$root/target/bench-base" cargo build --release --quiet --bin spean)
cp target/bench-base/release/spean "$WORK/spean-base"
for round in $(seq "$rounds"); do
  for side in base head; do
    row=$(SPEAN="$WORK/spean-$side" bench/watch.sh "$n" | tail -1)
    echo "$side (round $round): $row"
  done
done

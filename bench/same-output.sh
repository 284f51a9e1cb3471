#!/usr/bin/env bash
# Byte-identical output check: builds the sample portal and the benchmark corpus with `spean` at
# BASE_REV and with the working tree, and compares a hash of each output tree (every file's path
# and bytes). A restructuring of the code must print "same" on every line.
#
#   BENCH_DIR=/dev/shm/same bench/same-output.sh BASE_REV [N]   (default N: 1000 pages per language)
#
# which adds manifests and service workers; --single-file), so that every kind of output is covered.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=${1:?usage: bench/same-output.sh BASE_REV [N]}
n=${2:-1000}
WORK=${BENCH_DIR:-bench/out/same}
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

tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }

status=0
check() { # name, site folder of the base, of the head, extra arguments...
  local name=$1 base_site=$2 head_site=$3; shift 3
  local hashes=()
  for side in base head; do
    rm -rf "$WORK/out-$side"
    local site=$head_site
    [ "$side" = base ] && site=$base_site
    "$WORK/spean-$side" build --site "$site" --output "$WORK/out-$side" --today 2026-12-01 "$@" >/dev/null 2>&1 \
      || { echo "$name: $side build failed"; status=1; return; }
    hashes+=("$(tree_hash "$WORK/out-$side")")
  done
  if [ "${hashes[0]}" = "${hashes[1]}" ]; then
    echo "$name: same (${hashes[0]}, $(find "$WORK/out-head" -type f | wc -l) files)"
  else
    echo "$name: DIFFERENT (base ${hashes[0]}, head ${hashes[1]})"
    diff -rq "$WORK/out-base" "$WORK/out-head" | head -20
    status=1
  fi
}

# The sample portal of each commit (its theme's templates may have changed with the code).
check "sample portal" "$tree" .
check "sample portal, no minify" "$tree" . --no-minify
check "sample portal, offline" "$tree" . --offline
check "sample portal, one-file edition" "$tree" . --single-file
check "corpus $n x 3" "$corpus" "$corpus"
check "corpus $n x 3, no minify" "$corpus" "$corpus" --no-minify
rm -rf "$corpus" "$WORK/out-base" "$WORK/out-head"
exit $status

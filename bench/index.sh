#!/usr/bin/env bash
# Search indexing on its own (src/search/bench_tests.rs): the pages of a 3 x N-page corpus
# (examples/corpus.rs) built with --no-minify are made into each language's documents, index
# and index files on one thread, RUNS times; prints each run's CPU seconds per language
# (documents: reading the HTML and finding the keys; add: merging them into postings; files:
# the shards and document lists) and the digest of the files (the same digest: the same index).
#
#   BENCH_DIR=/dev/shm/index RUNS=5 bench/index.sh [N]     (default: 5000 pages per language)
#
# The machine's noise is large against one stage: compare two commits by running this at each,
# in turn, and look at the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-bench/out/index}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
cargo build --release --quiet --bin spean --example corpus
target/release/examples/corpus "$n" "$WORK/corpus" >/dev/null
rm -rf "$WORK/site"
target/release/spean build --no-minify --site "$WORK/corpus" --output "$WORK/site" >/dev/null 2>&1
test_binary=$(cargo test --release --lib --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["kind"] == ["lib"]:
        print(m["executable"])')
for _ in $(seq "$RUNS"); do
  SPEAN_INDEX_DIR="$WORK/site" "$test_binary" index_bench --ignored --nocapture --test-threads 1 |
    grep -E '^(en|fr|km|total):'
done

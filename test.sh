#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need (.ci/setup:
# Chromium, Java, zim-tools and kiwix-tools, the pinned npm packages; idempotent), then
# formatting, lints, every test (tests/zim.rs makes the sample portal's ZIM archive and checks it),
# the README's build command, and the quality gates (W3C HTML checker, axe-core, page weights,
# file:// crawl with no CSP violation, mobile). `.ci/run` runs exactly this.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

bash .ci/setup

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --locked

echo "== the README's build command builds the sample portal"
cargo run --release --locked -- build

echo "== quality gates"
bash .ci/gates

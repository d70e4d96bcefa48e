#!/usr/bin/env bash
# Every check the project has, in the order that fails fastest. This is the
# README's test command and exactly what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "formatting"
cargo fmt --all --check

step "clippy, warnings denied (generator, runtime, generated client, tests)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "rustdoc, warnings denied"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "Stoplight Prism for the contract tests (pinned by tests/contract/package-lock.json)"
contract=tests/contract
if [ -x "$contract/node_modules/.bin/prism" ] &&
    cmp -s "$contract/package-lock.json" "$contract/node_modules/.installed-package-lock.json"; then
    echo "already installed"
else
    npm ci --prefix "$contract" --no-audit --no-fund --ignore-scripts
    cp "$contract/package-lock.json" "$contract/node_modules/.installed-package-lock.json"
fi

step "the whole API: SailPoint's beta, v3 and v2024 roots generate clients that pass clippy"
bash tests/whole-api.sh

step "every public document of ../shared/specs/corpus generates; a representative subset passes clippy"
bash tests/corpus.sh --ci

step "tests"
cargo test --workspace

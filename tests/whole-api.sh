#!/usr/bin/env bash
# Generates clients for SailPoint's three published roots (every tag) into a
# scratch workspace under target/ and checks them with clippy, warnings denied.
# Part of tests/run.sh. Needs ../shared beside the checkout; without it, it says
# so and skips (in CI, CI=true, that is a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
specs=../shared/specs/sailpoint-api-specs/idn
if [ ! -f "$specs/sailpoint-api.beta.yaml" ]; then
    if [ "${CI:-}" = "true" ]; then
        echo "error: $specs is missing; CI runs with ../shared beside the checkout" >&2
        exit 1
    fi
    echo "skipped: $specs not found (clone with ../shared beside the checkout to check the whole API)"
    exit 0
fi

scratch=target/whole-api
mkdir -p "$scratch"
members=()
for version in beta v3 v2024; do
    cargo run --quiet -p isc-codegen -- generate \
        --input "$specs/sailpoint-api.$version.yaml" \
        --output "$scratch/$version" \
        --crate-name "sailpoint-$version-full" \
        --runtime "path = \"$root/runtime\"" >/dev/null
    members+=("\"$version\"")
done
# One scratch workspace for the three crates, resolved like ours so the
# dependencies already checked for the main workspace are reused.
{
    echo "# Scratch workspace written by tests/whole-api.sh; not committed."
    echo "[workspace]"
    echo "resolver = \"3\""
    echo "members = [$(IFS=,; echo "${members[*]}")]"
} > "$scratch/Cargo.toml"
cp Cargo.lock "$scratch/Cargo.lock"
CARGO_TARGET_DIR="$root/target" cargo clippy --quiet --manifest-path "$scratch/Cargo.toml" --workspace -- -D warnings
echo "whole API: beta, v3 and v2024 clients pass clippy -D warnings"

#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): generation time and peak memory for each
# of SailPoint's roots and for the Accounts subset, and `cargo check` time of
# the generated crates with their dependencies already built (crate only).
# Needs GNU time (`apt-get install time`) and ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
specs=../shared/specs/sailpoint-api-specs/idn
runs=${RUNS:-5}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --quiet --release -p isc-codegen
gen=target/release/isc-codegen
scratch=target/bench
mkdir -p "$scratch"

# Best of $runs: wall seconds and peak RSS of one generation.
measure() {
    local label=$1; shift
    local best_s="" best_kb=""
    for _ in $(seq "$runs"); do
        local s kb
        /usr/bin/time -o "$scratch/time.txt" -f "%e %M" "$gen" generate --quiet "$@" >/dev/null 2>&1
        read -r s kb < "$scratch/time.txt"
        if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; fi
        if [ -z "$best_kb" ] || [ "$kb" -gt "$best_kb" ]; then best_kb=$kb; fi
    done
    printf '%-44s %6.3f s  %6.1f MB peak\n' "$label" "$best_s" "$(awk "BEGIN{print $best_kb/1024}")"
}

echo "== generation (best of $runs, release build, 2 cores)"
for version in beta v3 v2024; do
    measure "generate $version (all tags)" --input "$specs/sailpoint-api.$version.yaml" \
        --output "$scratch/$version" --standalone --runtime "path = \"$root/runtime\""
done
measure "generate beta, tag Accounts (upstream root)" --input "$specs/sailpoint-api.beta.yaml" \
    --tag Accounts --output "$scratch/beta-accounts" --standalone --runtime "path = \"$root/runtime\""
measure "generate spec/beta-accounts.yaml" --output "$scratch/accounts" --standalone \
    --runtime "path = \"$root/runtime\""

check_time() {
    local label=$1 dir=$2; shift 2
    # Warm: dependencies built once; then only the crate itself is checked.
    CARGO_TARGET_DIR="$root/target/bench-target" cargo check --quiet --manifest-path "$dir/Cargo.toml" "$@" >/dev/null 2>&1
    touch "$dir/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    CARGO_TARGET_DIR="$root/target/bench-target" cargo check --quiet --manifest-path "$dir/Cargo.toml" "$@"
    end=$(date +%s.%N)
    printf '%-44s %6.1f s\n' "$label" "$(awk "BEGIN{print $end - $start}")"
}

echo "== cargo check of the generated crate (dependencies prebuilt, crate only)"
check_time "full beta client, all features" "$scratch/beta"
check_time "full beta client, only --features accounts" "$scratch/beta" --no-default-features --features accounts
check_time "Accounts client (spec/)" "$scratch/accounts"

#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail), all in one run so the ratios compare
# like with like on the same machine at the same time:
#  - generation time and peak memory for SailPoint's roots and the Accounts subset;
#  - cold, crate-only `cargo check` and `cargo build` (debug) of generated clients:
#    dependencies prebuilt, then the client crate's own artifacts removed,
#    CARGO_INCREMENTAL=0; wall seconds, user+sys CPU seconds and peak memory
#    (the largest process, which is rustc) from GNU time;
#  - the anchor: a progenitor-generated client and ours of the same spec
#    (progenitor's sample nexus.json), progenitor's CLI installed here into
#    target/tools on first use (not in CI: this script is not part of tests/run.sh);
#  - decode throughput of a 250-account page against serde_json into a
#    hand-written struct (tests/benches/decode.rs).
# Needs GNU time (`apt-get install time`) and ../shared beside the checkout.
# The nexus spec is read from a local clone of oxidecomputer/progenitor:
# PROGENITOR_REPO (a git directory or work tree), by default the mirror the
# search tool's fetch leaves in /work/.mirror; without it the anchor is skipped.
# RUNS: generation repetitions (best of, default 5). COLD_RUNS: repetitions of
# each cold compile (best of, default 1: each takes up to a minute or two).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
specs=../shared/specs/sailpoint-api-specs/idn
runs=${RUNS:-5}
cold_runs=${COLD_RUNS:-1}
progenitor_repo=${PROGENITOR_REPO:-/work/.mirror/oxidecomputer+progenitor/repo}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --quiet --release -p isc-codegen
gen=target/release/isc-codegen
scratch=target/bench
# One target directory for every scratch crate: dependencies build once.
bench_target="$root/target/bench-target"
mkdir -p "$scratch"
runtime="path = \"$root/runtime\""

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), $(rustc --version), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

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
    printf '%-52s %6.3f s  %6.1f MB peak\n' "$label" "$best_s" "$(awk "BEGIN{print $best_kb/1024}")"
}

echo "== generation (best of $runs, release build)"
for version in beta v3 v2024; do
    measure "generate $version (all tags)" --input "$specs/sailpoint-api.$version.yaml" \
        --output "$scratch/$version" --standalone --runtime "$runtime"
done
measure "generate beta, tag Accounts (upstream root)" --input "$specs/sailpoint-api.beta.yaml" \
    --tag Accounts --output "$scratch/beta-accounts" --standalone --runtime "$runtime"
measure "generate spec/beta-accounts.yaml" --output "$scratch/accounts" --standalone \
    --runtime "$runtime"

# The package name in a crate's Cargo.toml, as it appears in artifact names.
crate_stem() {
    sed -n 's/^name = "\(.*\)"/\1/p' "$1/Cargo.toml" | head -1
}

# Cold, crate-only compile: `cargo <mode>` once to build the dependencies, then
# (best of $cold_runs) remove the crate's own artifacts and compile it alone.
# Prints wall, user+sys CPU and peak memory; sets last_cpu for ratios.
last_cpu=""
cold() {
    local label=$1 mode=$2 dir=$3; shift 3
    local name stem
    name=$(crate_stem "$dir")
    stem=${name//-/_}
    if ! CARGO_TARGET_DIR="$bench_target" cargo "$mode" --quiet --manifest-path "$dir/Cargo.toml" "$@" >/dev/null 2>"$scratch/cargo.err"; then
        printf '%-52s failed: %s\n' "$label" "$(grep -m1 '^error' "$scratch/cargo.err" || head -1 "$scratch/cargo.err")"
        last_cpu=""
        return
    fi
    local best_wall="" best_cpu="" best_kb=""
    for _ in $(seq "$cold_runs"); do
        rm -rf "$bench_target"/debug/deps/lib"$stem"-* "$bench_target"/debug/deps/"$stem"-* \
            "$bench_target"/debug/.fingerprint/"$name"-* "$bench_target"/debug/incremental/"$stem"-*
        CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$bench_target" /usr/bin/time -o "$scratch/time.txt" -f "%e %U %S %M" \
            cargo "$mode" --quiet --manifest-path "$dir/Cargo.toml" "$@"
        local wall user sys kb cpu
        read -r wall user sys kb < "$scratch/time.txt"
        cpu=$(awk "BEGIN{print $user + $sys}")
        if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
        if [ -z "$best_cpu" ] || awk "BEGIN{exit !($cpu < $best_cpu)}"; then best_cpu=$cpu; fi
        if [ -z "$best_kb" ] || [ "$kb" -lt "$best_kb" ]; then best_kb=$kb; fi
    done
    last_cpu=$best_cpu
    printf '%-52s %6.1f s wall  %6.1f s cpu  %6.0f MB peak\n' "$label" "$best_wall" "$best_cpu" \
        "$(awk "BEGIN{print $best_kb/1024}")"
}

echo "== cold crate-only compiles (dependencies prebuilt, CARGO_INCREMENTAL=0, best of $cold_runs)"
for mode in check build; do
    cold "$mode: Accounts client (spec/)" "$mode" "$scratch/accounts"
    cold "$mode: full beta client, all features" "$mode" "$scratch/beta"
    cold "$mode: full beta client, --features accounts" "$mode" "$scratch/beta" \
        --no-default-features --features accounts
done

echo "== anchor: progenitor's sample nexus.json, progenitor's client and ours"
nexus=$scratch/nexus.json
if git -C "$progenitor_repo" show HEAD:sample_openapi/nexus.json > "$nexus" 2>/dev/null ||
    cp "$progenitor_repo/sample_openapi/nexus.json" "$nexus" 2>/dev/null; then
    tools="$root/target/tools"
    if [ ! -x "$tools/bin/cargo-progenitor" ]; then
        echo "installing cargo-progenitor into $tools (once)"
        cargo install --quiet --locked cargo-progenitor --root "$tools"
    fi
    echo "$("$tools/bin/cargo-progenitor" --version 2>/dev/null || echo cargo-progenitor)"
    "$gen" generate --quiet --input "$nexus" --output "$scratch/nexus-ours" --crate-name nexus-ours \
        --standalone --runtime "$runtime"
    for interface in builder positional; do
        out=$scratch/nexus-progenitor-$interface
        rm -rf "$out"
        "$tools/bin/cargo-progenitor" progenitor --input "$nexus" --output "$out" \
            --name "nexus-progenitor-$interface" --version 0.1.0 --interface "$interface" >/dev/null
        # A workspace of its own, like ours with --standalone.
        grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >> "$out/Cargo.toml"
    done
    for mode in check build; do
        cold "$mode: nexus, ours" "$mode" "$scratch/nexus-ours"
        ours=$last_cpu
        for interface in builder positional; do
            cold "$mode: nexus, progenitor ($interface)" "$mode" "$scratch/nexus-progenitor-$interface"
            if [ -n "$ours" ] && [ -n "$last_cpu" ]; then
                printf '%-52s %6.2f×\n' "  ours / progenitor ($interface), cpu" "$(awk "BEGIN{print $ours / $last_cpu}")"
            fi
        done
    done
else
    echo "skipped: no clone of oxidecomputer/progenitor at $progenitor_repo (set PROGENITOR_REPO)"
fi

echo "== decode throughput (release, tests/benches/decode.rs)"
cargo bench --quiet -p isc-tests --bench decode 2>/dev/null | grep -v '^$'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

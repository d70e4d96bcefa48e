#!/usr/bin/env bash
# Checks `isc-codegen diff` against cargo-semver-checks on real history (issue 13,
# item 5). Not part of the test command: it installs cargo-semver-checks (several
# minutes of compiling, once, into target/tools), needs a local git copy of the
# public repository sailpoint-oss/api-specs (the search tool's fetch brings a bare
# one) and builds rustdoc JSON for two clients per pair.
#
# For each pair of consecutive upstream revisions in tests/semver-agreement.pairs
# (ROOT TAG OLD NEW per line) it generates the client of that root and tag at both
# revisions, runs our diff on the pair and `cargo semver-checks` on the two crates
# (both get version 1.0.0 and `--release-type minor`, so only what needs a major
# release fails), and prints one table row: our class and counts, cargo-semver-checks'
# verdict and the lints it reported. A row is a disagreement when cargo-semver-checks
# finds a breaking change and our report is not major, or when ours is major and
# cargo-semver-checks accepts the pair: those rows need the explanation the README
# gives (cargo-semver-checks does not look at field or argument types, for one).
#
# Usage: bash tests/semver-agreement.sh GIT_DIR [PAIRS_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
git_dir=${1:?usage: tests/semver-agreement.sh GIT_DIR [PAIRS_FILE]}
pairs=${2:-tests/semver-agreement.pairs}
tools=$root/target/tools
scratch=$root/target/semver-agreement
mkdir -p "$scratch"

if [ ! -x "$tools/bin/cargo-semver-checks" ]; then
    echo "installing cargo-semver-checks into $tools (several minutes)" >&2
    nice -n 15 cargo install --locked --quiet --root "$tools" cargo-semver-checks
fi
export PATH=$tools/bin:$PATH
cargo build --quiet --release -p isc-codegen
gen=$root/target/release/isc-codegen

# Generates ROOT's TAG at REV into DIR as crate `sailpoint-probe` 1.0.0.
client() {
    local rev=$1 spec_root=$2 tag=$3 dir=$4
    local tree=$scratch/tree-$rev
    if [ ! -d "$tree" ]; then
        mkdir -p "$tree"
        git --git-dir "$git_dir" archive "$rev" idn 2>/dev/null | tar -x -C "$tree"
    fi
    rm -rf "$dir"
    "$gen" generate --quiet --input "$tree/idn/sailpoint-api.$spec_root.yaml" --tag "$tag" \
        --output "$dir" --crate-name sailpoint-probe --standalone \
        --runtime "path = \"$root/runtime\""
    sed -i 's/^version = "0.1.0"/version = "1.0.0"/' "$dir/Cargo.toml"
}

printf '| root | tag | old → new | ours | counts (major/minor/patch) | cargo-semver-checks | lints | agree |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
while read -r spec_root tag old new; do
    [ -n "${spec_root:-}" ] && [ "${spec_root:0:1}" != "#" ] || continue
    tag=${tag//_/ }
    name=$spec_root-${tag// /-}-${old:0:8}-${new:0:8}
    client "$old" "$spec_root" "$tag" "$scratch/$name/old"
    client "$new" "$spec_root" "$tag" "$scratch/$name/new"
    "$gen" diff --quiet --base "$scratch/tree-$old/idn/sailpoint-api.$spec_root.yaml" \
        --input "$scratch/tree-$new/idn/sailpoint-api.$spec_root.yaml" --tag "$tag" \
        --format json --crate-version 1.0.0 >"$scratch/$name/ours.json"
    "$gen" diff --quiet --base "$scratch/tree-$old/idn/sailpoint-api.$spec_root.yaml" \
        --input "$scratch/tree-$new/idn/sailpoint-api.$spec_root.yaml" --tag "$tag" \
        --crate-version 1.0.0 >"$scratch/$name/ours.md"
    set +e
    CARGO_TARGET_DIR=$scratch/target nice -n 10 cargo semver-checks check-release \
        --manifest-path "$scratch/$name/new/Cargo.toml" --baseline-root "$scratch/$name/old" \
        --release-type minor --color never >"$scratch/$name/semver-checks.txt" 2>&1
    status=$?
    set -e
    python3 - "$scratch/$name" "$spec_root" "$tag" "$old" "$new" "$status" <<'PY'
import json, re, sys
out, spec_root, tag, old, new, status = sys.argv[1:7]
ours = json.load(open(f"{out}/ours.json"))
text = open(f"{out}/semver-checks.txt", encoding="utf-8", errors="replace").read()
lints = sorted(set(re.findall(r"--- failure ([a-z0-9_]+):", text)))
if status == "0":
    theirs = "accepts"
elif lints:
    theirs = "breaking"
else:
    theirs = "error"
c = ours["counts"]
major = ours["semver"] == "major"
if theirs == "error":
    agree = "n/a (cargo-semver-checks failed: see semver-checks.txt)"
elif theirs == "breaking":
    agree = "yes" if major else "**no**: it breaks, ours is not major"
else:
    agree = "yes" if not major else "ours major, cargo-semver-checks accepts (see README)"
print(f"| {spec_root} | {tag} | `{old[:8]}` → `{new[:8]}` | {ours['semver']} | "
      f"{c['major']}/{c['minor']}/{c['patch']} | {theirs} | {', '.join(lints) or '-'} | {agree} |")
PY
done <"$pairs"

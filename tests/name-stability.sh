#!/usr/bin/env bash
# Counts renames of unchanged component schemas over SailPoint's published history
# (issue 13: a type must keep its Rust name when the spec changes somewhere else).
#
# For each quarter from 2023 to today it takes the last revision of SailPoint's
# api-specs repository before the quarter starts, generates the full beta root (every
# tag) and reads which Rust type each component schema became (the `/// Schema:` line
# the emitter writes above every model). A rename is a schema at the same file and
# JSON pointer, with the same bytes in both revisions, whose Rust name differs.
#
# Not part of the test command: it needs a local git copy of the public repository
# `sailpoint-oss/api-specs` (the search tool's fetch brings a bare one) and takes a few
# minutes. Usage:
#   bash tests/name-stability.sh /work/.mirror/sailpoint-oss+api-specs/repo [ROOT]
# ROOT defaults to idn/sailpoint-api.beta.yaml. Prints one line per pair of revisions
# and the total; exits 0 whatever it counts (it measures, it does not judge).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
git_dir=${1:?usage: tests/name-stability.sh GIT_DIR [ROOT]}
spec_root=${2:-idn/sailpoint-api.beta.yaml}
scratch=target/name-stability
rm -rf "$scratch"
mkdir -p "$scratch"

cargo build --quiet --release -p isc-codegen
gen=$root/target/release/isc-codegen

revisions=()
for year in 2023 2024 2025 2026; do
    for month in 01 04 07 10; do
        rev=$(git --git-dir "$git_dir" rev-list -1 --before="$year-$month-01" HEAD -- idn/)
        [ -n "$rev" ] || continue
        # Quarters without a commit repeat the previous revision: keep it once.
        if [ "${#revisions[@]}" -gt 0 ] && [ "${revisions[-1]}" = "$rev" ]; then continue; fi
        revisions+=("$rev")
    done
done

for rev in "${revisions[@]}"; do
    dir=$scratch/$rev
    mkdir -p "$dir/spec"
    # The fetched snapshot lacks blobs of 4 MiB and more (dereferenced bundles outside
    # idn/); git archive names each missing one but writes idn/ whole.
    git --git-dir "$git_dir" archive "$rev" idn 2> >(grep -v '^error: invalid object' >&2) |
        tar -x -C "$dir/spec"
    if ! "$gen" generate --quiet --input "$dir/spec/$spec_root" --output "$dir/out" \
        --standalone --runtime "path = \"$root/runtime\"" 2>"$dir/error.txt"; then
        echo "$rev: generation failed: $(head -c 300 "$dir/error.txt")"
    fi
done

python3 - "$scratch" "$spec_root" "${revisions[@]}" <<'PY'
import os, re, sys

scratch, spec_root, revisions = sys.argv[1], sys.argv[2], sys.argv[3:]
# A component schema: a whole file (`file.yaml`) or a `components/schemas` entry.
schema_line = re.compile(r"^/// Schema: `([^`#]+)(?:#(/components/schemas/[^`/]+))?`")
item_line = re.compile(r"^pub (?:struct|enum|type) (\w+)")

def names(rev):
    """Map (file, pointer) -> Rust name for every component schema of one revision."""
    out = {}
    models = os.path.join(scratch, rev, "out", "src", "models")
    if not os.path.isdir(models):
        return None
    for entry in sorted(os.listdir(models)):
        pending = None
        with open(os.path.join(models, entry), encoding="utf-8") as f:
            for line in f:
                m = schema_line.match(line)
                if m:
                    pending = (m.group(1), m.group(2) or "")
                    continue
                if line.startswith("/// Schema:"):
                    pending = None  # an inline schema: named after its parent
                    continue
                m = item_line.match(line)
                if m and pending:
                    out.setdefault(pending, m.group(1))
                    pending = None
    return out

def file_bytes(rev, file):
    """The bytes of one spec file in that revision, or None when it is not there."""
    spec_dir = os.path.dirname(os.path.join(scratch, rev, "spec", spec_root))
    try:
        with open(os.path.normpath(os.path.join(spec_dir, file)), "rb") as f:
            return f.read()
    except OSError:
        return None

def unchanged(old, new, file, pointer):
    """True when the schema's own file did not change (whole-file schemas only: a
    schema inside a bigger file is not compared, so it never counts as unchanged)."""
    if pointer:
        return False
    a = file_bytes(old, file)
    return a is not None and a == file_bytes(new, file)

total = 0
total_same_place = 0
previous = None
for rev in revisions:
    current = names(rev)
    if current is None:
        print(f"{rev[:10]}: no output")
        previous = None
        continue
    if previous is not None:
        prev_rev, prev = previous
        moved, renames = 0, []
        for key, name in sorted(prev.items()):
            if key in current and current[key] != name:
                moved += 1
                if unchanged(prev_rev, rev, *key):
                    renames.append(f"{name} -> {current[key]} ({key[0]}{'#' + key[1] if key[1] else ''})")
        total += len(renames)
        total_same_place += moved
        print(f"{prev_rev[:10]} -> {rev[:10]}: {len(prev)} -> {len(current)} schemas, "
              f"{moved} renamed in the same place, {len(renames)} of them unchanged")
        for r in renames:
            print(f"    {r}")
    previous = (rev, current)
print(f"total over {len(revisions)} revisions: {total_same_place} component schemas renamed "
      f"in the same place, {total} of them with their file unchanged")
PY

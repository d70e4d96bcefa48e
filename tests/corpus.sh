#!/usr/bin/env bash
# Generates a client for every public OpenAPI document of ../shared/specs/corpus
# (and, with --further, of tests/corpus-further/, which tests/further-docs.sh
# fills) and runs `cargo clippy --all-features -- -D warnings` on each, all in
# one scratch workspace under target/corpus/ so dependencies compile once.
# Prints a Markdown table: document, OpenAPI version, generate, clippy (with
# the most frequent lints). The README's corpus table is this output.
#
#   bash tests/corpus.sh                 # the shared corpus
#   bash tests/corpus.sh --further       # the shared corpus and the further documents
#   bash tests/corpus.sh --only-further  # the further documents only
#   bash tests/corpus.sh --ci            # what tests/run.sh runs: every document must
#                                        # generate, the CI_SUBSET below must pass clippy
#                                        # (in target/corpus-ci/, main target directory)
#   bash tests/corpus.sh petstore star   # only documents whose path contains a word
#
# CORPUS_TIMEOUT=<seconds> bounds the clippy run of the full sweep (the largest
# clients take many minutes each on a busy machine); a client whose check had
# not finished by then is reported as "not finished", neither ok nor failed.
#
# Exit status: 0 when every document selected generates and passes clippy, 1
# otherwise. Needs jq for the clippy summary (not in --ci mode).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=../shared/specs/corpus
further=tests/corpus-further

# The documents whose clients the test command compile-checks: small, and
# between them every shape a lint was fixed for (single `default` error
# response, integer path parameters, schema cycles, unions of differently sized
# variants, doc lists, undocumented fields, many parameter styles).
CI_SUBSET=(
    oai-examples/_archive_/schemas/v3.0/pass/petstore.yaml
    oai-examples/_archive_/schemas/v3.0/pass/petstore-expanded.yaml
    oai-examples/_archive_/schemas/v3.0/pass/link-example.yaml
    oas-examples/3.0/yaml/parameters-common.yaml
    oas-examples/3.0/yaml/parameters-extreme.yaml
    oas-examples/3.0/yaml/parameters-style.yaml
    oas-examples/3.0/yaml/response-http-behavior.yaml
    oas-examples/3.0/yaml/schema-circular.yaml
    oas-examples/3.0/yaml/polymorphism.yaml
    oas-examples/3.0/yaml/discriminators.yaml
    oas-examples/3.0/yaml/star-trek.yaml
)

mode=all
with_shared=1
with_further=0
filters=()
for arg in "$@"; do
    case "$arg" in
    --ci) mode=ci ;;
    --further) with_further=1 ;;
    --only-further) with_further=1 with_shared=0 ;;
    -h | --help)
        sed -n '2,22p' "$0"
        exit 0
        ;;
    *) filters+=("$arg") ;;
    esac
done

if [ ! -d "$shared" ]; then
    if [ "${CI:-}" = "true" ]; then
        echo "error: $shared is missing; CI runs with ../shared beside the checkout" >&2
        exit 1
    fi
    echo "skipped: $shared not found (clone with ../shared beside the checkout to run the corpus)"
    exit 0
fi

# document list: "label<TAB>path"
docs=()
if [ "$with_shared" = 1 ]; then
    while IFS= read -r path; do
        docs+=("${path#"$shared"/}	$path")
    done < <(find "$shared" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | LC_ALL=C sort)
fi
if [ "$with_further" = 1 ]; then
    if [ ! -f "$further/roots.txt" ]; then
        echo "error: $further/roots.txt is missing; run bash tests/further-docs.sh first" >&2
        exit 1
    fi
    while read -r label path; do
        docs+=("$label	$further/$path")
    done < "$further/roots.txt"
fi

selected=()
for entry in "${docs[@]}"; do
    label=${entry%%	*}
    if [ "$mode" = ci ] || [ ${#filters[@]} = 0 ]; then
        selected+=("$entry")
        continue
    fi
    for word in "${filters[@]}"; do
        case "$label" in *"$word"*) selected+=("$entry"); break ;; esac
    done
done

in_ci_subset() {
    local doc
    for doc in "${CI_SUBSET[@]}"; do [ "$doc" = "$1" ] && return 0; done
    return 1
}

# The OpenAPI version as the document states it (JSON: the root member; YAML:
# the top-level key).
openapi_version() {
    case "$1" in
    *.json) jq -r '.openapi // .swagger // "?"' "$1" 2>/dev/null || echo "?" ;;
    *) sed -n -E 's/^(openapi|swagger): *["'"'"']?([0-9][0-9.]*).*/\2/p' "$1" | head -n 1 ;;
    esac
}

slug() {
    local s
    s=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | sed -E 's/\.(ya?ml|json)$//; s/[^a-z0-9]+/-/g; s/^-+//; s/-+$//')
    printf 'corpus-%s' "$s"
}

cargo build --quiet -p isc-codegen
bin=$root/target/debug/isc-codegen
scratch=target/corpus
[ "$mode" = ci ] && scratch=target/corpus-ci
rm -rf "$scratch/crates"
mkdir -p "$scratch/crates" "$scratch/logs"

# Does this build read OpenAPI 3.1 at all? Until it does, 3.1 documents are
# reported as failing with the generator's reason, and --ci does not require
# them to generate; once the smallest 3.1 document generates, all must.
reads_31=0
if "$bin" --quiet generate --input "$shared/oas-examples/3.1/yaml/petstore-simple.yaml" \
    --output "$scratch/probe-31" --crate-name probe-31 >/dev/null 2>&1; then
    reads_31=1
fi
rm -rf "$scratch/probe-31"

declare -A version gen_result crate_of
members=()
failed=0
for entry in "${selected[@]}"; do
    label=${entry%%	*}
    path=${entry#*	}
    name=$(slug "$label")
    version[$label]=$(openapi_version "$path")
    crate_of[$label]=$name
    log="$scratch/logs/$name.generate"
    if "$bin" --quiet generate --input "$path" --output "$scratch/crates/$name" --crate-name "$name" \
        --runtime "path = \"$root/runtime\"" >"$log" 2>&1; then
        gen_result[$label]=ok
        if [ "$mode" != ci ] || in_ci_subset "$label"; then
            members+=("\"crates/$name\"")
        fi
    else
        reason=$(grep -m 1 -E '^(error|warning)' "$log" | sed -E 's/\x1b\[[0-9;]*m//g; s/\|/\\|/g' | cut -c 1-110)
        gen_result[$label]="fail: ${reason:-see $log}"
        case "${version[$label]}" in
        3.1*) [ "$reads_31" = 1 ] && failed=1 ;;
        *) failed=1 ;;
        esac
    fi
done

{
    echo "# Scratch workspace written by tests/corpus.sh; not committed."
    echo "[workspace]"
    echo "resolver = \"3\""
    echo "members = [$(IFS=,; echo "${members[*]}")]"
} > "$scratch/Cargo.toml"
cp Cargo.lock "$scratch/Cargo.lock"
# The full sweep has a target directory of its own, so it can run beside
# work in the main one; --ci shares the main one like tests/whole-api.sh,
# whose dependencies are the same.
if [ "$mode" = ci ]; then
    export CARGO_TARGET_DIR="$root/target"
else
    export CARGO_TARGET_DIR="$root/target/corpus/target"
fi

if [ "$mode" = ci ]; then
    for entry in "${selected[@]}"; do
        label=${entry%%	*}
        case "${gen_result[$label]}" in
        ok) ;;
        *) echo "$label (OpenAPI ${version[$label]}): ${gen_result[$label]}" ;;
        esac
    done
    if [ "$failed" = 1 ]; then
        echo "error: a corpus document no longer generates" >&2
        exit 1
    fi
    [ "$reads_31" = 1 ] || echo "note: this build does not read OpenAPI 3.1 yet; 3.1 documents are not required to generate"
    cargo clippy --quiet --manifest-path "$scratch/Cargo.toml" --workspace --all-features -- -D warnings
    generated=0
    for entry in "${selected[@]}"; do
        if [ "${gen_result[${entry%%	*}]}" = ok ]; then generated=$((generated + 1)); fi
    done
    echo "corpus: $generated of ${#selected[@]} documents generate; the ${#members[@]} clients of the subset pass clippy -D warnings"
    exit 0
fi

# One clippy run over every client; each lint is attributed to its crate.
lints="$scratch/logs/clippy.tsv"
: > "$lints"
if [ ${#members[@]} -gt 0 ]; then
    limit=()
    [ -n "${CORPUS_TIMEOUT:-}" ] && limit=(timeout "$CORPUS_TIMEOUT")
    # Each lint becomes "crate<TAB>lint"; each crate checked to the end,
    # "crate<TAB>checked".
    "${limit[@]}" nice -n 10 cargo clippy --manifest-path "$scratch/Cargo.toml" --workspace --all-features \
        --keep-going --message-format=json -- -D warnings 2>"$scratch/logs/clippy.stderr" |
        jq -r '(select(.reason == "compiler-message" and .message.level == "error")
                | [.target.name, (.message.code.code // "error")] | @tsv),
               (select(.reason == "compiler-artifact") | [.target.name, "checked"] | @tsv)' > "$lints" || true
fi

echo "| document | OpenAPI | generate | clippy -D warnings |"
echo "| --- | --- | --- | --- |"
gen_ok=0
clippy_ok=0
for entry in "${selected[@]}"; do
    label=${entry%%	*}
    name=${crate_of[$label]}
    if [ "${gen_result[$label]}" = ok ]; then
        gen_ok=$((gen_ok + 1))
        found=$(awk -F '\t' -v t="${name//-/_}" '$1 == t && $2 != "error" && $2 != "checked" { print $2 }' "$lints" |
            sed 's/^clippy:://' | sort | uniq -c | sort -k1,1nr -k2 | head -n 4 |
            awk '{ printf "%s%s×%s", (NR > 1 ? ", " : ""), $2, $1 }')
        total=$(awk -F '\t' -v t="${name//-/_}" '$1 == t && $2 != "error" && $2 != "checked"' "$lints" | wc -l)
        checked=$(awk -F '\t' -v t="${name//-/_}" '$1 == t && $2 == "checked"' "$lints" | wc -l)
        broken=0
        grep -q "could not compile \`$name\` (lib) due to" "$scratch/logs/clippy.stderr" 2>/dev/null && broken=1
        if [ "$total" = 0 ] && [ "$checked" -gt 0 ]; then
            clippy="ok"
            clippy_ok=$((clippy_ok + 1))
        elif [ "$total" = 0 ] && [ "$broken" = 0 ]; then
            clippy="not finished (CORPUS_TIMEOUT)"
            failed=1
        elif [ "$total" = 0 ]; then
            clippy="fail: does not compile"
            failed=1
        else
            clippy="fail ($total): $found"
            failed=1
        fi
    else
        clippy="—"
        failed=1
    fi
    echo "| \`$label\` | ${version[$label]} | ${gen_result[$label]} | $clippy |"
done
echo
echo "${#selected[@]} documents: $gen_ok generate, $clippy_ok pass clippy -D warnings"
exit "$failed"

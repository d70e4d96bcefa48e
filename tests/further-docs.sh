#!/usr/bin/env bash
# Extracts the further public OpenAPI documents of issue 12 (real APIs of
# shapes the shared corpus lacks: huge single JSON, big multi-file YAML, 3.1)
# into tests/corpus-further/ (ignored by git: the documents are never
# committed) and writes tests/corpus-further/roots.txt for tests/corpus.sh.
#
# Each document is pinned to a repository and commit. The repositories are
# read from bare mirrors under $MIRRORS (default /work/.mirror, where the
# session's `fetch` tool puts github:<owner>/<name> as <owner>+<name>/repo);
# a missing mirror or commit is reported and the document skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
mirrors=${MIRRORS:-/work/.mirror}
out=tests/corpus-further

# label | owner/name | commit | path in the repository (a file, or a folder
# for multi-file documents) | root document inside that path
DOCS=(
    "twilio-api-v2010|twilio/twilio-oai|d50069b44ea8cd23141385bdb6db48f16ff75bb5|spec/json/twilio_api_v2010.json|"
    "twilio-messaging-v1|twilio/twilio-oai|d50069b44ea8cd23141385bdb6db48f16ff75bb5|spec/json/twilio_messaging_v1.json|"
    "box|box/box-openapi|c9a878a9824344129881392e2b08f7117201e82e|openapi.json|"
    "openai|openai/openai-openapi|f85dbe223d40e1a31cba812ab2d755c7e98a92a3|openapi.yaml|"
    "pagerduty-rest|PagerDuty/api-schema|91a06fb3c64b0ab2b2bd6c485d12b327dfb55c18|reference/REST/openapiv3.json|"
    "pagerduty-jira-service|PagerDuty/api-schema|91a06fb3c64b0ab2b2bd6c485d12b327dfb55c18|reference/integration-jira-service/openapiv3.json|"
    "plaid|plaid/plaid-openapi|26f1a0588c12e765e99c815300d94eae0a3c7dc1|2020-09-14.yml|"
    "xero-accounting|XeroAPI/Xero-OpenAPI|e952d0bda3628facbf7afc5990ad6a0e7e77bd1e|xero_accounting.yaml|"
    "xero-payroll-uk|XeroAPI/Xero-OpenAPI|e952d0bda3628facbf7afc5990ad6a0e7e77bd1e|xero-payroll-uk.yaml|"
    "digitalocean|digitalocean/openapi|7c1300c479fed9c353cda9fc21cd968619552304|specification|DigitalOcean-public.v2.yaml"
    "spotify|sonallux/spotify-web-api|a3369587d22fb1b3fe4aeb4022d67469365695b8|fixed-spotify-open-api.yml|"
    "intercom|intercom/Intercom-OpenAPI|8889625a7b931d8649e18726e7f872ff073520fc|descriptions/2.16/api.intercom.io.yaml|"
    "sendgrid|sendgrid/sendgrid-oai|bef1536aeed2eb7b1ad4fde110a8ec65c583c4c5|oai_v3_stoplight.json|"
    "mastodon|abraham/mastodon-openapi|89b11e724f5015e232d160749e3b2fd4006e100d|dist/schema.json|"
    "resend|resend/resend-openapi|fd6f395f2114e13806025f0c330921c901d62bb1|resend.yaml|"
    "box-v2025|box/box-openapi|c9a878a9824344129881392e2b08f7117201e82e|openapi/openapi-v2025.0.json|"
)

rm -rf "$out"
mkdir -p "$out"
: > "$out/roots.txt"
got=0
for entry in "${DOCS[@]}"; do
    IFS='|' read -r label repo commit path root <<< "$entry"
    git_dir="$mirrors/${repo/\//+}/repo"
    if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
        echo "skipped $label: $repo @ $commit is not in $git_dir (bring it with fetch github:$repo)" >&2
        continue
    fi
    mkdir -p "$out/$label"
    if [ -z "$root" ]; then
        file=${path##*/}
        git --git-dir="$git_dir" show "$commit:$path" > "$out/$label/$file"
        echo "$label $label/$file" >> "$out/roots.txt"
    else
        git --git-dir="$git_dir" archive --format=tar "$commit" "$path" | tar -x -C "$out/$label"
        echo "$label $label/$path/$root" >> "$out/roots.txt"
    fi
    echo "$repo @ ${commit:0:7}: $path" > "$out/$label/SOURCE"
    got=$((got + 1))
done
echo "$got of ${#DOCS[@]} documents in $out (roots in $out/roots.txt)"

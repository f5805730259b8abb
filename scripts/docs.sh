#!/usr/bin/env bash
# make docs: the guide as a static site in docs/_site, which the api role serves at /docs (SendGateway:Docs:SiteFolder).
# DocFX (a local dotnet tool pinned in .config/dotnet-tools.json) builds docs/ with warnings as errors, so a broken link
# or a missing page fails the build. Redocly's CLI (pinned in docs/package-lock.json) renders the OpenAPI document
# api-spec/sendgateway-v1.json into docs/_site/api/index.html, scripts and styles inlined (no CDN at reading time),
# after linting it (docs/redocly.yaml).
# Both come from the package registries (NuGet, npm); nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v npm >/dev/null || apt_install nodejs npm
command -v dotnet >/dev/null || { log "the .NET SDK (dotnet) is required"; exit 1; }

started=$(date +%s)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
run() { "$@" >"$out" 2>&1 || { cat "$out" >&2; log "failed: $*"; exit 1; }; }

run dotnet tool restore
run npm ci --prefix docs --no-audit --no-fund --loglevel=error
rm -rf docs/_site docs/_api
# The OpenAPI document first passes Redocly's lint (docs/redocly.yaml: the recommended rules, every example valid
# against its schema); an error fails the build.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true run docs/node_modules/.bin/redocly lint \
  --config docs/redocly.yaml api-spec/sendgateway-v1.json
# The API reference first: DocFX copies it into the site as a resource, so links to api/index.html are checked too.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true run docs/node_modules/.bin/redocly build-docs \
  api-spec/sendgateway-v1.json --inlineBundle --title "SendGateway HTTP API" -o docs/_api/index.html
run dotnet docfx build docs/docfx.json --warningsAsErrors
[ -f docs/_site/index.html ] && [ -f docs/_site/api/index.html ] || { cat "$out" >&2; log "the site has no index.html or api/index.html"; exit 1; }
log "docs built in $(( $(date +%s) - started )) s: docs/_site (served at /docs by the api role)"

#!/usr/bin/env bash
# Runs PlatformWatch on its embedded defaults: the web UI and the API on http://127.0.0.1:5080 with
# the worker in the same process (MassTransit's in-memory bus, a SQLite case database under ./data),
# fed demo data (every valid sample event file); each finding is logged as it is raised. The first
# run creates two API keys, a regulator supervisor and the platform "bazaarly", and keeps their
# tokens in data/keys/ (readable by you only): sign in to the UI with either. Ctrl+C stops.
#   ./deploy/run-local.sh [EVENT_FILE]     default: the four valid samples of tests/scenarios
set -euo pipefail
cd "$(dirname "$0")/.."
db=data/platformwatch.db
mkdir -p data
if [[ $# -gt 0 ]]; then
  feed=$1
else
  feed=data/demo-events.jsonl
  cat tests/scenarios/{market-structure,conduct-cn,pricing-cn,dma-gatekeeper}.jsonl >"$feed"
fi
dotnet build services/PlatformWatch.Cli -c Release -nologo -clp:ErrorsOnly
dotnet build services/PlatformWatch.Api -c Release -nologo -clp:ErrorsOnly
cli=(dotnet services/PlatformWatch.Cli/bin/Release/net10.0/platformwatch.dll)

mkdir -p data/keys
chmod 700 data/keys
key() {
  local name=$1 role=$2 platform=${3:-} file="data/keys/$1.token"
  if [[ ! -s $file ]]; then
    "${cli[@]}" keys create --name "$name" --role "$role" ${platform:+--platform "$platform"} --actor run-local --db "$db" \
      | sed -n 's/^token: *//p' >"$file"
    chmod 600 "$file"
  fi
}
key local-supervisor regulator-supervisor
key local-platform platform bazaarly

cat <<TEXT
PlatformWatch on http://127.0.0.1:5080: open it in a browser and sign in with the token in
data/keys/local-supervisor.token (regulator-supervisor) or data/keys/local-platform.token (the
platform bazaarly's portal). Worker in the same process, case database $db, fed $feed.
The API (OpenAPI: /openapi/v1.json), in another terminal:
  curl -s -H "Authorization: ApiKey \$(cat data/keys/local-supervisor.token)" http://127.0.0.1:5080/api/v1/cases
  curl -s -H "Authorization: ApiKey \$(cat data/keys/local-platform.token)" http://127.0.0.1:5080/api/v1/platform/notices
TEXT
exec dotnet services/PlatformWatch.Api/bin/Release/net10.0/platformwatch-api.dll --Feed:File="$feed" --Store:Connection="$db"

#!/usr/bin/env bash
# Runs PlatformWatch on its embedded defaults (MassTransit's in-memory bus, a SQLite file under
# ./data) and feeds it a sample event file; each finding is logged as it is raised. Ctrl+C stops.
#   ./deploy/run-local.sh [EVENT_FILE]     default: tests/scenarios/market-structure.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
feed=${1:-tests/scenarios/market-structure.jsonl}
dotnet build services/PlatformWatch.Cli -c Release -nologo -clp:ErrorsOnly
exec dotnet services/PlatformWatch.Cli/bin/Release/net10.0/platformwatch.dll serve --db data/platformwatch.db --feed "$feed"

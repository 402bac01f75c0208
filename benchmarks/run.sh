#!/usr/bin/env bash
# The macro benchmark in one command (docs/benchmarks.md): builds the harness and the worker in
# Release, starts the private RabbitMQ node and PostgreSQL server of the tests (tests/rabbitmq.sh,
# tests/postgres.sh), writes the backlog (the simulator, tools/PlatformWatch.Simulator, or the
# harness's own generator in a build without it), drains it with a b c d e f for ROUNDS rounds, measures
# latency at half load and the worker's memory, prints the table, and stops both servers.
#
#   benchmarks/run.sh                        # the record: 20,000 events, 3 rounds (under 10 minutes)
#   EVENTS=5000 ROUNDS=1 benchmarks/run.sh   # a quick look
#   EVENTS=100000 RSS_EVENTS=300000 benchmarks/run.sh --scenarios d --rounds 0 --latency-seconds 0   # memory over a long run
#
# Settings (environment): EVENTS (backlog size, default 20000), ROUNDS (default 3), LATENCY_SECONDS
# (default 15), RSS_EVENTS (a separate long worker run for its peak RSS, default 0: none), SEED (1),
# WORK (scratch folder, default /tmp/platformwatch-macro). Further arguments go to the harness
# (platformwatch-macro run --help lists them); the report is also written to $WORK/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
events=${EVENTS:-20000}
rounds=${ROUNDS:-3}
latency=${LATENCY_SECONDS:-15}
rss=${RSS_EVENTS:-0}
seed=${SEED:-1}
work=${WORK:-/tmp/platformwatch-macro}
cli=services/PlatformWatch.Cli/bin/Release/net10.0/platformwatch.dll
macro=benchmarks/PlatformWatch.Macro/bin/Release/net10.0/platformwatch-macro.dll
simulator=tools/PlatformWatch.Simulator/bin/Release/net10.0/platformwatch-simulate.dll

echo "== build (Release): the harness and the worker it runs"
dotnet build benchmarks/PlatformWatch.Macro/PlatformWatch.Macro.csproj -c Release -nologo -v quiet -clp:ErrorsOnly

echo "== RabbitMQ and PostgreSQL (private, on loopback)"
# Their own ports, folders and node name, so that a test run on the same machine (tests/run.sh
# recreates the default node and server when it starts) and this benchmark never stop each other's.
export PLATFORMWATCH_RABBITMQ_PORT=${PLATFORMWATCH_RABBITMQ_PORT:-5689}
export PLATFORMWATCH_RABBITMQ_FOLDER=${PLATFORMWATCH_RABBITMQ_FOLDER:-/tmp/platformwatch-macro-rabbitmq}
export PLATFORMWATCH_RABBITMQ_NODE=${PLATFORMWATCH_RABBITMQ_NODE:-platformwatch-macro@localhost}
export PLATFORMWATCH_PG_PORT=${PLATFORMWATCH_PG_PORT:-54339}
export PLATFORMWATCH_PG_FOLDER=${PLATFORMWATCH_PG_FOLDER:-/tmp/platformwatch-macro-postgres}
stop() {
  bash tests/rabbitmq.sh stop >/dev/null 2>&1 || true
  bash tests/postgres.sh stop >/dev/null 2>&1 || true
}
trap stop EXIT
rabbitmq=$(bash tests/rabbitmq.sh start)
postgres=$(bash tests/postgres.sh start)
echo "$rabbitmq; $postgres"

echo "== backlog of $events events"
mkdir -p "$work"
backlog="$work/events.jsonl"
# About 50 events per market over two years (4 to 8 platforms' shares for 8 quarters, some conduct),
# in time order; the harness takes the first $events. The simulator is a tool beside the product
# (tools/PlatformWatch.Simulator); earlier builds had it as the command line's 'simulate'.
markets=$(( events / 50 + 10 ))
if [ -f "$simulator" ]; then
  dotnet "$simulator" --seed "$seed" --markets "$markets" --platforms 200 --days 730 --out "$backlog"
elif dotnet "$cli" --help 2>/dev/null | grep -qw simulate; then
  dotnet "$cli" simulate --seed "$seed" --markets "$markets" --platforms 200 --days 730 --out "$backlog"
else
  echo "(no simulator in this build: the harness's generator writes the backlog)"
  dotnet "$macro" generate --seed "$seed" --markets $(( (events + 47) / 48 )) --platforms 6 --periods 8 --out "$backlog"
fi

echo "== benchmark"
dotnet "$macro" run --events "$backlog" --limit "$events" --rabbitmq "$rabbitmq" --postgres "$postgres" \
  --rounds "$rounds" --latency-seconds "$latency" --rss-events "$rss" --work "$work" --out "$work/report.md" "$@"

echo "total wall time: $(( $(date +%s) - started )) s (build, servers, backlog, benchmark)"

#!/usr/bin/env bash
# The whole test suite on a fresh machine: restores and builds the solution, runs every test
# project, and ends with the line "N passed, N failed" (summed over all test assemblies).
# Exit status: 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
results="$(pwd)/TestResults"
rm -rf "$results"
mkdir -p "$results"

# A private PostgreSQL server on loopback for the store suite, stopped whatever happens.
echo "== PostgreSQL"
if ! PLATFORMWATCH_TEST_POSTGRES=$(./tests/postgres.sh start); then
  echo "0 passed, 1 failed"
  exit 1
fi
export PLATFORMWATCH_TEST_POSTGRES PLATFORMWATCH_REQUIRE_POSTGRES=1
trap './tests/postgres.sh stop' EXIT

# A private RabbitMQ node on loopback for the bus tests (installed from Debian's packages when missing).
echo "== RabbitMQ"
if ! PLATFORMWATCH_TEST_RABBITMQ=$(./tests/rabbitmq.sh start); then
  echo "0 passed, 1 failed"
  exit 1
fi
export PLATFORMWATCH_TEST_RABBITMQ PLATFORMWATCH_REQUIRE_RABBITMQ=1
export PLATFORMWATCH_RABBITMQ_SCRIPT="$(pwd)/tests/rabbitmq.sh" PLATFORMWATCH_POSTGRES_SCRIPT="$(pwd)/tests/postgres.sh"
trap './tests/rabbitmq.sh stop; ./tests/postgres.sh stop' EXIT

# Debian's Chromium for the browser tests (Playwright drives it; its own browser download cannot work here).
echo "== Chromium"
if ! command -v chromium >/dev/null; then
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null; then
    echo "chromium could not be installed" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
export PLATFORMWATCH_CHROMIUM="$(command -v chromium)" PLATFORMWATCH_REQUIRE_BROWSER=1
export PLATFORMWATCH_SCREENSHOTS="$results/screenshots"

# Debian's fonts: DejaVu for the case file PDF's Latin text (the API's default CaseFile:RegularFont and
# BoldFont), WenQuanYi Zen Hei for its Chinese text (CaseFile:CjkFont: TrueType outlines, which
# PDFsharp can embed), Noto Sans CJK for Chinese in Chromium (the browser tests' screenshots).
echo "== Fonts"
fonts=()
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]] || fonts+=(fonts-dejavu-core)
[[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]] || fonts+=(fonts-wqy-zenhei)
[[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]] || fonts+=(fonts-noto-cjk)
if (( ${#fonts[@]} > 0 )); then
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${fonts[@]}"; } >/dev/null 2>&1; then
    echo "${fonts[*]} could not be installed" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
if ! fc-list :lang=zh family | grep -q "Noto Sans CJK SC"; then
  echo "fontconfig knows no Chinese font (Noto Sans CJK SC) after installing fonts-noto-cjk" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== restore and build"
if ! dotnet build PlatformWatch.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

# Sum the counters of every test assembly's TRX file.
read -r passed failed < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
        if (kv[1] == "passed") p += kv[2];
        if (kv[1] == "failed" || kv[1] == "error" || kv[1] == "timeout" || kv[1] == "aborted") f += kv[2] } }
    END { print p + 0, f + 0 }')
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  # A test host that crashed leaves no failed count: it still failed.
  failed=1
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

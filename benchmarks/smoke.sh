#!/usr/bin/env bash
# Runs every benchmark once in the short (smoke) job, in Release: proves the suite builds and each benchmark
# and console mode runs to the end. Measures nothing worth quoting. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

project=benchmarks/Supervision.Benchmarks
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT

dotnet build "$project" -c Release -warnaserror --nologo -v quiet
run() { dotnet run -c Release --no-build --project "$project" -- "$@"; }

echo "== smoke: B1 restart latency, B2 start/stop, B3 child restart (BenchmarkDotNet, one in-process iteration each)"
run --smoke --filter '*' --artifacts "$artifacts"
echo "== smoke: B6 crash storm"
run storm --smoke
run storm --smoke --no-probes
echo "== smoke: allocation report"
run alloc --smoke
echo "== smoke: B4 output forwarding (100,000 lines, one run per contender)"
run forward --smoke
echo "== smoke: B5 stop on SIGTERM (4 children)"
run stop --smoke
echo "== smoke: B8 rolling restart under a request loop (Supervision only, one round)"
run rolling --smoke
echo "== smoke: every benchmark ran"

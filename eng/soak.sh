#!/usr/bin/env bash
# R9, the full soak of the reliability suite: in-process and child restarts by the thousand, with the host's open
# fds, threads and managed memory reported at the start and at the end (tests/Supervision.EndToEnd/Soak).
#   eng/soak.sh [IN_PROCESS_RESTARTS=100000] [CHILD_RESTARTS=2000]
# CI runs the same tests with 100,000 in-process and 300 child restarts. Figures go to the test output and to
# tests/Supervision.EndToEnd/bin/Release/net10.0/reliability-figures.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
export RELIABILITY_SOAK_RESTARTS="${1:-100000}" RELIABILITY_SOAK_CHILD_RESTARTS="${2:-2000}"
dotnet build Supervision.sln -c Release
dotnet run --project tests/Supervision.EndToEnd -c Release --no-build -- -class "Supervision.EndToEnd.Soak.SoakTests"
grep ' R9: ' tests/Supervision.EndToEnd/bin/Release/net10.0/reliability-figures.txt | tail -n 2

#!/usr/bin/env bash
# B8 with PM2 beside Supervision in the same run: failed requests of a retrying client during a rolling restart of
# three Python HTTP servers (Supervision with Readiness Tcp and None; PM2 fork mode `reload`, with wait_ready one at a
# time and with its defaults). Installs PM2 (npm install -g pm2, Node.js and npm from apt-get when absent) and python3
# when absent. Not part of CI: about a minute. Arguments go to the console mode, e.g. --rounds 5.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

apt_install() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v python3 >/dev/null 2>&1 || apt_install python3
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
command -v pm2 >/dev/null 2>&1 || npm install -g pm2 >/dev/null

project=benchmarks/Supervision.Benchmarks
dotnet build "$project" -c Release -warnaserror --nologo -v quiet
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); pm2 $(node -p "require('$(npm root -g)/pm2/package.json').version"); node $(node --version); $(python3 --version)"
dotnet run -c Release --no-build --project "$project" -- rolling "$@"

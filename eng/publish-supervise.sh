#!/usr/bin/env bash
# Release build of `supervise` as a Native AOT executable: one self-contained file, no .NET runtime needed.
# Writes artifacts/supervise-VERSION-RID.tar.gz (the executable alone) and leaves the executable in
# artifacts/supervise-RID/. Needs clang and zlib1g-dev (Debian) besides the .NET SDK.
# Usage: eng/publish-supervise.sh [RID]   (default: this machine's, linux-x64 or linux-arm64)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case "${1:-$(uname -m)}" in
  x86_64 | linux-x64) rid=linux-x64 ;;
  aarch64 | arm64 | linux-arm64) rid=linux-arm64 ;;
  *) echo "unsupported RID or machine: ${1:-$(uname -m)} (linux-x64 or linux-arm64)" >&2; exit 2 ;;
esac

out=artifacts/supervise-$rid
rm -rf "$out"
# Its own obj and bin folders: a restore for one runtime must not touch those of a build running beside it.
dotnet publish samples/ProcfileRunner -c Release -r "$rid" -p:PublishAot=true -warnaserror --nologo --artifacts-path artifacts/build -o "$out"
# Debug symbols stay beside it for whoever wants them; the archive carries the executable only.
version=$(dotnet msbuild samples/ProcfileRunner -getProperty:Version)
tar -czf "artifacts/supervise-$version-$rid.tar.gz" -C "$out" supervise
echo "$out/supervise ($(du -h "$out/supervise" | cut -f1)), artifacts/supervise-$version-$rid.tar.gz"

#!/usr/bin/env bash
# Adds every symbol the PublicApiAnalyzers report as undeclared (RS0016) to that project's
# PublicAPI.Unshipped.txt, so a reviewer sees API changes as a diff of that file.
set -euo pipefail
cd "$(dirname "$0")/.."
# Several passes: a project's errors hide those of the projects that depend on it.
for pass in 1 2 3; do
dotnet build Supervision.sln -p:TreatWarningsAsErrors=false -p:WarningsAsErrors=RS0016 2>&1 \
  | { grep -E 'error RS0016' || true; } \
  | sed -E "s/^.*Symbol '(.*)' is not part of the declared public API.*\[(.*)\.csproj\]$/\2|\1/" \
  | sort -u \
  | while IFS='|' read -r project symbol; do
      echo "$symbol" >> "$(dirname "$project")/PublicAPI.Unshipped.txt"
    done
done
for f in src/*/PublicAPI.Unshipped.txt; do
  { head -n1 "$f"; tail -n +2 "$f" | sort -u; } > "$f.tmp" && mv "$f.tmp" "$f"
done

#!/usr/bin/env bash
# Regenerates docs/dashboard.png: the dashboard test that captures the page, in headless Chromium
# (needs Debian's chromium and chromium-driver, as .ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Supervision.AspNetCore.Tests -v quiet
SUPERVISION_SCREENSHOT=docs/dashboard.png dotnet run --project tests/Supervision.AspNetCore.Tests --no-build -- \
  -method "Supervision.AspNetCore.Tests.Browser.DashboardBrowserTests.The_page_can_be_captured_for_the_docs"
echo "wrote docs/dashboard.png"

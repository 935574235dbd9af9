#!/usr/bin/env bash
# Runs every test in the solution against real components.
# Installs the system packages the tests need when they are missing (a bare machine has none),
# then runs the xunit v3 suites on Microsoft.Testing.Platform with TRX reports in TestResults/.
set -euo pipefail
cd "$(dirname "$0")/.."

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }

if ! have_postgres; then
  echo "Installing PostgreSQL server binaries (the PostgreSQL tests start their own server)..."
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

results="${TEST_RESULTS:-$PWD/TestResults}"
rm -rf "$results"
mkdir -p "$results"

dotnet build CareChain.sln -c Release -warnaserror
dotnet test --solution CareChain.sln -c Release --no-build \
  --report-xunit-trx --results-directory "$results" "$@"

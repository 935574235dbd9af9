#!/usr/bin/env bash
# Runs the CKKS workload on CareChain.Crypto (BenchmarkDotNet) and on Microsoft SEAL
# (node-seal, WebAssembly), then prints the comparison and checks the decrypted scores.
#
#   bench/seal-compare/run.sh                          full run
#   SEAL_COMPARE_QUICK=1 bench/seal-compare/run.sh     few iterations on both sides, rough numbers
#
#   SEAL_COMPARE_OUT  output folder, relative to the repository root (default bench/seal-compare/out)
#   BDN_ARGS          extra BenchmarkDotNet arguments (replaces the quick-mode defaults)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

out="${SEAL_COMPARE_OUT:-bench/seal-compare/out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# Stale results from an earlier run must not stand in for a step that failed to write them.
rm -rf "$out/bdn" "$out/csharp-values.json" "$out/seal.json"

if [ "${SEAL_COMPARE_QUICK:-}" = "1" ]; then
  # Applied by BenchmarkDotNet to the class's own job rather than added as a second job.
  BDN_ARGS="${BDN_ARGS:---launchCount 1 --warmupCount 2 --iterationCount 5}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== npm ci ($here)"
(cd "$here" && npm ci --no-audit --no-fund)

echo "== dotnet build (Release)"
dotnet build bench/CareChain.Benchmarks/CareChain.Benchmarks.csproj -c Release

benchmarks=bench/CareChain.Benchmarks/bin/Release/net10.0/CareChain.Benchmarks.dll

echo "== C# values"
dotnet "$benchmarks" ckks-values "$out/csharp-values.json"

echo "== C# timings (BenchmarkDotNet)"
# BDN_ARGS is split into words on purpose.
# shellcheck disable=SC2086
dotnet "$benchmarks" --filter '*CkksOperationBenchmarks*' --exporters json --artifacts "$out/bdn" ${BDN_ARGS:-}

echo "== SEAL (node-seal)"
node "$here/seal-bench.mjs" "$out/seal.json"

echo "== comparison"
node "$here/compare.mjs" "$out/seal.json" "$out/csharp-values.json" "$out/bdn"

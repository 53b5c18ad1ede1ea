#!/usr/bin/env bash
# A longer run of the property-based fuzz test (tests/Rostro.MockServer.Tests/Pipeline/FuzzTests.cs): requests generated
# from the spec for every operation, broken in seven ways; prints the request count by status and fails on any 5xx,
# undocumented error or changed world. Usage: bench/fuzz/run.sh [requests-per-operation=500]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROSTRO_FUZZ_ITERATIONS="${1:-500}"
dotnet test "$root/tests/Rostro.MockServer.Tests" -c Release --filter "FullyQualifiedName~FuzzTests" --logger "console;verbosity=detailed" 2>&1 | grep -E "fuzz:|Passed |Failed |Error Message|Attempt" 

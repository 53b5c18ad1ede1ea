#!/usr/bin/env bash
# Mock throughput: the mock's GET /v1/models (with a token) against bare Kestrel returning the same bytes,
# measured side by side with wrk on loopback. Target: mock >= 0.6 x bare req/s, mock p99 < 2 ms.
# Rounds alternate mock and bare so that other load on the machine hits both alike; the median round of each is reported.
# Usage: bench/mock-throughput/run.sh [duration=10s] [connections=32] [threads=2] [rounds=3]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-10s}"
connections="${2:-32}"
threads="${3:-2}"
rounds="${4:-3}"
mock_port=4020
bare_port=4021

source "$here/../lib/wrk.sh"
bench_init

echo "building (Release)..."
build_mock "$root" mock
dotnet build "$here/BareKestrel/BareKestrel.csproj" -c Release -o "$work/bare" >"$work/build.log" || { cat "$work/build.log"; exit 1; }

dotnet "$work/mock/Rostro.MockServer.dll" --port "$mock_port" --host 127.0.0.1 >"$work/mock.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$mock_port/v1/models"
curl -fs -H "Authorization: Bearer bench" "http://127.0.0.1:$mock_port/v1/models" >"$work/body.json"

dotnet "$work/bare/BareKestrel.dll" "$bare_port" "$work/body.json" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$bare_port/v1/models"
cmp -s "$work/body.json" <(curl -fs "http://127.0.0.1:$bare_port/v1/models") || { echo "bodies differ" >&2; exit 1; }

run_wrk() { # url duration
  wrk -t"$threads" -c"$connections" -d"$2" --latency -H "Authorization: Bearer bench-token" "$1"
}

echo "warming up (5 s each)..."
run_wrk "http://127.0.0.1:$mock_port/v1/models" 5s >/dev/null
run_wrk "http://127.0.0.1:$bare_port/v1/models" 5s >/dev/null

echo "measuring: $rounds rounds of $duration each, alternating ($connections connections, $threads threads)..."
for round in $(seq 1 "$rounds"); do
  run_wrk "http://127.0.0.1:$mock_port/v1/models" "$duration" >"$work/mock.$round.wrk"
  run_wrk "http://127.0.0.1:$bare_port/v1/models" "$duration" >"$work/bare.$round.wrk"
  printf '  round %s: mock %s req/s, bare %s req/s\n' "$round" "$(field "$work/mock.$round.wrk" rps)" "$(field "$work/bare.$round.wrk" rps)"
done

mock="$(median_round mock "$rounds")"
bare="$(median_round bare "$rounds")"
mock_rps="$(field "$mock" rps)"
bare_rps="$(field "$bare" rps)"
mock_p50="$(to_ms "$(field "$mock" p50)")"
mock_p99="$(to_ms "$(field "$mock" p99)")"
bare_p50="$(to_ms "$(field "$bare" p50)")"
bare_p99="$(to_ms "$(field "$bare" p99)")"
ratio="$(awk -v m="$mock_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", m / b }')"

printf '\nmedian rounds   %12s %10s %10s\n' "req/s" "p50 ms" "p99 ms"
printf '%-15s %12s %10s %10s\n' "mock" "$mock_rps" "$mock_p50" "$mock_p99"
printf '%-15s %12s %10s %10s\n' "bare Kestrel" "$bare_rps" "$bare_p50" "$bare_p99"
printf '\nratio mock/bare: %s (target >= 0.60); mock p99 %s ms (target < 2); load average now: %s\n' "$ratio" "$mock_p99" "$(cut -d' ' -f1-3 /proc/loadavg)"
for server in mock bare; do
  errors="$(field "$(median_round "$server" "$rounds")" errors)"
  [ -n "$errors" ] && echo "$server: $errors"
done
if awk -v r="$ratio" -v p="$mock_p99" 'BEGIN { exit !(r >= 0.6 && p < 2) }'; then echo "PASS"; else echo "below target"; fi

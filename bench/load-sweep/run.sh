#!/usr/bin/env bash
# The sweep against the mock's load model, whose capacity is known, in one run, figures side by side:
#   knee      — the mock with 8 sequences, TTFT 200 ms, 40 ms between tokens, 10 tokens: a sequence is busy
#               200 + 9 x 40 = 560 ms, so the model serves 8 / 0.56 = 14.29 req/s. load/scenarios/sweep.json swept over
#               4..32/s (4 bisections) must find its knee within 10 % of that;
#   queueing  — 20 req/s (1.4 x the capacity) for 10 s with no warm-up: the runner's TTFT p50 beside the mock's own
#               (its Rostro.MockServer meter, arrival to first token sent), within 5 ms; and the mock's queue wait.
# Usage: bench/load-sweep/run.sh [step-duration=5s]      Needs: python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
step="${1:-5s}"
port=4033

source "$here/../lib/wrk.sh"   # wait_for, stop_all (this bench needs no wrk)
work="$(mktemp -d)"
pids=()
trap stop_all EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v python3 >/dev/null || { echo "python3 is needed to read the reports" >&2; exit 1; }

echo "building (Release)..."
dotnet build "$root/load/Rostro.Load/Rostro.Load.csproj" -c Release -o "$work/load" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build "$root/bench/load-runner/MockHost/MockHost.csproj" -c Release -o "$work/mockhost" >"$work/build.log" || { cat "$work/build.log"; exit 1; }

mock() { # name: the mock with the load model (8 sequences, 200 ms, 40 ms/token, 10 tokens), its truth in $work/name.truth.json
  dotnet "$work/mockhost/MockHost.dll" "$port" 200 40 10 "$work/$1.truth.json" 8 >"$work/$1.mock.log" 2>&1 &
  mock_pid=$!
  pids+=("$mock_pid")
  wait_for "http://127.0.0.1:$port/v1/models"
}

stop_mock() { kill -TERM "$mock_pid"; wait "$mock_pid" 2>/dev/null || true; }

echo "sweep 4..32/s, steps of 1 s warm-up + $step..."
mock sweep
start=$(date +%s)
rc=0
timeout 900 dotnet "$work/load/Rostro.Load.dll" run "$root/load/scenarios/sweep.json" --target "http://127.0.0.1:$port" \
  --sweep 4..32 --sweep-refine 4 --duration "$step" --out "$work/sweep" --progress none >"$work/sweep.log" 2>&1 || rc=$?
[ "$rc" -le 1 ] || { echo "runner failed ($rc):" >&2; cat "$work/sweep.log" >&2; exit 1; }
sweep_seconds=$(( $(date +%s) - start ))
stop_mock

echo "queueing at 20 req/s (10 s)..."
mock queueing
rc=0
timeout 300 dotnet "$work/load/Rostro.Load.dll" run "$here/queueing.json" --target "http://127.0.0.1:$port" --out "$work/queueing" --progress none >"$work/queueing.log" 2>&1 || rc=$?
[ "$rc" -le 1 ] || { echo "runner failed ($rc):" >&2; cat "$work/queueing.log" >&2; exit 1; }
stop_mock

python3 - "$work" "$sweep_seconds" <<'PY'
import json, sys
work, seconds = sys.argv[1], int(sys.argv[2])
capacity = 8 / (0.200 + 9 * 0.040)
sweep = json.load(open(f"{work}/sweep/report.json"))["sweep"]
print()
print(f"## knee (the model's capacity {capacity:.2f} req/s)")
print()
print("| level req/s | verdict | ok req/s | goodput req/s | TTFT p50 ms | TTFT p95 ms | ITL p99 ms |")
print("|---:|---|---:|---:|---:|---:|---:|")
for step in sorted(sweep["steps"], key=lambda s: s["level"]):
    s = step["scenario"]
    print(f"| {step['level']:g} | {'pass' if s['passed'] else 'FAIL'} | {s['throughput']['requests_per_s']['mean']:.2f} | {s['throughput']['goodput_per_s']['mean']:.2f} | {s['ttft_ms']['p50']:.1f} | {s['ttft_ms']['p95']:.1f} | {s['itl_ms']['p99']:.2f} |")
knee = sweep.get("knee")
print()
if knee is None:
    print(f"knee: none ({sweep['outcome']})  — target: within 10 % of {capacity:.2f}: NOT MET")
else:
    off = (knee - capacity) / capacity * 100
    print(f"knee {knee:g} req/s vs model {capacity:.2f} req/s: {off:+.1f} % (target within ±10 %: {'met' if abs(off) <= 10 else 'NOT MET'}); "
          f"goodput at the knee {sweep.get('knee_goodput_per_s', 0):.2f} req/s; {len(sweep['steps'])} steps in {seconds} s")

runner = json.load(open(f"{work}/queueing/report.json"))["scenarios"][0]
truth = json.load(open(f"{work}/queueing.truth.json"))
print()
print("## TTFT under queueing (20 req/s = 1.4 x capacity, 10 s, no warm-up)")
print()
print("| | requests | TTFT p50 ms | TTFT p99 ms |")
print("|---|---:|---:|---:|")
print(f"| runner | {runner['ttft_ms']['count']} | {runner['ttft_ms']['p50']:.1f} | {runner['ttft_ms']['p99']:.1f} |")
print(f"| mock's meter | {truth['ttft_ms']['count']} | {truth['ttft_ms']['p50']:.1f} | {truth['ttft_ms']['p99']:.1f} |")
print(f"| mock's queue wait | {truth['queue_wait_ms']['count']} | {truth['queue_wait_ms']['p50']:.1f} | {truth['queue_wait_ms']['p99']:.1f} |")
diff = runner['ttft_ms']['p50'] - truth['ttft_ms']['p50']
print()
print(f"runner p50 - mock p50 = {diff:+.2f} ms (target within 5 ms: {'met' if abs(diff) <= 5 else 'NOT MET'})")
PY

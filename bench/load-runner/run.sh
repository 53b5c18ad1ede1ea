#!/usr/bin/env bash
# The load runner measured against known answers, in one run, figures side by side:
#   accuracy   — the mock told TTFT 150 ms and 10 ms between tokens (40 tokens): the runner's TTFT/ITL p50 beside the mock's
#                own account of what it sent (its Rostro.MockServer meter), at 20 req/s and at 200 concurrent streams;
#   scheduler  — scheduler lag at 1,000 arrivals/s (GET /v1/models on the mock);
#   efficiency — the runner against wrk on bare Kestrel (bench/mock-throughput/BareKestrel, non-streaming), same 32
#                connections, alternating rounds; and the runner's CPU per streamed event from the accuracy runs.
# Targets (issue 10): TTFT p50 within 5 ms of 150, ITL p50 within 1 ms of 10, scheduler lag p99 < 2 ms, runner >= 0.5 x wrk req/s.
# Usage: bench/load-runner/run.sh [rounds=3]      Needs: wrk (installed with apt-get if missing), python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
port=4031
bare_port=4032

source "$here/../lib/wrk.sh"
bench_init
command -v python3 >/dev/null || { echo "python3 is needed to read the reports" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

echo "building (Release)..."
dotnet build "$root/load/Rostro.Load/Rostro.Load.csproj" -c Release -o "$work/load" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build "$here/MockHost/MockHost.csproj" -c Release -o "$work/mockhost" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build "$root/bench/mock-throughput/BareKestrel/BareKestrel.csproj" -c Release -o "$work/bare" >"$work/build.log" || { cat "$work/build.log"; exit 1; }

runner() { # scenario.json target out-dir
  timeout 300 dotnet "$work/load/Rostro.Load.dll" run "$here/$1" --target "$2" --out "$3" --progress none >"$3.log" 2>&1 || {
    rc=$?; [ "$rc" -eq 1 ] || { echo "runner failed ($rc):" >&2; cat "$3.log" >&2; exit 1; }; }
}

# One mock per accuracy phase, so its truth covers exactly that phase (warm-up included: the mock cannot tell).
accuracy() { # scenario.json name
  dotnet "$work/mockhost/MockHost.dll" "$port" 150 10 40 "$work/$2.truth.json" >"$work/$2.mock.log" 2>&1 &
  local mock=$!
  pids+=("$mock")
  wait_for "http://127.0.0.1:$port/v1/models"
  runner "$1" "http://127.0.0.1:$port" "$work/$2"
  kill -TERM "$mock"; wait "$mock" 2>/dev/null || true
}

echo "accuracy at 20 req/s (25 s)..."
accuracy accuracy-rate.json rate
echo "accuracy at 200 concurrent streams (25 s)..."
accuracy accuracy-streams.json streams

echo "scheduler lag at 1,000 req/s (13 s)..."
dotnet "$work/mockhost/MockHost.dll" "$port" 0 0 1 "$work/lag.truth.json" >"$work/lag.mock.log" 2>&1 &
mock=$!
pids+=("$mock")
wait_for "http://127.0.0.1:$port/v1/models"
runner scheduler-lag.json "http://127.0.0.1:$port" "$work/lag"
curl -fs -H "Authorization: Bearer bench" "http://127.0.0.1:$port/v1/models" >"$work/body.json"
kill -TERM "$mock"; wait "$mock" 2>/dev/null || true

echo "efficiency: runner vs wrk on bare Kestrel, $rounds alternating rounds of 10 s..."
dotnet "$work/bare/BareKestrel.dll" "$bare_port" "$work/body.json" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$bare_port/v1/models"
wrk -t2 -c32 -d3s "http://127.0.0.1:$bare_port/v1/models" >/dev/null
for round in $(seq 1 "$rounds"); do
  wrk -t2 -c32 -d10s -H "Authorization: Bearer bench" "http://127.0.0.1:$bare_port/v1/models" >"$work/wrk.$round.txt"
  runner efficiency.json "http://127.0.0.1:$bare_port" "$work/eff.$round"
  printf '  round %s: wrk %s req/s, runner %s req/s\n' "$round" "$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.$round.txt")" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenarios"][0]["throughput"]["requests_per_s"]["mean"])' "$work/eff.$round/report.json")"
done

python3 - "$work" "$rounds" <<'PY'
import json, re, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def report(name): return json.load(open(f"{work}/{name}/report.json"))
def truth(name): return json.load(open(f"{work}/{name}.truth.json"))

print("\naccuracy — mock told TTFT 150 ms, 10 ms between tokens")
print(f"{'':22}{'TTFT p50':>10}{'mock':>8}{'Δ told':>8}{'TTFT p99':>10}{'mock':>8}{'ITL p50':>9}{'mock':>8}{'Δ told':>8}{'ITL p99':>9}{'mock':>8}{'ok':>7}{'err':>5}  µs CPU/event")
ok = True
for name, label in (("rate", "20 req/s"), ("streams", "200 concurrent")):
    r, t = report(name), truth(name)
    s = r["scenarios"][0]
    dt, di = abs(s["ttft_ms"]["p50"] - 150), abs(s["itl_ms"]["p50"] - 10)
    ok &= dt <= 5 and di <= 1
    print(f"{label:22}{s['ttft_ms']['p50']:>10.2f}{t['ttft_ms']['p50']:>8.2f}{dt:>8.2f}{s['ttft_ms']['p99']:>10.2f}{t['ttft_ms']['p99']:>8.2f}"
          f"{s['itl_ms']['p50']:>9.3f}{t['inter_token_ms']['p50']:>8.3f}{di:>8.3f}{s['itl_ms']['p99']:>9.2f}{t['inter_token_ms']['p99']:>8.2f}"
          f"{s['requests']['ok']:>7}{s['requests']['failed']:>5}  {r['client']['cpu_microseconds_per_event']}")
lag = report("lag")["scenarios"][0]
l = lag["scheduler_lag_ms"]
ok &= l["p99"] < 2
print(f"\nscheduler lag at 1,000 req/s: p50 {l['p50']:.3f} ms, p99 {l['p99']:.3f} ms, p99.9 {l['p999']:.3f} ms, max {l['max']:.2f} ms over {l['count']} arrivals"
      f" ({lag['requests']['ok']} ok, {lag['requests']['failed']} failed, {lag['throughput']['requests_per_s']['mean']:.0f} req/s completed)")
wrk = [float(re.search(r"Requests/sec:\s+([\d.]+)", open(f"{work}/wrk.{i}.txt").read()).group(1)) for i in range(1, rounds + 1)]
run = [report(f"eff.{i}")["scenarios"][0]["throughput"]["requests_per_s"]["mean"] for i in range(1, rounds + 1)]
cpu = [report(f"eff.{i}")["client"]["cpu_microseconds_per_request"] for i in range(1, rounds + 1)]
ratio = statistics.median(run) / statistics.median(wrk)
ok &= ratio >= 0.5
print(f"\nefficiency (32 connections, median of {rounds}): wrk {statistics.median(wrk):,.0f} req/s, runner {statistics.median(run):,.0f} req/s,"
      f" ratio {ratio:.2f} (target >= 0.5); runner CPU {statistics.median(cpu):.1f} µs per request")
print("PASS" if ok else "below target (see the figures above)")
PY
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

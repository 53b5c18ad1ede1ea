#!/usr/bin/env bash
# Your own stubs on the mock (issues 13 and 19): what they cost. GET /v1/models (with a token) with wrk on loopback, side by side:
#   bare       bare Kestrel returning the same bytes (bench/mock-throughput/BareKestrel)
#   0 stubs    the mock from the working tree, no stub loaded
#   10 stubs   ... with 10 stubs loaded (--mappings), none matching /v1/models: target >= 0.8 x the mock with 0 stubs
#   100 stubs  ... with 100: the same target
#   stubbed    GET /stub/0 on the 10-stub mock, a request a stub answers: target >= 0.3 x bare Kestrel
#   before ... the mock built from <before> (a git revision) with the same 10 stubs: GET /v1/models, and GET /stub/0
#   WireMock.Net  the spec as WireMock stubs (src/Rostro.WireMock, 666 generated stubs) on WireMock.Net standalone
#   Java WireMock the same stubs exported, on Java WireMock standalone (npm's wiremock jar; npm ci is run if it is missing)
# Rounds alternate the servers so that other load on the machine hits all alike; the median round of each is reported.
# Usage: bench/user-stubs/run.sh [before=HEAD] [duration=10s] [connections=32] [threads=2] [rounds=3]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
before_rev="${1:-HEAD}"
duration="${2:-10s}"
connections="${3:-32}"
threads="${4:-2}"
rounds="${5:-3}"

source "$here/../lib/wrk.sh"
bench_init

before_sha="$(git -C "$root" rev-parse --short "$before_rev")"
echo "building the mock at $before_rev ($before_sha), from the working tree, and bare Kestrel (Release)..."
build_mock_at "$before_sha" before
build_mock "$root" after
dotnet build "$root/bench/mock-throughput/BareKestrel/BareKestrel.csproj" -c Release -o "$work/bare" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet build "$root/src/Rostro.WireMock/Rostro.WireMock.csproj" -c Release -o "$work/wiremock" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
jar="$(ls "$root"/node_modules/wiremock/build/wiremock-standalone-*.jar 2>/dev/null | tail -1 || true)"
if [ -z "$jar" ]; then
  echo "installing Java WireMock's jar (npm ci)..."
  (cd "$root" && npm ci --no-audit --no-fund >"$work/npm.log" 2>&1) || { cat "$work/npm.log"; exit 1; }
  jar="$(ls "$root"/node_modules/wiremock/build/wiremock-standalone-*.jar | tail -1)"
fi

# N mappings on paths no API request takes (/stub/0 ... /stub/N-1), one file each, as a team's mapping folder holds them.
for n in 10 100; do
  mkdir -p "$work/stubs-$n"
  for i in $(seq 0 $((n - 1))); do
    printf '{ "Title": "stub %s", "Request": { "Path": "/stub/%s", "Methods": ["GET"] }, "Response": { "StatusCode": 200, "Headers": { "Content-Type": "application/json" }, "BodyAsJson": { "stub": %s } } }\n' "$i" "$i" "$i" >"$work/stubs-$n/stub-$i.json"
  done
done

start_mock() { # name dll-folder port [args...]
  local name="$1" folder="$2" port="$3"; shift 3
  dotnet "$work/$folder/Rostro.MockServer.dll" --port "$port" --host 127.0.0.1 "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/v1/models"
}
start_mock before before 4042 --mappings "$work/stubs-10"
start_mock none after 4043
start_mock s10 after 4044 --mappings "$work/stubs-10"
start_mock s100 after 4045 --mappings "$work/stubs-100"
curl -fs -H "Authorization: Bearer bench" "http://127.0.0.1:4043/v1/models" >"$work/body.json"
dotnet "$work/bare/BareKestrel.dll" 4041 "$work/body.json" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:4041/v1/models"
dotnet "$work/wiremock/Rostro.WireMock.dll" --port 4046 >"$work/wmnet.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:4046/v1/models"
dotnet "$work/wiremock/Rostro.WireMock.dll" export "$work/export" >"$work/export.log" 2>&1 || { cat "$work/export.log"; exit 1; }
java -jar "$jar" --root-dir "$work/export" --port 4047 --bind-address 127.0.0.1 --disable-banner --no-request-journal >"$work/wmjava.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:4047/v1/models"

# name → url
declare -A url=(
  [bare]="http://127.0.0.1:4041/v1/models"
  [before]="http://127.0.0.1:4042/v1/models"
  [beforestubbed]="http://127.0.0.1:4042/stub/0"
  [none]="http://127.0.0.1:4043/v1/models"
  [s10]="http://127.0.0.1:4044/v1/models"
  [s100]="http://127.0.0.1:4045/v1/models"
  [stubbed]="http://127.0.0.1:4044/stub/0"
  [wmnet]="http://127.0.0.1:4046/v1/models"
  [wmjava]="http://127.0.0.1:4047/v1/models"
)
declare -A label=([bare]="bare Kestrel" [before]="$before_sha, 10 stubs" [beforestubbed]="$before_sha, stubbed" [none]="mock, 0 stubs" [s10]="mock, 10 stubs" [s100]="mock, 100 stubs" [stubbed]="stubbed request" [wmnet]="WireMock.Net" [wmjava]="Java WireMock")
order=(bare none s10 s100 stubbed before beforestubbed wmnet wmjava)

# Each must answer as expected before anything is measured: the spec's list (the stubs matched nothing), or the stub's body.
for name in before none s10 s100; do
  cmp -s "$work/body.json" <(curl -fs -H "Authorization: Bearer bench" "${url[$name]}") || { echo "$name: GET /v1/models is not the spec's answer" >&2; exit 1; }
done
for name in stubbed beforestubbed; do
  [ "$(curl -fs "${url[$name]}")" = '{"stub":0}' ] || { echo "$name: GET /stub/0 is not the stub's answer" >&2; exit 1; }
done

run_wrk() { # url duration
  wrk -t"$threads" -c"$connections" -d"$2" --latency -H "Authorization: Bearer bench-token" "$1"
}

echo "warming up (3 s each)..."
for name in "${order[@]}"; do run_wrk "${url[$name]}" 3s >/dev/null; done

echo "measuring: $rounds rounds of $duration each, alternating ($connections connections, $threads threads)..."
for round in $(seq 1 "$rounds"); do
  line="  round $round:"
  for name in "${order[@]}"; do
    run_wrk "${url[$name]}" "$duration" >"$work/$name.$round.wrk"
    line+=" $name $(field "$work/$name.$round.wrk" rps)"
  done
  echo "$line"
done

bare_rps="$(field "$(median_round bare "$rounds")" rps)"
printf '\nmedian rounds      %12s %10s %10s %10s\n' "req/s" "p50 ms" "p99 ms" "x bare"
for name in "${order[@]}"; do
  file="$(median_round "$name" "$rounds")"
  rps="$(field "$file" rps)"
  printf '%-18s %12s %10s %10s %10s\n' "${label[$name]}" "$rps" "$(to_ms "$(field "$file" p50)")" "$(to_ms "$(field "$file" p99)")" \
    "$(awk -v r="$rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", r / b }')"
  errors="$(field "$file" errors)"
  [ -n "$errors" ] && echo "  $name: $errors"
done
ratio() { awk -v r="$(field "$(median_round "$1" "$rounds")" rps)" -v b="$(field "$(median_round "$2" "$rounds")" rps)" 'BEGIN { printf "%.2f", r / b }'; }
verdict=PASS
check() { # label value minimum
  local ok; ok="$(awk -v v="$2" -v m="$3" 'BEGIN { print (v >= m) ? "ok" : "BELOW" }')"
  printf '  %-48s %s (target >= %s) %s\n' "$1" "$2" "$3" "$ok"
  [ "$ok" = ok ] || verdict="below target"
}
printf '\ntargets (load average now: %s):\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
check "10 stubs, unstubbed route, x the mock with none" "$(ratio s10 none)" 0.8
check "100 stubs, unstubbed route, x the mock with none" "$(ratio s100 none)" 0.8
check "stubbed request x bare Kestrel" "$(ratio stubbed bare)" 0.3
echo "$verdict"

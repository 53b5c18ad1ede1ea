#!/usr/bin/env bash
# MCP tools against REST: tools/call of a read-only tool (get_project_ratings) against the REST GET it wraps
# (GET /api/project/172700/ratings), on one mock, side by side with wrk on loopback. Target: tools/call >= 0.5 x REST req/s.
# MCP ping, which runs no tool, is measured too: the floor the SDK's Streamable HTTP transport sets.
# One MCP session (initialized once with curl) carries every tools/call, as an agent's client does.
# BEFORE=<git revision> also builds the mock at that revision and measures it in the same rounds, on a port of its own.
# Rounds alternate builds and requests so that other load on the machine hits all alike; the median round of each is reported,
# and the ratio is the median of the rounds' own ratios (a round's REST and tools/call run seconds apart).
# Usage: [BEFORE=<git revision>] bench/mcp-tools/run.sh [duration=10s] [connections=32] [threads=2] [rounds=3]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-10s}"
connections="${2:-32}"
threads="${3:-2}"
rounds="${4:-3}"

source "$here/../lib/wrk.sh"
bench_init

builds=(after)
echo "building (Release)..."
build_mock "$root" after
if [ -n "${BEFORE:-}" ]; then
  build_mock_at "$BEFORE" before
  builds=(before after)
fi

accept=(-H "Content-Type: application/json" -H "Accept: application/json, text/event-stream" -H "Authorization: Bearer bench")
call='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_project_ratings","arguments":{"project_id":172700}}}'
declare -A port
next_port=4030
for build in "${builds[@]}"; do
  port[$build]=$next_port
  next_port=$((next_port + 1))
  dotnet "$work/$build/Rostro.MockServer.dll" --port "${port[$build]}" --host 127.0.0.1 >"$work/$build.log" 2>&1 &
  pids+=($!)
  base="http://127.0.0.1:${port[$build]}"
  wait_for "$base/api/project/172700/ratings"

  session="$(curl -fs -D - -o /dev/null "${accept[@]}" -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' "$base/mcp" \
    | awk -F': ' 'tolower($1) == "mcp-session-id" { gsub(/\r/, "", $2); print $2 }')"
  [ -n "$session" ] || { echo "$build: no MCP session" >&2; exit 1; }
  curl -fs -o /dev/null "${accept[@]}" -H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: 2025-06-18" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$base/mcp"

  for script in call ping; do
    if [ "$script" = call ]; then message="$call"; else message='{"jsonrpc":"2.0","id":1,"method":"ping"}'; fi
    cat >"$work/$build.$script.lua" <<LUA
wrk.method = "POST"
wrk.body = '$message'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
wrk.headers["Mcp-Session-Id"] = "$session"
LUA
  done

  # The same answer both ways, before anything is measured.
  answer="$(curl -fs "${accept[@]}" -H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: 2025-06-18" -d "$call" "$base/mcp")"
  structured="$(printf '%s' "$answer" | sed -n 's/^data: //p' | sed -E 's/.*"structuredContent":(\{.*\}),"_meta".*/\1/')"
  rest_body="$(curl -fs -H "Authorization: Bearer bench" "$base/api/project/172700/ratings")"
  [ "$structured" = "$rest_body" ] || { printf '%s: tools/call does not answer the REST body:\n  tool: %s\n  REST: %s\n' "$build" "$structured" "$rest_body" >&2; exit 1; }
done

run_wrk() { # build request(rest|call|ping) duration
  local base="http://127.0.0.1:${port[$1]}"
  if [ "$2" = rest ]; then
    wrk -t"$threads" -c"$connections" -d"$3" --latency -H "Authorization: Bearer bench" "$base/api/project/172700/ratings"
  else
    wrk -t"$threads" -c"$connections" -d"$3" --latency -s "$work/$1.$2.lua" -H "Authorization: Bearer bench" "$base/mcp"
  fi
}

echo "warming up (5 s each)..."
for build in "${builds[@]}"; do
  for request in rest call ping; do run_wrk "$build" "$request" 5s >/dev/null; done
done

echo "measuring: $rounds rounds of $duration each, alternating (${builds[*]}; $connections connections, $threads threads)..."
for round in $(seq 1 "$rounds"); do
  for build in "${builds[@]}"; do
    for request in rest call ping; do run_wrk "$build" "$request" "$duration" >"$work/$build-$request.$round.wrk"; done
    rest_rps="$(field "$work/$build-rest.$round.wrk" rps)"
    call_rps="$(field "$work/$build-call.$round.wrk" rps)"
    # The round's own ratio: its REST and tools/call ran seconds apart, under the same load from elsewhere.
    awk -v m="$call_rps" -v r="$rest_rps" 'BEGIN { printf "%.3f\n", m / r }' >>"$work/$build.ratios"
    printf '  round %s, %s: REST %s req/s, tools/call %s req/s (%s x), ping %s req/s\n' "$round" "$build" \
      "$rest_rps" "$call_rps" "$(tail -n 1 "$work/$build.ratios")" "$(field "$work/$build-ping.$round.wrk" rps)"
  done
done

verdict=0
for build in "${builds[@]}"; do
  rest_file="$(median_round "$build-rest" "$rounds")"
  ping_file="$(median_round "$build-ping" "$rounds")"
  rest_rps="$(field "$rest_file" rps)"
  ratio="$(sort -n "$work/$build.ratios" | awk '{ r[NR] = $1 } END { printf "%.2f", r[int((NR + 1) / 2)] }')"
  spread="$(sort -n "$work/$build.ratios" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')"
  printf '\n%s%s: median rounds %12s %10s %10s\n' "$build" "$([ "$build" = before ] && echo " ($BEFORE)" || echo " (working tree)")" "req/s" "p50 ms" "p99 ms"
  for request in rest call ping; do
    file="$(median_round "$build-$request" "$rounds")"
    label="$(case "$request" in rest) echo "REST GET" ;; call) echo "MCP tools/call" ;; ping) echo "MCP ping (no tool)" ;; esac)"
    printf '  %-22s %12s %10s %10s\n' "$label" "$(field "$file" rps)" "$(to_ms "$(field "$file" p50)")" "$(to_ms "$(field "$file" p99)")"
    errors="$(field "$file" errors)"
    [ -n "$errors" ] && echo "  $request: $errors"
  done
  printf '  ratio tools/call / REST, median of the rounds: %s (%s; target >= 0.50); ping / REST (median rounds): %s\n' "$ratio" "$spread" "$(awk -v p="$(field "$ping_file" rps)" -v r="$rest_rps" 'BEGIN { printf "%.2f", p / r }')"
  [ "$build" = after ] && ! awk -v r="$ratio" 'BEGIN { exit !(r >= 0.5) }' && verdict=1
done
printf '\nload average now: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$verdict" -eq 0 ]; then echo "PASS"; else echo "below target"; fi

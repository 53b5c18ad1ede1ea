#!/usr/bin/env bash
# MCP tools against REST: tools/call of a read-only tool (get_project_ratings) against the REST GET it wraps
# (GET /api/project/172700/ratings), on one mock, side by side with wrk on loopback. Target: tools/call >= 0.5 x REST req/s.
# MCP ping, which runs no tool, is measured too: the floor the SDK's Streamable HTTP transport sets.
# One MCP session (initialized once with curl) carries every tools/call, as an agent's client does.
# Rounds alternate REST and MCP so that other load on the machine hits both alike; the median round of each is reported.
# Usage: bench/mcp-tools/run.sh [duration=10s] [connections=32] [threads=2] [rounds=3]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-10s}"
connections="${2:-32}"
threads="${3:-2}"
rounds="${4:-3}"
port=4030

source "$here/../lib/wrk.sh"
bench_init

echo "building (Release)..."
build_mock "$root" mock
dotnet "$work/mock/Rostro.MockServer.dll" --port "$port" --host 127.0.0.1 >"$work/mock.log" 2>&1 &
pids+=($!)
rest="http://127.0.0.1:$port/api/project/172700/ratings"
mcp="http://127.0.0.1:$port/mcp"
wait_for "$rest"

accept=(-H "Content-Type: application/json" -H "Accept: application/json, text/event-stream" -H "Authorization: Bearer bench")
session="$(curl -fs -D - -o /dev/null "${accept[@]}" -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' "$mcp" \
  | awk -F': ' 'tolower($1) == "mcp-session-id" { gsub(/\r/, "", $2); print $2 }')"
[ -n "$session" ] || { echo "no MCP session" >&2; exit 1; }
curl -fs -o /dev/null "${accept[@]}" -H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: 2025-06-18" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$mcp"

for script in call ping; do
  if [ "$script" = call ]; then
    message='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_project_ratings","arguments":{"project_id":172700}}}'
  else
    message='{"jsonrpc":"2.0","id":1,"method":"ping"}'
  fi
  cat >"$work/$script.lua" <<LUA
wrk.method = "POST"
wrk.body = '$message'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
wrk.headers["Mcp-Session-Id"] = "$session"
LUA
done
# The same answer both ways, before anything is measured.
answer="$(curl -fs "${accept[@]}" -H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: 2025-06-18" \
  -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_project_ratings","arguments":{"project_id":172700}}}' "$mcp")"
structured="$(printf '%s' "$answer" | sed -n 's/^data: //p' | sed -E 's/.*"structuredContent":(\{.*\}),"_meta".*/\1/')"
rest_body="$(curl -fs -H "Authorization: Bearer bench" "$rest")"
[ "$structured" = "$rest_body" ] || { printf 'tools/call does not answer the REST body:\n  tool: %s\n  REST: %s\n' "$structured" "$rest_body" >&2; exit 1; }

run_wrk() { # name url duration
  if [ "$1" = mcp ] || [ "$1" = ping ]; then
    wrk -t"$threads" -c"$connections" -d"$3" --latency -s "$work/$([ "$1" = mcp ] && echo call || echo ping).lua" -H "Authorization: Bearer bench" "$2"
  else
    wrk -t"$threads" -c"$connections" -d"$3" --latency -H "Authorization: Bearer bench" "$2"
  fi
}

echo "warming up (5 s each)..."
run_wrk rest "$rest" 5s >/dev/null
run_wrk mcp "$mcp" 5s >/dev/null
run_wrk ping "$mcp" 5s >/dev/null

echo "measuring: $rounds rounds of $duration each, alternating ($connections connections, $threads threads)..."
for round in $(seq 1 "$rounds"); do
  run_wrk rest "$rest" "$duration" >"$work/rest.$round.wrk"
  run_wrk mcp "$mcp" "$duration" >"$work/mcp.$round.wrk"
  run_wrk ping "$mcp" "$duration" >"$work/ping.$round.wrk"
  printf '  round %s: REST %s req/s, tools/call %s req/s, ping %s req/s\n' "$round" "$(field "$work/rest.$round.wrk" rps)" "$(field "$work/mcp.$round.wrk" rps)" "$(field "$work/ping.$round.wrk" rps)"
done

rest_file="$(median_round rest "$rounds")"
mcp_file="$(median_round mcp "$rounds")"
ping_file="$(median_round ping "$rounds")"
rest_rps="$(field "$rest_file" rps)"
mcp_rps="$(field "$mcp_file" rps)"
ratio="$(awk -v m="$mcp_rps" -v r="$rest_rps" 'BEGIN { printf "%.2f", m / r }')"

printf '\nmedian rounds          %12s %10s %10s\n' "req/s" "p50 ms" "p99 ms"
printf '%-22s %12s %10s %10s\n' "REST GET" "$rest_rps" "$(to_ms "$(field "$rest_file" p50)")" "$(to_ms "$(field "$rest_file" p99)")"
printf '%-22s %12s %10s %10s\n' "MCP tools/call" "$mcp_rps" "$(to_ms "$(field "$mcp_file" p50)")" "$(to_ms "$(field "$mcp_file" p99)")"
printf '%-22s %12s %10s %10s\n' "MCP ping (no tool)" "$(field "$ping_file" rps)" "$(to_ms "$(field "$ping_file" p50)")" "$(to_ms "$(field "$ping_file" p99)")"
printf '\nratio tools/call / REST: %s (target >= 0.50); ping / REST: %s; load average now: %s\n' "$ratio" "$(awk -v p="$(field "$ping_file" rps)" -v r="$rest_rps" 'BEGIN { printf "%.2f", p / r }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
for name in rest mcp ping; do
  errors="$(field "$(median_round "$name" "$rounds")" errors)"
  [ -n "$errors" ] && echo "$name: $errors"
done
if awk -v r="$ratio" 'BEGIN { exit !(r >= 0.5) }'; then echo "PASS"; else echo "below target"; fi

#!/usr/bin/env bash
# Validated-request throughput: the mock built from <before> (a git revision) and from the working tree, side by side
# with wrk on loopback, on three requests: GET /v1/models (no validation, the baseline), POST /tags (a 35-byte body
# validated against TagsQuery; once with one token, once with 32, so the one token's world lock shows apart from
# validation) and POST /v1/chat/completions (CreateChatCompletionRequest, one output token, no delays).
# Target (issue 12): a small validated POST at >= 0.6 x the same build's GET req/s, with p99 under 10 ms.
# Rounds alternate before/after so other load on the machine hits both alike; the median round of each is reported.
# Usage: bench/validation-throughput/run.sh [before=HEAD] [duration=10s] [connections=32] [threads=2] [rounds=3]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
before_rev="${1:-HEAD}"
duration="${2:-10s}"
connections="${3:-32}"
threads="${4:-2}"
rounds="${5:-3}"
before_port=4030
after_port=4031

source "$here/../lib/wrk.sh"
bench_init

start_before_after "$before_rev" "$before_port" "$after_port"

write_script models GET /v1/models ""
write_script tags POST /tags '{"namespace":"creatures","limit":10}'
# The same POST from 32 callers (a token per connection): no two requests wait for one world's lock.
cat >"$work/tags-32-tokens.lua" <<'LUA'
local connections = 0
function setup(thread) connections = connections + 1; thread:set("id", connections) end
function init(args) n = 0 end
function request()
  n = n + 1
  return wrk.format("POST", "/tags", {["Authorization"] = "Bearer bench-" .. id .. "-" .. (n % 16), ["Content-Type"] = "application/json"}, [[{"namespace":"creatures","limit":10}]])
end
LUA
write_script chat POST /v1/chat/completions '{"model":"mythomax","messages":[{"role":"user","content":"Hello there"}],"max_tokens":1}' \
  "X-Mock-Output-Tokens: 1" "X-Mock-Ttft-Ms: 0" "X-Mock-Inter-Token-Ms: 0"
requests=(models tags tags-32-tokens chat)

# Every request must succeed on both builds before anything is measured.
for side in before after; do
  port="$([ "$side" = before ] && echo "$before_port" || echo "$after_port")"
  for request in "${requests[@]}"; do
    wrk -t1 -c1 -d1s -s "$work/$request.lua" "http://127.0.0.1:$port" >"$work/check.wrk"
    if grep -q "Non-2xx" "$work/check.wrk"; then echo "$side: $request answers non-2xx" >&2; exit 1; fi
  done
done

echo "warming up (3 s per request and build)..."
for request in "${requests[@]}"; do
  for port in "$before_port" "$after_port"; do
    wrk -t"$threads" -c"$connections" -d3s -s "$work/$request.lua" "http://127.0.0.1:$port" >/dev/null
  done
done

echo "measuring: $rounds rounds of $duration per request and build, alternating ($connections connections, $threads threads)..."
for round in $(seq 1 "$rounds"); do
  for request in "${requests[@]}"; do
    for side in before after; do
      port="$([ "$side" = before ] && echo "$before_port" || echo "$after_port")"
      wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/$request.lua" "http://127.0.0.1:$port" >"$work/$side.$request.$round.wrk"
    done
    printf '  round %s %-6s before %10s req/s   after %10s req/s\n' "$round" "$request" \
      "$(field "$work/before.$request.$round.wrk" rps)" "$(field "$work/after.$request.$round.wrk" rps)"
  done
done

printf '\nmedian rounds (before = %s, after = working tree)\n' "$before_sha"
printf '%-28s %12s %9s %10s   %12s %9s %10s\n' "request" "before req/s" "p99 ms" "x GET" "after req/s" "p99 ms" "x GET"
pass=1
for request in "${requests[@]}"; do
  line="$(printf '%-28s' "$request")"
  for side in before after; do
    file="$(median_round "$side.$request" "$rounds")"
    rps="$(field "$file" rps)"
    get_rps="$(field "$(median_round "$side.models" "$rounds")" rps)"
    p99="$(to_ms "$(field "$file" p99)")"
    ratio="$(awk -v r="$rps" -v g="$get_rps" 'BEGIN { printf "%.2f", r / g }')"
    line+="$(printf ' %12s %9s %10s  ' "$rps" "$p99" "$ratio")"
    errors="$(field "$file" errors)"
    [ -n "$errors" ] && echo "$side $request: $errors"
    if [ "$side" = after ] && [ "$request" != models ] && ! awk -v r="$ratio" -v p="$p99" 'BEGIN { exit !(r >= 0.6 && p < 10) }'; then pass=0; fi
  done
  echo "$line"
done
printf '\ntarget: each validated POST >= 0.60 x GET req/s with p99 < 10 ms (after); load average now: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$pass" = 1 ]; then echo "PASS"; else echo "below target"; fi

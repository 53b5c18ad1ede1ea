#!/usr/bin/env bash
# The wire models (issue 18): the mock's handlers answer and read the spec's generated models (Rostro.Wire) instead of
# hand-built JSON nodes. What that costs, side by side in one run, with wrk on loopback, against the mock built from
# <before> (a git revision from before the change; default eb189fe):
#   account     GET /api/account                        an Account model written
#   search      GET /search                             a page of 20 ProjectSummary models
#   lore        POST /lore {"query": ...}               a LoreQuery read, LoreResults written
#   chat        POST /v1/chat/completions (20 tokens)   a CreateChatCompletionRequest read (timing off: --ttft-ms 0 --inter-token-ms 0)
# Target: every path >= 0.95 x before (no regression beyond the noise of a shared 2-core machine).
# Rounds alternate the two mocks so that other load on the machine hits both alike; the median round of each is reported.
# Usage: bench/wire-models/run.sh [before=eb189fe] [duration=5s] [connections=32] [threads=2] [rounds=3]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
before_rev="${1:-eb189fe}"
duration="${2:-5s}"
connections="${3:-32}"
threads="${4:-2}"
rounds="${5:-3}"
before_port=4030
after_port=4031

source "$here/../lib/wrk.sh"
bench_init

start_before_after "$before_rev" "$before_port" "$after_port" --ttft-ms 0 --inter-token-ms 0

write_script account GET /api/account ""
write_script search GET /search ""
write_script lore POST /lore '{"query": "dragon history of the world"}'
write_script chat POST /v1/chat/completions '{"model": "mythomax", "messages": [{"role": "system", "content": "You are a bard."}, {"role": "user", "content": "Tell me about dragons."}], "max_completion_tokens": 20}' \
  "X-Mock-Output-Tokens: 20"
names=(account search lore chat)

run_wrk() { # name port duration
  wrk -t"$threads" -c"$connections" -d"$3" --latency -s "$work/$1.lua" "http://127.0.0.1:$2"
}

# Same bodies from both (the answers are deterministic): a changed shape would make the comparison meaningless.
for path in /api/account /search; do
  cmp -s <(curl -fs -H "Authorization: Bearer bench-token" "http://127.0.0.1:$before_port$path" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))') \
         <(curl -fs -H "Authorization: Bearer bench-token" "http://127.0.0.1:$after_port$path" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))') \
    || echo "note: $path answers differ between the two mocks (see bench/README.md: optional fields without a value are left off now)"
done

echo "warming up (3 s each)..."
for name in "${names[@]}"; do
  run_wrk "$name" "$before_port" 3s >/dev/null
  run_wrk "$name" "$after_port" 3s >/dev/null
done

echo "measuring: $rounds rounds of $duration per path and mock, alternating ($connections connections, $threads threads)..."
for round in $(seq 1 "$rounds"); do
  for name in "${names[@]}"; do
    run_wrk "$name" "$before_port" "$duration" >"$work/$name-before.$round.wrk"
    run_wrk "$name" "$after_port" "$duration" >"$work/$name-after.$round.wrk"
    for side in before after; do
      errors="$(field "$work/$name-$side.$round.wrk" errors)"
      [ -z "$errors" ] || { echo "$name ($side) answered errors: $errors" >&2; exit 1; }
    done
  done
  echo "  round $round done"
done

printf '\n%-10s %14s %14s %8s %12s %12s\n' "path" "before req/s" "after req/s" "ratio" "before p99" "after p99"
verdict=0
for name in "${names[@]}"; do
  b="$(median_round "$name-before" "$rounds")"
  a="$(median_round "$name-after" "$rounds")"
  ratio="$(awk -v a="$(field "$a" rps)" -v b="$(field "$b" rps)" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-10s %14s %14s %8s %10s ms %10s ms\n' "$name" "$(field "$b" rps)" "$(field "$a" rps)" "$ratio" "$(to_ms "$(field "$b" p99)")" "$(to_ms "$(field "$a" p99)")"
  awk -v r="$ratio" 'BEGIN { exit !(r >= 0.95) }' || verdict=1
done
echo
[ "$verdict" -eq 0 ] && echo "target met: every path >= 0.95 x before ($before_sha)" || echo "target missed on a path above (< 0.95 x before)"

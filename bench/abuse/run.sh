#!/usr/bin/env bash
# The abusive requests of issue 11, against a Release build of the mock on loopback, with the mock's RSS after each:
#   1. 20,000 scene tips of 6,000 characters on one scene (wrk, unique tips);
#   2. twelve assets with a 20 MB metadata part each;
#   3. four completions at once asking for n=128 x outputTokens=100000 with logprobs.
# Prints each phase's status counts and the mock's RSS (VmRSS now, VmHWM peak). Usage: bench/abuse/run.sh [build-dir]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port=4030
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build="${1:-}"
if [ -z "$build" ]; then
  build="$work/mock"
  dotnet build "$root/src/Rostro.MockServer/Rostro.MockServer.csproj" -c Release -o "$build" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
fi

dotnet "$build/Rostro.MockServer.dll" --port "$port" --ttft-ms 0 --inter-token-ms 0 >"$work/mock.log" 2>&1 &
pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -fs -o /dev/null -H "Authorization: Bearer abuse" "$url/v1/models" && break; sleep 0.1; done

rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %d MiB  ", $1, $2 / 1024}' "/proc/$pid/status"; echo; }
echo "idle:            $(rss)"

cat >"$work/tips.lua" <<'LUA'
local n = 0
local pad = string.rep("t", 6000)
request = function()
  n = n + 1
  return wrk.format("POST", "/engine/api/editor/scene/scene-abuse/tips/" .. n .. pad, { ["Authorization"] = "Bearer abuse" })
end
local statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function() end
LUA
# wrk cannot stop after N requests; 4 connections for a few seconds send well over 20,000 at this machine's rate.
wrk -t1 -c4 -d8s -s "$work/tips.lua" "$url" >"$work/tips.out" 2>&1 || true
echo "scene tips:      $(awk '/requests in/ {print $1, "requests"}' "$work/tips.out"); $(grep -E 'Non-2xx' "$work/tips.out" || echo 'all 2xx')"
echo "                 $(rss)"

head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'm' >"$work/metadata.txt"
codes=""
for i in $(seq 1 12); do
  codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer abuse' -F "file=asset $i" -F "metadata=<$work/metadata.txt" "$url/engine/api/assets")"
done
echo "asset metadata: $codes"
echo "                 $(rss)"

body='{"model":"mythomax","messages":[{"role":"user","content":"Hi"}],"n":128,"logprobs":true,"top_logprobs":20}'
curls=()
for i in 1 2 3 4; do
  curl -s -o /dev/null -w "%{http_code} %{size_download}B\n" -H 'Authorization: Bearer abuse' -H 'Content-Type: application/json' \
    -H 'X-Mock-Output-Tokens: 100000' -d "$body" "$url/v1/chat/completions" >"$work/big.$i.code" &
  curls+=($!)
done
highest=0
alive() { for c in "${curls[@]}"; do kill -0 "$c" 2>/dev/null && return 0; done; return 1; }
while alive; do
  now="$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")"; [ "$now" -gt "$highest" ] && highest=$now
  sleep 0.2
done
wait "${curls[@]}" || true
echo "huge completions: $(cat "$work"/big.*.code | tr '\n' ' ')"
echo "                 $(rss)(highest sampled during: $highest MiB)"
grep -c "Unhandled" "$work/mock.log" | sed 's/^/unhandled exceptions logged: /'

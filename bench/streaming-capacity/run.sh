#!/usr/bin/env bash
# Streaming capacity of the mock: starts it (Release) on 127.0.0.1, runs the client at each level, stops it.
# Each level first runs floor.c (same connections and timing, kernel only), then the mock with the C# client, then the
# mock with sse_client.c (floor.c's receiver speaking HTTP), so that the three compare side by side.
# Usage: bench/streaming-capacity/run.sh [levels=500,1000,2000,5000] [interMs=20] [ttftMs=200] [holdSeconds=6] [opensPerSecond=250]
# BEFORE=<git revision> first runs the same levels against the mock built at that revision (before/after in one run).
# MOCK_ENV="NAME=value ..." sets environment variables for the mock alone, CLIENT_ENV for the C# client alone (runtime
# switches, to measure what each buys).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
levels="${1:-500,1000,2000,5000}"; inter="${2:-20}"; ttft="${3:-200}"; hold="${4:-6}"; opens="${5:-250}"
port="${BENCH_PORT:-4399}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work="$(mktemp -d)"
mock=""
cleanup() {
  [ -n "$mock" ] && kill "$mock" 2>/dev/null || true
  [ -d "$work/before-src" ] && git -C "$root" worktree remove --force "$work/before-src" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build src/Rostro.MockServer -c Release -nologo -v:q >/dev/null
dotnet build bench/streaming-capacity -c Release -nologo -v:q >/dev/null
command -v gcc >/dev/null || { echo "gcc is needed for the floor (apt-get install gcc)" >&2; exit 1; }
mkdir -p bench/streaming-capacity/bin
gcc -O2 -Wall -Wextra -pthread -o bench/streaming-capacity/bin/floor bench/streaming-capacity/floor.c
gcc -O2 -Wall -Wextra -o bench/streaming-capacity/bin/sse_client bench/streaming-capacity/sse_client.c

levels_against() { # mock dll, title
  echo
  echo "### $2"
  env ${MOCK_ENV:-} dotnet "$1" --port "$port" --ttft-ms "$ttft" --inter-token-ms "$inter" >/tmp/streaming-capacity-mock.log 2>&1 &
  mock=$!
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null -H "Authorization: Bearer bench" "http://127.0.0.1:$port/v1/models" && break
    sleep 0.2
  done
  curl -fs -o /dev/null -H "Authorization: Bearer bench" "http://127.0.0.1:$port/v1/models" \
    || { echo "the mock did not start (its log: /tmp/streaming-capacity-mock.log):" >&2; cat /tmp/streaming-capacity-mock.log >&2; exit 1; }

  # Bounded: each level lasts about 3 x (ramp (streams / opensPerSecond) + hold) + TTFT; killed after 10 minutes.
  timeout 600 env ${CLIENT_ENV:-} dotnet bench/streaming-capacity/bin/Release/net10.0/StreamingCapacity.dll "http://127.0.0.1:$port" "$mock" \
    "$levels" "$inter" "$ttft" "$hold" "$opens" bench/streaming-capacity/bin/floor bench/streaming-capacity/bin/sse_client
  kill "$mock" 2>/dev/null || true
  wait "$mock" 2>/dev/null || true
  mock=""
}

if [ -n "${BEFORE:-}" ]; then
  sha="$(git rev-parse --short "$BEFORE")"
  git worktree add --detach --quiet "$work/before-src" "$sha"
  dotnet build "$work/before-src/src/Rostro.MockServer" -c Release -nologo -v:q -o "$work/before" >/dev/null
  levels_against "$work/before/Rostro.MockServer.dll" "the mock at $sha (before)"
fi
levels_against src/Rostro.MockServer/bin/Release/net10.0/Rostro.MockServer.dll "the mock from the working tree$([ -n "${BEFORE:-}" ] && echo " (after)")"

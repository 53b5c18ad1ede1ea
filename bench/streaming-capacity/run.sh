#!/usr/bin/env bash
# Streaming capacity of the mock: starts it (Release) on 127.0.0.1, runs the client at each level, stops it.
# Each level first runs floor.c (same connections and timing, kernel only) so the two compare side by side.
# Usage: bench/streaming-capacity/run.sh [levels=500,1000,2000,5000] [interMs=20] [ttftMs=200] [holdSeconds=6] [opensPerSecond=250]
set -euo pipefail
cd "$(dirname "$0")/../.."
levels="${1:-500,1000,2000,5000}"; inter="${2:-20}"; ttft="${3:-200}"; hold="${4:-6}"; opens="${5:-250}"
port="${BENCH_PORT:-4399}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dotnet build src/Rostro.MockServer -c Release -nologo -v:q >/dev/null
dotnet build bench/streaming-capacity -c Release -nologo -v:q >/dev/null
command -v gcc >/dev/null || { echo "gcc is needed for the floor (apt-get install gcc)" >&2; exit 1; }
mkdir -p bench/streaming-capacity/bin
gcc -O2 -Wall -Wextra -pthread -o bench/streaming-capacity/bin/floor bench/streaming-capacity/floor.c

dotnet src/Rostro.MockServer/bin/Release/net10.0/Rostro.MockServer.dll --port "$port" --ttft-ms "$ttft" --inter-token-ms "$inter" >/tmp/streaming-capacity-mock.log 2>&1 &
mock=$!
trap 'kill "$mock" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs -o /dev/null -H "Authorization: Bearer bench" "http://127.0.0.1:$port/v1/models" && break
  sleep 0.2
done

# Bounded: each level lasts about ramp (streams / opensPerSecond) + hold + TTFT; the whole run is killed after 10 minutes.
timeout 600 dotnet bench/streaming-capacity/bin/Release/net10.0/StreamingCapacity.dll "http://127.0.0.1:$port" "$mock" "$levels" "$inter" "$ttft" "$hold" "$opens" bench/streaming-capacity/bin/floor

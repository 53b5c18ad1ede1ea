#!/usr/bin/env bash
# Runs every shell block of README.md as it is written, in order, from the repository's root, and fails when a command
# fails. Called by .ci/run after the build (npm ci has run; java and node are on PATH).
#
# What it adds to the blocks, and nothing else:
#  - a command that starts a server a reader leaves running in a terminal (`dotnet run --project src/Rostro.MockServer`,
#    `dotnet run --project src/Rostro.WireMock` other than `export`, `java -jar`, with or without a trailing `&`) is
#    started in the background, and the next command waits until its port answers (--port N, else the mock's 4010 and
#    WireMock's 8080); every server a block started is stopped when the block ends;
#  - a block that talks to 127.0.0.1:4010 without starting the mock there itself gets the mock (the README's first
#    command) for its duration, as a reader who followed the README has one running;
#  - `npx` runs where .ci pins its npm tools (.ci/mcp-conformance), on the Node 22 the npm package `node` ships;
#  - `dotnet test` also writes TRX into $README_RESULTS/block-N (for .ci/run's counts), through MSBuild's VSTestLogger.
# Servers are started from the block's own shell (not inside $( ) or a pipeline), so that they are stopped with it.
# A block preceded by the line `<!-- not run by CI: <reason> -->` or `<!-- run by .ci/run: <how> -->` is not run here,
# and the line is printed.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="${README_RESULTS:-$root/artifacts/readme-commands}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
conformance="$root/.ci/mcp-conformance"

# Each ```sh block into block-<n>.sh; its first line number and the not-run reason (if any) into block-<n>.meta.
awk -v dir="$work" '
  /^[[:space:]]*<!-- (not run by CI|run by \.ci\/run): .* -->$/ { reason = $0; sub(/^[[:space:]]*<!-- /, "", reason); sub(/ -->$/, "", reason); next }
  /^[[:space:]]*```(sh|bash)$/ { n++; file = dir "/block-" n ".sh"; match($0, /^[[:space:]]*/); indent = RLENGTH
    printf "%d\t%s\n", NR, reason > (dir "/block-" n ".meta"); inside = 1; reason = ""; next }
  /^[[:space:]]*```/ { inside = 0; reason = ""; next }
  inside { print substr($0, indent + 1) > file; next }
  /[^[:space:]]/ { reason = "" }
' README.md

cat >"$work/prelude.sh" <<'PRELUDE'
set -eo pipefail
servers=()
stop_servers() { # every process of each server's group, until the group is gone (dotnet run's app outlives the CLI)
  for pid in "${servers[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do for ((i = 0; i < 100; i++)); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done; kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_servers EXIT
wait_port() { # port pid
  for ((i = 0; i < 900; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "readme-commands: the server for port $1 exited" >&2; return 1; }
    sleep 0.2
  done
  echo "readme-commands: nothing answered on port $1 after 3 minutes" >&2
  return 1
}
port_of() { # default args...
  local default="$1" previous=""; shift
  for arg in "$@"; do [ "$previous" = "--port" ] && { echo "$arg"; return; }; previous="$arg"; done
  echo "$default"
}
serve() { # port command...
  local port="$1"; shift
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "readme-commands: port $port is taken before $* starts" >&2; return 1; fi
  # setsid runs the program itself (not this script's functions), in its own process group, stopped whole at the end.
  setsid "$@" >"$README_WORK/server-$port.log" 2>&1 &
  servers+=($!)
  wait_port "$port" "$!" || { cat "$README_WORK/server-$port.log" >&2; return 1; }
  echo "readme-commands: $* is answering on port $port"
}
dotnet() {
  if [ "${1:-}" = run ] && [ "${2:-}" = --project ] && [[ "${3:-}" == src/Rostro.MockServer* ]]; then
    serve "$(port_of 4010 "$@")" dotnet "$@"
  elif [ "${1:-}" = run ] && [ "${2:-}" = --project ] && [[ "${3:-}" == src/Rostro.WireMock* ]] && [[ " $* " != *" export "* ]]; then
    serve "$(port_of 8080 "$@")" dotnet "$@"
  elif [ "${1:-}" = test ]; then
    README_TEST=$((README_TEST + 1))
    VSTestLogger=trx VSTestResultsDirectory="$README_RESULTS/block-$README_BLOCK-$README_TEST" command dotnet "$@"
  else
    command dotnet "$@"
  fi
}
java() {
  if [ "${1:-}" = -jar ]; then serve "$(port_of 8080 "$@")" java "$@"; else command java "$@"; fi
}
npx() { (cd "$README_CONFORMANCE" && PATH="$README_CONFORMANCE/node_modules/node/bin:$README_CONFORMANCE/node_modules/.bin:$PATH" command npx "$@"); }
README_TEST=0
PRELUDE

# Whether a block starts the mock on 4010 itself (a mock started with no --port listens there).
starts_mock_on_4010() {
  awk '/^dotnet run --project src\/Rostro\.MockServer/ && (/--port 4010( |$)/ || !/--port/) { found = 1 } END { exit !found }' "$1"
}

failed=0
ran=0
blocks="$(ls "$work"/block-*.meta | wc -l)"
for ((n = 1; n <= blocks; n++)); do
  meta="$work/block-$n.meta"
  IFS=$'\t' read -r line reason <"$meta"
  block="$work/block-$n.sh"
  echo "::group::README block $n (line $line)"
  if [ -n "$reason" ]; then
    echo "$reason"
    sed 's/^/  /' "$block"
    echo "::endgroup::"
    continue
  fi

  # A server's trailing & is the prelude's to add (so that the next command waits for it).
  sed -E 's/^((dotnet run --project src\/Rostro\.(MockServer|WireMock)|java -jar) .*[^&])[[:space:]]*&[[:space:]]*(#.*)?$/\1/' "$block" >"$work/run-$n.sh"
  {
    cat "$work/prelude.sh"
    if grep -q '127\.0\.0\.1:4010' "$block" && ! starts_mock_on_4010 "$block"; then
      echo 'serve 4010 dotnet src/Rostro.MockServer/bin/Release/net10.0/Rostro.MockServer.dll'
    fi
    cat "$work/run-$n.sh"
  } >"$work/script-$n.sh"
  sed 's/^/  /' "$block"
  ran=$((ran + 1))
  if README_WORK="$work" README_RESULTS="$results" README_BLOCK="$n" README_CONFORMANCE="$conformance" bash "$work/script-$n.sh"; then
    echo "README block $n (line $line): passed"
  else
    echo "::error::README block $n (line $line) failed" >&2
    failed=$((failed + 1))
  fi
  echo "::endgroup::"
done

echo "README commands: $ran blocks run, $failed failed"
[ "$failed" -eq 0 ] && [ "$ran" -gt 0 ]

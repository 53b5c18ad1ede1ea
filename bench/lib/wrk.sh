# Shared by the wrk benches (source it): wrk installed, servers waited for, wrk's figures read, median rounds picked.
# Each bench sets $work (its scratch folder) before calling these.

ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "installing wrk (apt-get)..."
    local sudo_=""
    [ "$(id -u)" -ne 0 ] && sudo_="sudo"
    $sudo_ apt-get install -y wrk >/dev/null || { $sudo_ apt-get update >/dev/null && $sudo_ apt-get install -y wrk >/dev/null; }
  fi
}

wait_for() { # url → returns once it answers 2xx (30 s at most)
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null -H "Authorization: Bearer bench" "$1" && return 0
    sleep 0.1
  done
  echo "server at $1 did not start" >&2
  exit 1
}

field() { # wrk output file, label → value as wrk prints it
  case "$2" in
    rps) awk '/^Requests\/sec:/ {print $2}' "$1" ;;
    p50) awk '$1 == "50%" {print $2}' "$1" ;;
    p99) awk '$1 == "99%" {print $2}' "$1" ;;
    errors) awk '/Non-2xx|Socket errors/ {print}' "$1" ;;
  esac
}

to_ms() { # wrk latency (412.00us, 1.20ms, 1.01s) → milliseconds
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else print v }'
}

median_round() { # name (files $work/<name>.<round>.wrk), rounds → the file of the median req/s
  for round in $(seq 1 "$2"); do
    echo "$(field "$work/$1.$round.wrk" rps) $work/$1.$round.wrk"
  done | sort -n | awk '{ files[NR] = $2 } END { print files[int((NR + 1) / 2)] }'
}

stop_all() { # the trap of every bench: kill the servers it started ($pids), drop its worktree and scratch folder
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -d "$work/before-src" ] && git -C "$root" worktree remove --force "$work/before-src" 2>/dev/null || true
  rm -rf "$work"
}

build_mock() { # project-folder out → the mock built in Release into $work/<out>
  dotnet build "$1/src/Rostro.MockServer/Rostro.MockServer.csproj" -c Release -o "$work/$2" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
}

build_mock_at() { # revision out → the mock of that git revision (a temporary worktree, removed by stop_all) into $work/<out>
  git -C "$root" worktree add --detach --quiet "$work/before-src" "$1"
  build_mock "$work/before-src" "$2"
}

bench_init() { # the start of every bench: a scratch folder ($work), no servers yet ($pids), cleaned up on exit, wrk at hand
  work="$(mktemp -d)"
  pids=()
  trap stop_all EXIT
  ensure_wrk
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
}

start_before_after() { # revision before_port after_port [mock option...] → the mock of <revision> ($before_sha) and of the working tree, started and answering
  before_sha="$(git -C "$root" rev-parse --short "$1")"
  local before_port="$2" after_port="$3"; shift 3
  echo "building the mock at $before_sha and from the working tree (Release)..."
  build_mock_at "$before_sha" before
  build_mock "$root" after
  local side port
  for side in before after; do
    port="$([ "$side" = before ] && echo "$before_port" || echo "$after_port")"
    dotnet "$work/$side/Rostro.MockServer.dll" --port "$port" --host 127.0.0.1 "$@" >"$work/$side.log" 2>&1 &
    pids+=($!)
    wait_for "http://127.0.0.1:$port/v1/models"
  done
}

write_script() { # name method path body [header...] → $work/<name>.lua: one request (the bearer token is the same for every request)
  local name="$1" method="$2" path="$3" body="$4"; shift 4
  {
    echo "wrk.method = \"$method\""
    echo "wrk.path = \"$path\""
    [ -n "$body" ] && printf 'wrk.body = [[%s]]\n' "$body"
    echo 'wrk.headers["Authorization"] = "Bearer bench-token"'
    [ -n "$body" ] && echo 'wrk.headers["Content-Type"] = "application/json"'
    for header in "$@"; do printf 'wrk.headers["%s"] = "%s"\n' "${header%%:*}" "${header#*: }"; done
  } >"$work/$name.lua"
}

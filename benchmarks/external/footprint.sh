#!/usr/bin/env bash
# B7 footprint: the supervisor's own weight beside idle children, and its start-up to the first child, side by side
# with supervisord, PM2 and Foreman in the same run.
#   idle:     CHILDREN `sleep` children (each count in turn), supervised by `supervise` (JIT: the dotnet tool's build;
#             AOT: eng/publish-supervise.sh), supervisord and PM2 (fork mode). Once every child runs and SETTLE seconds
#             passed, the supervisor's own CPU time (utime + stime of /proc/PID/stat) is read, again IDLE seconds later;
#             then its threads and RSS (/proc/PID/status). PM2: its daemon ("God") process, not the CLI.
#   start-up: from the supervisor's exec to its first child running (the child writes the time), median of RUNS:
#             `supervise` JIT and AOT, Foreman, supervisord and PM2 (a cold start: its daemon starts too).
# Not part of CI (minutes long). Installs supervisord, Foreman and clang (apt-get) and PM2 (npm) when absent.
# Environment: CHILDREN ("10 100"), IDLE (60), SETTLE (5), RUNS (5); NO_PUBLISH=1 reuses the AOT build in artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

counts=${CHILDREN:-10 100}
idle=${IDLE:-60}
settle=${SETTLE:-5}
runs=${RUNS:-5}
work=$(mktemp -d)
export PM2_HOME=$work/pm2
background=""
cleanup() {
  # Only what this script started: its supervisor by pid, PM2's daemon through its own home.
  [ -n "$background" ] && kill -KILL "$background" 2>/dev/null || true
  command -v pm2 >/dev/null 2>&1 && pm2 kill >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

. benchmarks/external/common.sh
need foreman ruby-foreman
need supervisord supervisor
need clang clang
command -v pm2 >/dev/null 2>&1 || npm install -g pm2 >/dev/null 2>&1
dpkg -s zlib1g-dev >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zlib1g-dev >/dev/null

# JIT: the framework-dependent build the dotnet tool packs, started through its apphost; AOT: the release script's.
dotnet build samples/ProcfileRunner -c Release -warnaserror --nologo -v quiet
jit=$PWD/samples/ProcfileRunner/bin/Release/net10.0/supervise
[ -n "${NO_PUBLISH:-}" ] || bash eng/publish-supervise.sh > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
aot=$PWD/artifacts/supervise-$(case $(uname -m) in aarch64) echo linux-arm64 ;; *) echo linux-x64 ;; esac)/supervise

ticks=$(getconf CLK_TCK)
now_us() { echo "${EPOCHREALTIME/./}"; }
# utime + stime in ms; fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name.
cpu_ms() { sed 's/^.*) //' "/proc/$1/stat" | awk -v t="$ticks" '{ printf "%d", ($12 + $13) * 1000 / t }'; }
status_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# Waits until $1 has $2 `sleep` children, 120 s at most.
wait_children() {
  local deadline=$((SECONDS + 120))
  until [ "$(pgrep -c -P "$1" -x sleep || true)" -ge "$2" ]; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $2 children of $1" >&2; exit 1; }
    sleep 0.1
  done
}

supervisord_conf() { # file program count command
  supervisord_header > "$1"
  cat >> "$1" <<CONF
[program:$2]
command=$4
process_name=%(program_name)s_%(process_num)03d
numprocs=$3
startsecs=0
CONF
}
pm2_ecosystem() { # file count script args
  {
    echo "module.exports = { apps: ["
    for i in $(seq "$2"); do
      echo "  { name: 'sleep-$i', script: '$3', args: '$4', interpreter: 'none', exec_mode: 'fork', autorestart: true },"
    done
    echo "] };"
  } > "$1"
}

results=$work/idle.txt
: > "$results"
# Records one idle measurement of the supervisor $2 (pid) under the name $1 with $3 children.
measure_idle() {
  local name=$1 pid=$2 n=$3
  wait_children "$pid" "$n"
  sleep "$settle"
  local start from to
  start=$(cpu_ms "$pid")
  from=$start
  sleep "$idle"
  to=$(cpu_ms "$pid")
  printf '%s %s %s %s %s %s\n' "$name" "$n" "$((to - from))" "$(status_field "$pid" Threads)" "$(status_field "$pid" VmRSS)" "$start" >> "$results"
  echo "$name, $n children: $((to - from)) ms CPU over ${idle} s idle, $(status_field "$pid" Threads) threads, $(status_field "$pid" VmRSS) kB RSS, $start ms CPU to start them"
}

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(supervisord --version | sed 's/^/supervisord /'); pm2 $(pm2 --version 2>/dev/null | tail -1); node $(node --version); $(foreman --version 2>/dev/null | head -1 | sed 's/^/foreman /')"
echo "== B7 idle: ${idle} s after every child runs (+${settle} s)"
for n in $counts; do
  printf 'sleep: exec sleep 86400\n' > "$work/Procfile"
  for variant in jit aot; do
    exe=$jit
    [ "$variant" = aot ] && exe=$aot
    "$exe" start -f "$work/Procfile" -m "sleep=$n" > /dev/null 2>&1 &
    background=$!
    measure_idle "supervise-$variant" "$background" "$n"
    kill -TERM "$background"
    wait "$background" || true
    background=""
  done

  supervisord_conf "$work/idle.conf" sleep "$n" "sleep 86400"
  supervisord -n -c "$work/idle.conf" > /dev/null 2>&1 &
  background=$!
  measure_idle supervisord "$background" "$n"
  kill -TERM "$background"
  wait "$background" || true
  background=""

  pm2_ecosystem "$work/ecosystem.config.js" "$n" sleep 86400
  pm2 start "$work/ecosystem.config.js" > /dev/null
  measure_idle pm2 "$(cat "$PM2_HOME/pm2.pid")" "$n"
  pm2 kill > /dev/null
done

echo "== B7 start-up: exec to the first child running, $runs runs each"
cat > "$work/first.sh" <<'SH'
#!/bin/sh
date +%s%6N > "$1.tmp" && mv "$1.tmp" "$1"
exec sleep 86400
SH
chmod +x "$work/first.sh"
printf 'first: exec %s %s\n' "$work/first.sh" "$work/first" > "$work/Procfile.first"
supervisord_conf "$work/first.conf" first 1 "$work/first.sh $work/first"
pm2_ecosystem "$work/first.config.js" 1 "$work/first.sh" "$work/first"
: > "$work/startup.txt"
# Starts "$@" in the background $runs times, each time timed to the first child's line, then SIGTERMed.
startup() { # name command…
  local name=$1
  shift
  for _ in $(seq "$runs"); do
    rm -f "$work/first"
    local from
    from=$(now_us)
    "$@" > /dev/null 2>&1 &
    background=$!
    until [ -s "$work/first" ]; do sleep 0.01; done
    echo "$name $(( $(cat "$work/first") - from ))" >> "$work/startup.txt"
    kill -TERM "$background"
    wait "$background" || true
    background=""
  done
}
startup supervise-jit "$jit" start -f "$work/Procfile.first"
startup supervise-aot "$aot" start -f "$work/Procfile.first"
startup foreman foreman start -f "$work/Procfile.first" -d "$work"
startup supervisord supervisord -n -c "$work/first.conf"
for _ in $(seq "$runs"); do
  rm -f "$work/first"
  from=$(now_us)
  pm2 start "$work/first.config.js" > /dev/null
  until [ -s "$work/first" ]; do sleep 0.01; done
  echo "pm2 $(( $(cat "$work/first") - from ))" >> "$work/startup.txt"
  pm2 kill > /dev/null
done

echo
echo "B7 idle: the supervisor's own CPU over ${idle} s of idle children, its threads and RSS at the end"
printf '| supervisor | children | CPU idle (ms) | threads | RSS (MiB) | CPU to start them (ms) | RSS vs supervisord | RSS vs PM2 |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for n in $counts; do
  sv=$(awk -v n="$n" '$1 == "supervisord" && $2 == n { print $5 }' "$results")
  pm=$(awk -v n="$n" '$1 == "pm2" && $2 == n { print $5 }' "$results")
  awk -v n="$n" -v sv="$sv" -v pm="$pm" '$2 == n {
    printf "| %s | %d | %d | %d | %.1f | %d | %.2f | %.2f |\n", $1, $2, $3, $4, $5 / 1024, $6, $5 / sv, $5 / pm }' "$results"
done
echo
echo "B7 start-up: ms from exec to the first child running; median (min-max) of $runs"
printf '| supervisor | median | min | max |\n| --- | ---: | ---: | ---: |\n'
for name in supervise-jit supervise-aot foreman supervisord pm2; do
  awk -v n="$name" '$1 == n { print $2 / 1000 }' "$work/startup.txt" | sort -n |
    awk -v n="$name" '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "| %s | %.0f | %.0f | %.0f |\n", n, m, v[1], v[NR] }'
done

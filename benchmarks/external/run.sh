#!/usr/bin/env bash
# B4 and B5 against external programs, beside the in-process contenders of the same run:
#   B4: Foreman forwarding the same producer's 1,000,000 lines (to a pipe), versus Supervision Log/Prefix and the raw loop;
#   B5: Foreman and supervisord stopping 100 test children on SIGTERM (all exit; half ignore it, 1 s timeout).
# Installs Foreman (ruby-foreman) and supervisord (supervisor) with apt-get when absent. Not part of CI: minutes long.
# Environment: LINES (1000000), CHILDREN (100), RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

lines=${LINES:-1000000}
children=${CHILDREN:-100}
runs=${RUNS:-3}
project=benchmarks/Supervision.Benchmarks
dll=$PWD/tests/Supervision.TestChild/bin/Release/net10.0/Supervision.TestChild.dll
work=$(mktemp -d)
background=""
cleanup() {
  # Only what this script started, by pid.
  [ -n "$background" ] && kill -KILL "$background" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. benchmarks/external/common.sh
need foreman ruby-foreman
need supervisord supervisor

dotnet build "$project" -c Release -warnaserror --nologo -v quiet
bench() { dotnet run -c Release --no-build --project "$project" -- "$@"; }

now_ms() { echo "${EPOCHREALTIME/./}" | awk '{ printf "%.1f", $1 / 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
result() { grep -E "^result $1 " "$2" | awk '{ print $3 }'; }
# Waits until $1 files/lines say "ready" $2 times (children have their SIGTERM handler in place), 120 s at most.
wait_ready() {
  local deadline=$((SECONDS + 120))
  local n
  # grep -c prints 0 and fails when nothing matches yet: keep its number, ignore its status.
  until n=$(eval "$1" 2>/dev/null; true); [ "${n:-0}" -ge "$2" ]; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $2 ready children" >&2; exit 1; }
    sleep 0.2
  done
}
leftovers() { pgrep -f "$dll" | wc -l || true; }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(foreman --version 2>/dev/null | head -1 | sed 's/^/foreman /'); $(supervisord --version | sed 's/^/supervisord /')"

echo "== B4 in process (raw loop, Supervision Log and Prefix)"
bench forward | tee "$work/forward.txt"

echo "== B4 Foreman: $runs run(s) of foreman start with the producer's $lines lines to a pipe (wc -l)"
printf 'producer: exec dotnet %s lines %s\n' "$dll" "$lines" > "$work/Procfile.lines"
: > "$work/foreman-forward.ms"
for _ in $(seq "$runs"); do
  from=$(now_ms)
  got=$(foreman start -f "$work/Procfile.lines" -d "$work" 2>&1 | wc -l)
  to=$(now_ms)
  echo "foreman: $got lines out (the producer's $lines plus Foreman's own), $(awk -v a="$from" -v b="$to" 'BEGIN { printf "%.0f", b - a }') ms"
  awk -v a="$from" -v b="$to" 'BEGIN { printf "%.1f\n", b - a }' >> "$work/foreman-forward.ms"
done
foreman_forward=$(median < "$work/foreman-forward.ms")

echo "== B5 in process (by hand and Supervision)"
bench stop | tee "$work/stop.txt"

# One process manager per run: started in the background, SIGTERMed once every child printed "ready", timed until it
# exits; appends the ms to $work/TOOL-NAME.ms.
timed_stop() { # tool name ready-check command…
  local tool=$1 name=$2 ready=$3
  shift 3
  : > "$work/$tool-$name.ms"
  for _ in $(seq "$runs"); do
    rm -rf "$work/out" && mkdir -p "$work/out"
    "$@" > "$work/$tool-$name.log" 2>&1 &
    background=$!
    wait_ready "$ready" "$children"
    from=$(now_ms)
    kill -TERM "$background"
    wait "$background" || true
    to=$(now_ms)
    background=""
    awk -v a="$from" -v b="$to" 'BEGIN { printf "%.1f\n", b - a }' >> "$work/$tool-$name.ms"
    echo "$tool $name: $(tail -1 "$work/$tool-$name.ms") ms, test children left: $(leftovers)"
  done
}

# Foreman: one formation per scenario; its children's lines come in its own output.
foreman_stop() { # name procfile formation timeout
  timed_stop foreman "$1" "grep -c '| ready' '$work/foreman-$1.log'" foreman start -f "$2" -d "$work" -m "$3" -t "$4"
}
echo "== B5 Foreman: $runs run(s) per scenario"
printf 'sleep: exec dotnet %s sleep\n' "$dll" > "$work/Procfile.stop"
printf 'term: exec dotnet %s sleep\nignore: exec dotnet %s ignore-term\n' "$dll" "$dll" > "$work/Procfile.half"
foreman_stop all-exit "$work/Procfile.stop" "sleep=$children" 10
foreman_stop half-ignore "$work/Procfile.half" "term=$((children / 2)),ignore=$((children / 2))" 1

# supervisord: numprocs per program, stdout of each child to its own file in $work/out.
supervisord_conf() { # file stopwaitsecs program:mode:count…
  local file=$1 wait=$2
  shift 2
  supervisord_header > "$file"
  for program in "$@"; do
    IFS=: read -r name mode count <<< "$program"
    cat >> "$file" <<CONF
[program:$name]
command=dotnet $dll $mode
process_name=%(program_name)s_%(process_num)03d
numprocs=$count
startsecs=0
stopsignal=TERM
stopwaitsecs=$wait
stdout_logfile=$work/out/%(program_name)s_%(process_num)03d.log
CONF
  done
}
supervisord_stop() { # name conf
  timed_stop supervisord "$1" "grep -l '^ready' '$work'/out/*.log | wc -l" supervisord -n -c "$2"
}
echo "== B5 supervisord: $runs run(s) per scenario"
supervisord_conf "$work/all.conf" 10 "sleep:sleep:$children"
supervisord_conf "$work/half.conf" 1 "term:sleep:$((children / 2))" "ignore:ignore-term:$((children / 2))"
supervisord_stop all-exit "$work/all.conf"
supervisord_stop half-ignore "$work/half.conf"

echo
echo "B4: $lines lines, same producer (dotnet Supervision.TestChild.dll lines N); median ms; throughput ratios"
raw=$(result forward.raw.ms "$work/forward.txt")
printf '| contender | ms | vs raw (throughput) | vs Foreman (throughput) | goal |\n| --- | ---: | ---: | ---: | --- |\n'
for name in copy raw log prefix; do
  ms=$(result "forward.$name.ms" "$work/forward.txt")
  awk -v n="$name" -v ms="$ms" -v raw="$raw" -v fm="$foreman_forward" 'BEGIN {
    goal = (n == "log" || n == "prefix") ? sprintf("≥ 10× Foreman: %s", (fm / ms >= 10) ? "met" : "MISSED") : "";
    printf "| %s | %.0f | %.2f× | %.1f× | %s |\n", n, ms, raw / ms, fm / ms, goal }'
done
awk -v fm="$foreman_forward" -v raw="$raw" 'BEGIN { printf "| foreman | %.0f | %.2f× | 1.0× | |\n", fm, raw / fm }'

echo
echo "B5: $children children, ms from SIGTERM (or the stop) to the last child gone; median of $runs"
printf '| scenario | by hand (own exit) | Supervision | Foreman | supervisord | Supervision goal ≤ hand + 100 ms |\n| --- | ---: | ---: | ---: | ---: | --- |\n'
for name in all-exit half-ignore; do
  hand=$(result "stop.$name.hand_ms" "$work/stop.txt")
  ours=$(result "stop.$name.supervision_ms" "$work/stop.txt")
  fm=$(median < "$work/foreman-$name.ms")
  sv=$(median < "$work/supervisord-$name.ms")
  awk -v n="$name" -v h="$hand" -v o="$ours" -v f="$fm" -v s="$sv" 'BEGIN {
    printf "| %s | %.0f | %.0f | %.0f | %.0f | %s |\n", n, h, o, f, s, (o <= h + 100) ? "met" : "MISSED" }'
done

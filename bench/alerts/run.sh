#!/usr/bin/env bash
# Alert evaluation benchmark: one evaluation cycle over 100,000 stations (issue 4 item 7, target ≤ 5 s).
#
#   bench/alerts/run.sh                      # 100,000 stations, 3 cycles (~15 minutes, most of it writing readings)
#   bench/alerts/run.sh --stations 10000     # smaller fleet
#   bench/alerts/run.sh --at night           # before sunrise, every logger silent since dusk (also: --at morning)
#   bench/alerts/run.sh --help
#
# Starts a private influxd (etc/influxdb.conf.template) on a free loopback port under a temp dir, generates a fleet
# (bench/java/org/pvmon/bench/Gen.java: 60 stations per county, 10 per township, one village per station) into a
# real SQLite registry through the registry's own station import, writes readings as line protocol straight to
# influxd, then runs evaluation cycles through the production path in one JVM (bench/java/org/pvmon/bench/AlertsBench.java:
# FleetState's window of recent readings loaded from InfluxDB (timed alone), then per cycle the older days' energy,
# FleetInputs.at from memory → AlertEvaluator → AlertBook.apply, wired as ApiServer wires them, at a fixed clock),
# timing each phase. Writes bench/alerts/results/<date>.md. Method and numbers: bench/README.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATIONS=100000
CYCLES=3
RECENT_MINUTES=60
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
RESULTS_DIR=$HERE/results
COMPARE=false
AT=noon

usage() {
  cat <<EOF
usage: bench/alerts/run.sh [options]
  --stations N          fleet size (default $STATIONS)
  --cycles N            evaluation cycles (default $CYCLES; the first is cold: JIT, caches, alerts opened)
  --recent-minutes M    reading interval over the last 48 h (default $RECENT_MINUTES; older days: 2 readings a day)
  --jar PATH            service jar (default target/pvmon.jar, built when missing)
  --results-dir DIR     where the report goes (default bench/alerts/results)
  --keep                keep the temp dir
  --at noon|night|morning
                        the evaluation instant and the fleet's nights (default noon):
                        noon     local 12:00; every station reports, the faults below as at any hour
                        night    local 05:30, before sunrise: every logger silent from 17:00 the day before (as
                                 inverter-powered loggers are) and over the night before it; no OFFLINE is due, but
                                 the OFFLINE rule looks for daylight in every station's silence
                        morning  local 08:30, past the daylight threshold: the loggers woke at 07:30 and report,
                                 the OFFLINE stations are silent since 17:00 the day before (so judged now)
  --compare             also read the inputs from InfluxDB as before (the fallback path; ~110 s and a failed
                        query at 100,000 stations) and check that they give the same conditions as memory
env: BENCH_JAVA_OPTS (JVM options of the evaluating JVM; default: none, as the service runs)
EOF
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --stations) STATIONS=$2; shift 2 ;;
    --cycles) CYCLES=$2; shift 2 ;;
    --recent-minutes) RECENT_MINUTES=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --results-dir) RESULTS_DIR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --compare) COMPARE=true; shift ;;
    --at) AT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case $AT in
  noon) AT_TIME=12:00 ;;
  night) AT_TIME=05:30 ;;
  morning) AT_TIME=08:30 ;;
  *) echo "--at: noon, night or morning, got $AT" >&2; exit 2 ;;
esac
source "$HERE/../lib.sh"

bench_prepare
bench_influxd
DB=alerts_bench
influx_query "$DB" "CREATE DATABASE $DB" >/dev/null

# The evaluation instant: the latest local noon (Asia/Shanghai) before now, so the sun is up at every station and
# the data is within the "latest reading" lookback of influxd's clock (--at night/morning: the latest 05:30/08:30).
NOW=$(TZ=Asia/Shanghai date -d "today $AT_TIME" +%s)
(( NOW <= $(date +%s) )) || NOW=$((NOW - 86400))
blog "evaluation instant $(TZ=Asia/Shanghai date -d "@$NOW" -Iseconds)"

mkdir -p "$WORK/data"
T0=$(date +%s)
java -cp "$CP" org.pvmon.bench.Gen stations --stations "$STATIONS" --out "$WORK/stations.csv" | tee "$WORK/gen.txt" >&2
java -cp "$CP" org.pvmon.bench.Gen registry --db "$WORK/data/registry.db" --stations "$WORK/stations.csv" \
  --households-per-village 0 2>&1 | grep -v DEBUG | tee -a "$WORK/gen.txt" >&2
T1=$(date +%s)
java -cp "$CP" org.pvmon.bench.Gen readings --influx "$INFLUX_URL" --db "$DB" --stations "$WORK/stations.csv" \
  --scheme alerts --now "$NOW" --at "$AT" --recent-minutes "$RECENT_MINUTES" | tee -a "$WORK/gen.txt" >&2
T2=$(date +%s)
POINTS=$(sed -n 's/^gen readings: \([0-9]*\) points written/\1/p' "$WORK/gen.txt")
INFLUX_DISK=$(du -sm "$WORK/influxdb" | cut -f1)
blog "data generated: registry $((T1 - T0)) s, $POINTS readings $((T2 - T1)) s (influxdb ${INFLUX_DISK} MB on disk)"

OUT=$WORK/alerts.txt
INFLUX_CPU0=$(awk '{print $14 + $15}' "/proc/$INFLUXD_PID/stat")
# shellcheck disable=SC2086
timed_java "$OUT" $BENCH_JAVA_OPTS -cp "$CP" org.pvmon.bench.AlertsBench --influx "$INFLUX_URL" --db "$DB" \
  --data-dir "$WORK/data" --stations "$WORK/stations.csv" --now "$NOW" --cycles "$CYCLES" --compare "$COMPARE"
INFLUX_CPU_S=$(awk -v a="$INFLUX_CPU0" -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15 - a) / hz}' "/proc/$INFLUXD_PID/stat")
INFLUX_HWM=$(vm_mb "$INFLUXD_PID" VmHWM)

mkdir -p "$RESULTS_DIR"
SUFFIX=
[[ $AT == noon ]] || SUFFIX=-$STATIONS-$AT
REPORT=$RESULTS_DIR/$(date +%Y-%m-%d-%H%M)$SUFFIX.md
{
  echo "# Alert evaluation benchmark, $(date -Iseconds)"
  echo
  machine_line
  echo
  echo "Fleet: $STATIONS stations ($(kv "$OUT" stations) in the registry), 60 per county, 10 per township, one village each;"
  case $AT in
  noon)
    echo "1 % silent for 3 h (OFFLINE), 1 % zero power since 08:00 (IDLE), 1 % at half output for 6 days (UNDERPERFORMING)."
    echo "Readings in InfluxDB: $POINTS points: for each station 2 a day (00:00, 12:00 local) over the 12 older days,"
    echo "one every $RECENT_MINUTES min over the last 48 h, and one 30 s before the evaluation instant"
    echo "($(TZ=Asia/Shanghai date -d "@$NOW" -Iseconds), local noon). Real services report every minute: see bench/README.md." ;;
  *)
    echo "Scenario \`--at $AT\`: every logger silent from 17:00 to 07:30 local over the last 48 h (inverter-powered loggers);"
    echo "1 % silent since 17:00 the day before (OFFLINE), 1 % zero power since 08:00 today (IDLE), 1 % at half output for 6 days (UNDERPERFORMING)."
    echo "Readings in InfluxDB: $POINTS points: for each station 2 a day (00:00, 12:00 local) over the 12 older days,"
    echo "one every $RECENT_MINUTES min over the daytime (07:30-17:00) of the last 48 h, and one 30 s before the evaluation instant"
    echo "($(TZ=Asia/Shanghai date -d "@$NOW" -Iseconds)) when that is daytime." ;;
  esac
  echo "Data generation: registry $((T1 - T0)) s, readings $((T2 - T1)) s; influxdb ${INFLUX_DISK} MB on disk."
  echo "Evaluating JVM options: '${BENCH_JAVA_OPTS}' (max heap $(kv "$OUT" heap_max_mb) MB)."
  echo
  echo "Window load (FleetState.loadWindow, what a service does once at start-up): $(kv "$OUT" window_load_s) s"
  echo "($(kv "$OUT" window_load_cpu_s) s CPU of the JVM), $(kv "$OUT" window_load_queries) InfluxDB queries; it then held"
  echo "$(kv "$OUT" window_readings) readings of $(kv "$OUT" window_stations) stations: arrays $(kv "$OUT" window_mb) MB"
  echo "(estimated from their capacity), heap after GC $(kv "$OUT" window_heap_mb) MB more than before the load."
  echo ""
  echo "Stored daily energy of the 14 days the rules look at (dayenergy/ClosedDays, what a service fills after its first start,"
  echo "then one day each night): $(kv "$OUT" store_days_s) s ($(kv "$OUT" store_days_cpu_s) s CPU of the JVM)."
  echo
  echo "| cycle | older days (FleetState.olderDays) | inputs from memory (FleetInputs.at) | evaluate (AlertEvaluator) | apply (AlertBook.apply) | **total** | JVM CPU | heap after inputs | conditions | opened / updated / resolved |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for ((c = 1; c <= CYCLES; c++)); do
    p=cycle${c}_
    [[ -n $(kv "$OUT" ${p}error) ]] && { echo "| $c | **failed: $(kv "$OUT" ${p}error)** | | | | | | | | |"; continue; }
    echo "| $c | $(kv "$OUT" ${p}older_days_s) s ($(kv "$OUT" ${p}older_days_cpu_s)) | $(kv "$OUT" ${p}inputs_s) s ($(kv "$OUT" ${p}inputs_cpu_s)) | $(kv "$OUT" ${p}evaluate_s) s ($(kv "$OUT" ${p}evaluate_cpu_s)) | $(kv "$OUT" ${p}apply_s) s | **$(kv "$OUT" ${p}total_s) s** | $(kv "$OUT" ${p}cpu_s) s | $(kv "$OUT" ${p}heap_after_inputs_mb) MB | $(kv "$OUT" ${p}conditions) | $(kv "$OUT" ${p}opened) / $(kv "$OUT" ${p}updated) / $(kv "$OUT" ${p}resolved) |"
  done
  echo
  echo "Phases: wall time (in brackets: the evaluating thread's CPU time, less disturbed by other load on the machine)."
  echo "JVM CPU: all the JVM's threads (GC, JIT) during the cycle."
  echo
  if [[ $COMPARE == true ]]; then
    echo "Fallback path (inputs read from InfluxDB as before the window): $(kv "$OUT" store_inputs_s) s;"
    echo "conditions: $(kv "$OUT" compare_conditions); the same (station, type, since, lost kWh, detail without the inverter state, which the bench does not read): $(kv "$OUT" compare_same)."
    sed -n 's/^compare_only_\(store\|memory\)=/- only from \1: /p' "$OUT"
    echo
  fi
  echo "AlertMonitor.evaluateNow (the scheduled path in one call) after those: $(kv "$OUT" monitor_evaluate_now_s) s;"
  echo "open alerts afterwards: $(kv "$OUT" monitor_open_alerts)."
  echo "Evaluating JVM: peak RSS $(kv "$OUT" peak_rss_mb) MB, wall $(kv "$OUT" wall_s) s (registry open + all cycles)."
  echo "influxd during the cycles: ${INFLUX_CPU_S} s CPU, VmHWM ${INFLUX_HWM} MB."
  echo
  echo "Command: \`bench/alerts/run.sh --stations $STATIONS --cycles $CYCLES --recent-minutes $RECENT_MINUTES$([[ $AT != noon ]] && echo " --at $AT")$([[ $COMPARE == true ]] && echo ' --compare')\`."
} >"$REPORT"
echo
cat "$REPORT"
blog "report written to $REPORT"

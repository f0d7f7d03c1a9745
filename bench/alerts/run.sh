#!/usr/bin/env bash
# Alert evaluation benchmark: one evaluation cycle over 100,000 stations (issue 4 item 7, target ≤ 5 s).
#
#   bench/alerts/run.sh                      # 100,000 stations, 3 cycles (~10 minutes, most of it writing readings)
#   bench/alerts/run.sh --stations 10000     # smaller fleet
#   bench/alerts/run.sh --help
#
# Starts a private influxd (etc/influxdb.conf.template) on a free loopback port under a temp dir, generates a fleet
# (bench/java/org/pvmon/bench/Gen.java: 60 stations per county, 10 per township, one village per station) into a
# real SQLite registry through the registry's own station import, writes readings as line protocol straight to
# influxd, then runs evaluation cycles through the real path in one JVM (bench/java/org/pvmon/api/AlertsBench.java:
# FleetInputs → AlertEvaluator → AlertBook.apply, wired as ApiServer wires them, at a fixed clock), timing each
# phase. Writes bench/alerts/results/<date>.md. Method and numbers: bench/README.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATIONS=100000
CYCLES=3
RECENT_MINUTES=60
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
RESULTS_DIR=$HERE/results

usage() {
  cat <<EOF
usage: bench/alerts/run.sh [options]
  --stations N          fleet size (default $STATIONS)
  --cycles N            evaluation cycles (default $CYCLES; the first is cold: JIT, caches, alerts opened)
  --recent-minutes M    reading interval over the last 48 h (default $RECENT_MINUTES; older days: 2 readings a day)
  --jar PATH            service jar (default target/pvmon.jar, built when missing)
  --results-dir DIR     where the report goes (default bench/alerts/results)
  --keep                keep the temp dir
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
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
source "$HERE/../lib.sh"

bench_prepare
bench_influxd
DB=alerts_bench
influx_query "$DB" "CREATE DATABASE $DB" >/dev/null

# The evaluation instant: the latest local noon (Asia/Shanghai) before now, so the sun is up at every station and
# the data is within the "latest reading" lookback of influxd's clock.
NOW=$(TZ=Asia/Shanghai date -d 'today 12:00' +%s)
(( NOW <= $(date +%s) )) || NOW=$((NOW - 86400))
blog "evaluation instant $(TZ=Asia/Shanghai date -d "@$NOW" -Iseconds)"

mkdir -p "$WORK/data"
T0=$(date +%s)
java -cp "$CP" org.pvmon.bench.Gen stations --stations "$STATIONS" --out "$WORK/stations.csv" | tee "$WORK/gen.txt" >&2
java -cp "$CP" org.pvmon.bench.Gen registry --db "$WORK/data/registry.db" --stations "$WORK/stations.csv" \
  --households-per-village 0 2>&1 | grep -v DEBUG | tee -a "$WORK/gen.txt" >&2
T1=$(date +%s)
java -cp "$CP" org.pvmon.bench.Gen readings --influx "$INFLUX_URL" --db "$DB" --stations "$WORK/stations.csv" \
  --scheme alerts --now "$NOW" --recent-minutes "$RECENT_MINUTES" | tee -a "$WORK/gen.txt" >&2
T2=$(date +%s)
POINTS=$(sed -n 's/^gen readings: \([0-9]*\) points written/\1/p' "$WORK/gen.txt")
INFLUX_DISK=$(du -sm "$WORK/influxdb" | cut -f1)
blog "data generated: registry $((T1 - T0)) s, $POINTS readings $((T2 - T1)) s (influxdb ${INFLUX_DISK} MB on disk)"

# The InfluxQL queries FleetInputs.at makes (Readings.latest, StationEnergy's edges and range), timed alone with curl
# (CSV, as the service's client asks): what the read phase is made of.
probe() { # LABEL QUERY
  local t0 t1 lines
  t0=$(date +%s%N)
  curl -sS --max-time 600 -G "$INFLUX_URL/query" -H 'Accept: application/csv' --data-urlencode "db=$DB" \
    --data-urlencode epoch=ms --data-urlencode "q=$2" -o "$WORK/probe.csv" || true
  t1=$(date +%s%N)
  lines=$(($(wc -l <"$WORK/probe.csv") - 1))
  ((lines >= 0)) || lines=0
  PROBES+=("| $1 | \`${2//\`/}\` | $(((t1 - t0) / 1000000)) | $lines | $(($(wc -c <"$WORK/probe.csv") / 1024)) |")
  blog "probe $1: $(((t1 - t0) / 1000000)) ms, $lines rows"
}
PROBES=()
DAY0=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date -d "@$NOW" +%F) -13 days" +%s)
DAY_END=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date -d "@$NOW" +%F) +1 day" +%s)
probe "latest (Readings.latest)" "SELECT * FROM reading WHERE time > now() - 2592000s GROUP BY station ORDER BY time DESC LIMIT 1"
probe "edge before 14 days (lastBefore)" "SELECT * FROM reading WHERE time < ${DAY0}000000000 AND time >= $((DAY0 - 31 * 86400))000000000 GROUP BY station ORDER BY time DESC LIMIT 1"
probe "14 local days (rangeAll)" "SELECT * FROM reading WHERE time >= ${DAY0}000000000 AND time < ${DAY_END}000000000 GROUP BY station"
probe "edge after (firstFrom)" "SELECT * FROM reading WHERE time >= ${DAY_END}000000000 AND time < $((DAY_END + 31 * 86400))000000000 GROUP BY station ORDER BY time ASC LIMIT 1"

OUT=$WORK/alerts.txt
INFLUX_CPU0=$(awk '{print $14 + $15}' "/proc/$INFLUXD_PID/stat")
# shellcheck disable=SC2086
timed_java "$OUT" $BENCH_JAVA_OPTS -cp "$CP" org.pvmon.api.AlertsBench --influx "$INFLUX_URL" --db "$DB" \
  --data-dir "$WORK/data" --stations "$WORK/stations.csv" --now "$NOW" --cycles "$CYCLES"
INFLUX_CPU_S=$(awk -v a="$INFLUX_CPU0" -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15 - a) / hz}' "/proc/$INFLUXD_PID/stat")
INFLUX_HWM=$(vm_mb "$INFLUXD_PID" VmHWM)

mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/$(date +%Y-%m-%d-%H%M).md
{
  echo "# Alert evaluation benchmark, $(date -Iseconds)"
  echo
  machine_line
  echo
  echo "Fleet: $STATIONS stations ($(kv "$OUT" stations) in the registry), 60 per county, 10 per township, one village each;"
  echo "1 % silent for 3 h (OFFLINE), 1 % zero power since 08:00 (IDLE), 1 % at half output for 6 days (UNDERPERFORMING)."
  echo "Readings in InfluxDB: $POINTS points: for each station 2 a day (00:00, 12:00 local) over the 12 older days,"
  echo "one every $RECENT_MINUTES min over the last 48 h, and one 30 s before the evaluation instant"
  echo "($(TZ=Asia/Shanghai date -d "@$NOW" -Iseconds), local noon). Real services report every minute: see bench/README.md."
  echo "Data generation: registry $((T1 - T0)) s, readings $((T2 - T1)) s; influxdb ${INFLUX_DISK} MB on disk."
  echo "Evaluating JVM options: '${BENCH_JAVA_OPTS}' (max heap $(kv "$OUT" heap_max_mb) MB)."
  echo
  echo "InfluxQL queries of the read phase, each alone with curl before the cycles (CSV, as the service's client asks):"
  echo
  echo "| query | InfluxQL | ms | rows | KB |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${PROBES[@]}"
  echo
  echo "| cycle | read inputs (FleetInputs.at) | evaluate (AlertEvaluator) | apply (AlertBook.apply) | **total** | JVM CPU | heap after inputs | conditions | opened / updated / resolved |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for ((c = 1; c <= CYCLES; c++)); do
    p=cycle${c}_
    [[ -n $(kv "$OUT" ${p}error) ]] && { echo "| $c | **failed: $(kv "$OUT" ${p}error)** | | | | | | | |"; continue; }
    echo "| $c | $(kv "$OUT" ${p}inputs_s) s | $(kv "$OUT" ${p}evaluate_s) s | $(kv "$OUT" ${p}apply_s) s | **$(kv "$OUT" ${p}total_s) s** | $(kv "$OUT" ${p}cpu_s) s | $(kv "$OUT" ${p}heap_after_inputs_mb) MB | $(kv "$OUT" ${p}conditions) | $(kv "$OUT" ${p}opened) / $(kv "$OUT" ${p}updated) / $(kv "$OUT" ${p}resolved) |"
  done
  echo
  echo "AlertMonitor.evaluateNow (the scheduled path in one call) after those: $(kv "$OUT" monitor_evaluate_now_s) s;"
  echo "open alerts afterwards: $(kv "$OUT" monitor_open_alerts)."
  echo "Evaluating JVM: peak RSS $(kv "$OUT" peak_rss_mb) MB, wall $(kv "$OUT" wall_s) s (registry open + all cycles)."
  echo "influxd during the cycles: ${INFLUX_CPU_S} s CPU, VmHWM ${INFLUX_HWM} MB."
  echo
  echo "Command: \`bench/alerts/run.sh --stations $STATIONS --cycles $CYCLES --recent-minutes $RECENT_MINUTES\`."
} >"$REPORT"
echo
cat "$REPORT"
blog "report written to $REPORT"

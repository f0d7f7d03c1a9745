#!/usr/bin/env bash
# Fleet overview API benchmark: what the dashboard's overview page asks for, 10,000 stations (issue 4 item 7,
# target p95 ≤ 200 ms).
#
#   bench/overview/run.sh                    # 10,000 stations (~5 minutes)
#   bench/overview/run.sh --stations 2000 --requests 50
#   bench/overview/run.sh --help
#
# Starts a private mosquitto and influxd on free loopback ports under a temp dir, generates a fleet into a real
# SQLite registry and readings into influxd (bench/java/org/pvmon/bench/Gen.java, as bench/alerts does, stamped
# around the current time), starts the real service jar on them, and drives it with the JDK HttpClient
# (bench/java/org/pvmon/bench/HttpLoad.java): each endpoint the overview page calls (src/main/resources/web/app.js
# refresh(): every 60 s /api/stations, /api/energy/daily for today, /api/ingest/counters, /api/alerts?status=open;
# every 10 min /api/revenue/monthly), one request at a time, then the page's refresh as the page makes it (the
# four at once). Writes bench/overview/results/<date>.md. Method and numbers: bench/README.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATIONS=10000
REQUESTS=200
MAX_SECONDS=90
RECENT_MINUTES=60
RESULTS_DIR=$HERE/results

usage() {
  cat <<EOF
usage: bench/overview/run.sh [options]
  --stations N          fleet size (default $STATIONS)
  --requests N          requests per endpoint (default $REQUESTS; each endpoint stops after --max-seconds)
  --max-seconds S       time limit per endpoint (default $MAX_SECONDS)
  --recent-minutes M    reading interval over the last 48 h (default $RECENT_MINUTES; older: 2 a day, 14 days)
  --jar PATH            service jar (default target/pvmon.jar, built when missing)
  --results-dir DIR     where the report goes (default bench/overview/results)
  --keep                keep the temp dir
env: SERVICE_JAVA_OPTS (JVM options of the service; default none)
EOF
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --stations) STATIONS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    --max-seconds) MAX_SECONDS=$2; shift 2 ;;
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
bench_mosquitto
DB=overview_bench
influx_query "$DB" "CREATE DATABASE $DB" >/dev/null
NOW=$(( $(date +%s) / 60 * 60 ))

mkdir -p "$WORK/data"
T0=$(date +%s)
java -cp "$CP" org.pvmon.bench.Gen stations --stations "$STATIONS" --out "$WORK/stations.csv" | tee "$WORK/gen.txt" >&2
java -cp "$CP" org.pvmon.bench.Gen registry --db "$WORK/data/registry.db" --stations "$WORK/stations.csv" \
  --households-per-village 0 2>&1 | grep -v DEBUG | tee -a "$WORK/gen.txt" >&2
java -cp "$CP" org.pvmon.bench.Gen readings --influx "$INFLUX_URL" --db "$DB" --stations "$WORK/stations.csv" \
  --scheme alerts --now "$NOW" --recent-minutes "$RECENT_MINUTES" | tee -a "$WORK/gen.txt" >&2
T1=$(date +%s)
POINTS=$(sed -n 's/^gen readings: \([0-9]*\) points written/\1/p' "$WORK/gen.txt")

bench_service "$WORK/data" "$WORK/stations.csv" "$DB"
# what a manager meets once the service has settled after its start: the overview's memory (latest readings, 48 h
# window) loaded and the closed days' energy stored (both are read from InfluxDB in the background after a start)
STEADY_T0=$(date +%s)
until curl -s "$SERVICE_URL/health/ready" | grep -q '"overview":"loaded".*"energyDays":"complete"'; do
  (($(date +%s) - STEADY_T0 < 900)) || { blog "the service did not settle within 900 s: measuring anyway"; break; }
  sleep 2
done
STEADY_S=$(($(date +%s) - STEADY_T0))
blog "service settled (overview loaded, daily energy stored) after ${STEADY_S}s"
# one evaluation, so that the alerts list holds what the service would show (the service's own schedule runs too)
api_curl -sS -X POST "$SERVICE_URL/api/alerts/evaluate" -o "$WORK/evaluate.json" -w 'POST /api/alerts/evaluate: HTTP %{http_code} in %{time_total} s\n' >&2 || true

TODAY=$(TZ=Asia/Shanghai date +%F)
MONTH=${TODAY:0:7}
OUT=$WORK/load.txt
: >"$OUT"
load() { # LABEL [--together] URL...
  local label=$1
  shift
  java -cp "$CP" org.pvmon.bench.HttpLoad --label "$label" --requests "$REQUESTS" --warmup 3 --max-seconds "$MAX_SECONDS" "$@" \
    | tee -a "$OUT" >&2 || { blog "load $label failed"; echo "${label}_errors=run failed" >>"$OUT"; }
}
S=$SERVICE_URL
load stations "$S/api/stations"
load energy_today "$S/api/energy/daily?from=$TODAY&to=$TODAY"
load counters "$S/api/ingest/counters"
load alerts_open "$S/api/alerts?status=open"
load revenue_month "$S/api/revenue/monthly?month=$MONTH"
load page_refresh --together "$S/api/stations" "$S/api/energy/daily?from=$TODAY&to=$TODAY" "$S/api/ingest/counters" "$S/api/alerts?status=open"
HWM=$(vm_mb "$SERVICE_PID" VmHWM)
RSS=$(vm_mb "$SERVICE_PID" VmRSS)

row() { # LABEL WHAT
  echo "| $2 | $(kv "$OUT" "$1_n") | $(kv "$OUT" "$1_p50_ms") | **$(kv "$OUT" "$1_p95_ms")** | $(kv "$OUT" "$1_p99_ms") | $(kv "$OUT" "$1_max_ms") | $(kv "$OUT" "$1_bytes") | $(kv "$OUT" "$1_errors") $(kv "$OUT" "$1_first_error") |"
}
mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/$(date +%Y-%m-%d-%H%M).md
{
  echo "# Fleet overview API benchmark, $(date -Iseconds)"
  echo
  machine_line
  echo
  echo "Fleet: $STATIONS stations, 60 per county, 10 per township; 1 % OFFLINE, 1 % IDLE, 1 % UNDERPERFORMING (as bench/alerts)."
  echo "Readings in InfluxDB: $POINTS points (2 a day over 12 older days, one every $RECENT_MINUTES min over the last 48 h,"
  echo "one 30 s before the start). Service start (station list import + tariffs + HTTP up): ${SERVICE_START_S} s;"
  echo "then ${STEADY_S} s until /health/ready said the overview's memory was loaded and the closed days were stored (measured after that)."
  echo "Service: the jar with default JVM options ('${SERVICE_JAVA_OPTS:-}'), real influxd and SQLite on this machine; client: JDK"
  echo "HttpClient on the same machine, one request at a time, after 3 warm-up requests; at most $MAX_SECONDS s per row."
  echo
  echo "| request | n | p50 (ms) | **p95 (ms)** | p99 (ms) | max (ms) | response bytes | errors (non-200) |"
  echo "|---|---|---|---|---|---|---|---|"
  row stations "GET /api/stations"
  row energy_today "GET /api/energy/daily?from=today&to=today"
  row counters "GET /api/ingest/counters"
  row alerts_open "GET /api/alerts?status=open"
  row revenue_month "GET /api/revenue/monthly?month=this month (every 10 min)"
  row page_refresh "the page's refresh: the first four at once"
  echo
  echo "Service memory after the run: VmHWM $HWM MB, VmRSS $RSS MB. Data generation: $((T1 - T0)) s."
  echo
  echo "Command: \`bench/overview/run.sh --stations $STATIONS --requests $REQUESTS --max-seconds $MAX_SECONDS\`."
} >"$REPORT"
echo
cat "$REPORT"
blog "report written to $REPORT"

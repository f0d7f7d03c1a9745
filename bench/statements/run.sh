#!/usr/bin/env bash
# Statement benchmark (issue 3 item 10): the month's statements of a county (60 stations, ~3,000 households; target
# ≤ 1 s) and of the whole country (100,000 stations, 4.15 million households in the registry; target ≤ 2 min), time
# and memory, through the month-end run that creates every village's draft (StatementBatch).
#
#   bench/statements/run.sh                  # county, then national (~15 minutes, most of it generating data)
#   bench/statements/run.sh --county-only    # the county alone (~2 minutes)
#   bench/statements/run.sh --help
#
# For each scale: a private influxd and mosquitto under a temp dir, a generated SQLite registry (stations and
# villages through the registry's own station-list import; tariffs, households, enrollments, attributes and posts
# by batched JDBC in one transaction; bench/java/org/pvmon/bench/Gen.java), one reading a day per station at local
# midnight over the month (and the days around it), then the real service jar, and (bench/java/org/pvmon/bench/
# StatementsBench.java):
#   county:   POST /api/counties/县0/statements?month=M on the real service, 5 timed rounds after a warm-up round, the
#             drafts deleted between rounds (not timed) so that every round creates all of them; then once more
#             (nothing to create); the roll-up GET /api/counties/县0/statements.
#   national: the same county POST inside the national registry, then POST /api/statements/drafts?month=M (every
#             county) on the real service, with a time limit (--national-timeout); then, the service stopped, the same
#             run in one JVM on a copy of the registry taken before, with the month's energy from an in-memory
#             stand-in instead of InfluxDB (what a stored daily-energy table hands over), so the other phases are
#             measured at national scale whatever InfluxDB does.
# The service answers each run with its phases (registry reads, energy, distribution, writes). Writes
# bench/statements/results/<date>.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NATIONAL_STATIONS=100000
NATIONAL_HOUSEHOLDS=4150000
COUNTY_HOUSEHOLDS=3000
NATIONAL_TIMEOUT=1200
ENERGY_DAYS_LIMIT=2400
COUNTY_ONLY=0
RESULTS_DIR=$HERE/results

usage() {
  cat <<EOF
usage: bench/statements/run.sh [options]
  --county-only          skip the national run
  --national-stations N  stations of the national run (default $NATIONAL_STATIONS; one village each)
  --national-households N  households of the national run (default $NATIONAL_HOUSEHOLDS)
  --national-timeout S   give the service's national run at most S seconds (default $NATIONAL_TIMEOUT)
  --energy-days-limit S  wait at most S seconds for the service to store the kept closed days (default $ENERGY_DAYS_LIMIT)
  --month yyyy-MM        the statement month (default: the last complete month)
  --jar PATH             service jar (default target/pvmon.jar, built when missing)
  --results-dir DIR      where the report goes (default bench/statements/results)
  --keep                 keep the temp dir
env: SERVICE_JAVA_OPTS (JVM options of the service; default none)
EOF
}
MONTH=
while [[ $# -gt 0 ]]; do
  case $1 in
    --county-only) COUNTY_ONLY=1; shift ;;
    --national-stations) NATIONAL_STATIONS=$2; shift 2 ;;
    --national-households) NATIONAL_HOUSEHOLDS=$2; shift 2 ;;
    --national-timeout) NATIONAL_TIMEOUT=$2; shift 2 ;;
    --energy-days-limit) ENERGY_DAYS_LIMIT=$2; shift 2 ;;
    --month) MONTH=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --results-dir) RESULTS_DIR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
source "$HERE/../lib.sh"
[[ -n $MONTH ]] || MONTH=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 day" +%Y-%m)

bench_prepare
bench_influxd
bench_mosquitto
OUT=$WORK/load.txt
: >"$OUT"
ROWS=()
NOTES=()

urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# row LABEL: the table cells of a StatementsBench http run
row() {
  local l=$1
  if [[ -n $(kv "$OUT" ${l}_error) ]]; then
    echo "**failed**: HTTP $(kv "$OUT" ${l}_http_status) after $(kv "$OUT" ${l}_failed_after_ms) ms: $(kv "$OUT" ${l}_error | cut -c1-300) | |"
    return
  fi
  echo "**p50 $(kv "$OUT" ${l}_p50_ms) ms, max $(kv "$OUT" ${l}_max_ms) ms** (rounds $(kv "$OUT" ${l}_all_ms)); created $(kv "$OUT" ${l}_created) of $(kv "$OUT" ${l}_villages) villages, errors $(kv "$OUT" ${l}_errors) | last round's phases $(kv "$OUT" ${l}_round$(kv "$OUT" ${l}_n)_phases); the run again (nothing to create): $(kv "$OUT" ${l}_again_ms) ms |"
}

# scale NAME STATIONS HOUSEHOLDS: generate, start the service, measure; appends to ROWS/NOTES
scale() {
  local name=$1 stations=$2 households=$3 dir=$WORK/$1 db=st_$1 t0 t1 t2 per gen_reg gen_read
  mkdir -p "$dir/data"
  influx_query "$db" "CREATE DATABASE $db" >/dev/null
  blog "--- $name: $stations stations, $households households, month $MONTH"
  java -cp "$CP" org.pvmon.bench.Gen stations --stations "$stations" --out "$dir/stations.csv" | tee "$dir/gen.txt" >&2
  per=$(awk -v h="$households" -v s="$stations" 'BEGIN {printf "%.4f", h / s}')
  t0=$(date +%s)
  java -cp "$CP" org.pvmon.bench.Gen registry --db "$dir/data/registry.db" --stations "$dir/stations.csv" \
    --households-per-village "$per" 2>&1 | grep -v DEBUG | tee -a "$dir/gen.txt" >&2
  t1=$(date +%s)
  java -cp "$CP" org.pvmon.bench.Gen readings --influx "$INFLUX_URL" --db "$db" --stations "$dir/stations.csv" \
    --scheme month --month "$MONTH" | tee -a "$dir/gen.txt" >&2
  t2=$(date +%s)
  gen_reg=$((t1 - t0)) gen_read=$((t2 - t1))
  [[ $name == national ]] && cp "$dir/data/registry.db" "$dir/inprocess.db" # before the service writes drafts into it
  bench_service "$dir/data" "$dir/stations.csv" "$db"
  # once per day per station in production (the day after it, in the background); here every kept day at once
  wait_energy_days "$ENERGY_DAYS_LIMIT"
  ROWS+=("| $name | storing the kept closed days' energy after the first start (background, once: ${stations} stations × the service's energy.keep-days) | 1 | $ENERGY_DAYS_S s; registry file then $(du -m "$dir/data/registry.db" | cut -f1) MB | the runs below read the month's energy from it |")
  local c=${name}_county
  if [[ $name == county ]]; then
    java -cp "$CP" org.pvmon.bench.StatementsBench http --base "$SERVICE_URL" --path "/api/counties/$(urlenc 县0)/statements" \
      --month "$MONTH" --rounds 5 --warmup 1 --timeout-s 300 --label "$c" | tee -a "$OUT" >&2 || blog "county run failed"
  else
    java -cp "$CP" org.pvmon.bench.StatementsBench http --base "$SERVICE_URL" --path "/api/counties/$(urlenc 县0)/statements" \
      --month "$MONTH" --rounds 1 --warmup 0 --timeout-s 300 --label "$c" | tee -a "$OUT" >&2 || blog "county run failed"
  fi
  ROWS+=("| $name | POST /api/counties/县0/statements (60 villages): drafts of the county | $(kv "$OUT" ${c}_n) | $(row "$c")")
  echo "$SERVICE_URL/api/counties/$(urlenc 县0)/statements?month=$MONTH" >"$dir/rollup-url.txt"
  local reqs=5 warm=1
  [[ $name == national ]] && reqs=1 warm=0 # bound by the same whole-fleet energy read as the runs
  java -cp "$CP" org.pvmon.bench.HttpLoad --label "${name}_rollup" --requests $reqs --warmup $warm --max-seconds 300 \
    --urls-file "$dir/rollup-url.txt" | tee -a "$OUT" >&2 || blog "roll-up load failed"
  ROWS+=("| $name | GET /api/counties/县0/statements (roll-up) | $(kv "$OUT" ${name}_rollup_n) | p50 $(kv "$OUT" ${name}_rollup_p50_ms) ms, max $(kv "$OUT" ${name}_rollup_max_ms) ms | |")
  if [[ $name == national ]]; then
    local t0 t1
    t0=$(date +%s)
    java -cp "$CP" org.pvmon.bench.StatementsBench http --base "$SERVICE_URL" --path /api/statements/drafts --month "$MONTH" \
      --rounds 1 --warmup 0 --timeout-s "$NATIONAL_TIMEOUT" --label national_all | tee -a "$OUT" >&2 || blog "national run failed"
    t1=$(date +%s)
    ROWS+=("| national | POST /api/statements/drafts (every county, $stations villages), limit ${NATIONAL_TIMEOUT} s | $(kv "$OUT" national_all_n) | $(row national_all) wall $((t1 - t0)) s |")
    # The energy read alone, as StationEnergy.daily(List) makes it (Readings: edges and the month's range, every
    # station), with curl: no 30 s client limit.
    local from to q t secs rows
    from=$(TZ=Asia/Shanghai date -d "$MONTH-01 00:00" +%s)
    to=$(TZ=Asia/Shanghai date -d "$MONTH-01 00:00 +1 month" +%s)
    for q in "before|SELECT * FROM reading WHERE time < ${from}000000000 AND time >= $((from - 31 * 86400))000000000 GROUP BY station ORDER BY time DESC LIMIT 1" \
             "range|SELECT * FROM reading WHERE time >= ${from}000000000 AND time < ${to}000000000 GROUP BY station" \
             "after|SELECT * FROM reading WHERE time >= ${to}000000000 AND time < $((to + 31 * 86400))000000000 GROUP BY station ORDER BY time ASC LIMIT 1"; do
      t=$(date +%s%3N)
      rows=$(curl -sS -G "$INFLUX_URL/query" --max-time 900 -H 'Accept: application/csv' --data-urlencode "db=$db" \
        --data-urlencode "q=${q#*|}" | wc -l) || rows=failed
      secs=$(awk -v a="$t" -v b="$(date +%s%3N)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
      echo "national_influx_${q%%|*}_s=$secs" >>"$OUT"
      echo "national_influx_${q%%|*}_rows=$rows" >>"$OUT"
    done
    ROWS+=("| national | the energy read alone, its 3 InfluxQL queries with curl (no client limit) | 1 | edge before $(kv "$OUT" national_influx_before_s) s, month $(kv "$OUT" national_influx_range_s) s ($(kv "$OUT" national_influx_range_rows) CSV lines), edge after $(kv "$OUT" national_influx_after_s) s | the service's InfluxDB client gives up after 30 s |")
  fi
  NOTES+=("- $name: service VmHWM $(vm_mb "$SERVICE_PID" VmHWM) MB after the runs (default heap; JVM options '${SERVICE_JAVA_OPTS:-}').")
  bench_stop_pid "$SERVICE_PID" 40
  if [[ $name == national ]]; then
    timed_java "$WORK/inprocess.txt" ${INPROCESS_JAVA_OPTS:-} -cp "$CP" org.pvmon.bench.StatementsBench inprocess --db "$dir/inprocess.db" \
      --month "$MONTH" --label national_inprocess
    cat "$WORK/inprocess.txt" >>"$OUT"
    ROWS+=("| national | in one JVM, every county, energy from the in-memory stand-in | 1 | **$(kv "$OUT" national_inprocess_total_ms) ms**; phases $(kv "$OUT" national_inprocess_phases); $(kv "$OUT" national_inprocess_results); VmHWM $(kv "$OUT" national_inprocess_vmhwm_mb) MB (max heap $(kv "$OUT" national_inprocess_heap_max_mb) MB) | |")
  fi
  NOTES+=("- $name: registry generated in ${gen_reg} s ($(grep -h 'gen registry:' "$dir/gen.txt" | sed 's/^gen registry: //' | paste -sd ';' -)); readings in ${gen_read} s ($(sed -n 's/^gen readings: \([0-9]*\) points written/\1 points/p' "$dir/gen.txt")); service start ${SERVICE_START_S} s; registry file $(du -m "$dir/data/registry.db" | cut -f1) MB.")
}

scale county 60 "$COUNTY_HOUSEHOLDS"
[[ $COUNTY_ONLY == 1 ]] || scale national "$NATIONAL_STATIONS" "$NATIONAL_HOUSEHOLDS"

mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/$(date +%Y-%m-%d-%H%M).md
{
  echo "# Statement benchmark, $(date -Iseconds)"
  echo
  machine_line
  echo
  echo "Month $MONTH. Fleet as Gen makes it: 60 stations per county, 10 per township, one village per station, each station"
  echo "owned by its village alone; households ~$((COUNTY_HOUSEHOLDS / 60)) per village (county run) and"
  echo "$(awk -v h="$NATIONAL_HOUSEHOLDS" -v s="$NATIONAL_STATIONS" 'BEGIN {printf "%.1f", h / s}') (national run), 1 in 12 with each"
  echo "attribute, 1 in 20 enrolled this year, 2 posts per village. One reading per station per day at local midnight."
  echo "Path measured: the month-end run that creates every village's draft (StatementBatch: bulk registry reads per kind,"
  echo "one StationEnergy.daily call for all stations, the distribution in memory, one write transaction per county), on the"
  echo "real service (POST, JDK HttpClient on the same machine; rounds delete the drafts in between) and, nationally, also in"
  echo "one JVM with the energy from an in-memory stand-in (no InfluxDB). Phases as the service reports them (ms)."
  echo
  echo "| scale | what | rounds | time | phases / notes |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  printf '%s\n' "${NOTES[@]}"
  echo
  echo "Command: \`bench/statements/run.sh$([[ $COUNTY_ONLY == 1 ]] && echo ' --county-only') --national-timeout $NATIONAL_TIMEOUT\`."
} >"$REPORT"
echo
cat "$REPORT"
blog "report written to $REPORT"

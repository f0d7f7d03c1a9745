#!/usr/bin/env bash
# Statement benchmark (issue 3 item 10): one month of village distribution statements for a county (60 stations,
# ~3,000 households; target ≤ 1 s) and at national scale (100,000 stations, 4.15 million households in the
# registry; target ≤ 2 min), time and memory.
#
#   bench/statements/run.sh                  # county, then national (~15 minutes, most of it generating data)
#   bench/statements/run.sh --county-only    # the county alone (~2 minutes)
#   bench/statements/run.sh --help
#
# For each scale: a private influxd and mosquitto under a temp dir, a generated SQLite registry (stations and
# villages through the registry's own station-list import; tariffs, households, enrollments, attributes and posts
# by batched JDBC in one transaction; bench/java/org/pvmon/bench/Gen.java), one reading a day per station at local
# midnight over the month (and the days around it), then the real service jar, and the statements computed
# through the public API the service has today: GET /api/villages/{id}/statements/preview?month=M, one village at a
# time (bench/java/org/pvmon/bench/HttpLoad.java). County: all 60 villages of one county, 5 rounds. National: every
# village would be 100,000 requests; the run takes an evenly spread sample (--sample, default 1,000 villages) and
# extrapolates the mean to 100,000 villages; the report says so. Writes bench/statements/results/<date>.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NATIONAL_STATIONS=100000
NATIONAL_HOUSEHOLDS=4150000
COUNTY_HOUSEHOLDS=3000
SAMPLE=1000
COUNTY_ONLY=0
RESULTS_DIR=$HERE/results

usage() {
  cat <<EOF
usage: bench/statements/run.sh [options]
  --county-only          skip the national run
  --national-stations N  stations of the national run (default $NATIONAL_STATIONS; one village each)
  --national-households N  households of the national run (default $NATIONAL_HOUSEHOLDS)
  --sample N             villages previewed in the national run (default $SAMPLE), extrapolated to all
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
    --sample) SAMPLE=$2; shift 2 ;;
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
  bench_service "$dir/data" "$dir/stations.csv" "$db"
  java -cp "$CP" org.pvmon.bench.Gen preview-urls --base "$SERVICE_URL" --stations "$dir/stations.csv" --month "$MONTH" \
    --county 县0 --out "$dir/county-urls.txt" >&2
  # one county: all its villages in turn = one round; 5 rounds after 1 warm-up round
  java -cp "$CP" org.pvmon.bench.HttpLoad --label "${name}_county" --requests 5 --warmup 1 --max-seconds 300 \
    --urls-file "$dir/county-urls.txt" | tee -a "$OUT" >&2 || blog "county load failed"
  local c=${name}_county
  ROWS+=("| $name | one county (县0): its $(wc -l <"$dir/county-urls.txt") villages in turn | $(kv "$OUT" ${c}_n) rounds | p50 $(kv "$OUT" ${c}_p50_ms) ms, **max $(kv "$OUT" ${c}_max_ms) ms** | per village p50 $(kv "$OUT" ${c}_each_p50_ms) ms, p95 $(kv "$OUT" ${c}_each_p95_ms) ms | $(kv "$OUT" ${c}_errors) |")
  if [[ $name == national ]]; then
    java -cp "$CP" org.pvmon.bench.Gen preview-urls --base "$SERVICE_URL" --stations "$dir/stations.csv" --month "$MONTH" \
      --sample "$SAMPLE" --out "$dir/sample-urls.txt" >&2
    java -cp "$CP" org.pvmon.bench.HttpLoad --label national_sample --requests 1 --warmup 0 --max-seconds 3600 \
      --urls-file "$dir/sample-urls.txt" | tee -a "$OUT" >&2 || blog "national sample failed"
    local mean all
    mean=$(kv "$OUT" national_sample_each_mean_ms)
    all=$(awk -v m="$mean" -v n="$stations" 'BEGIN {printf "%.0f", m * n / 1000}')
    ROWS+=("| national | $SAMPLE villages spread evenly over $stations, in turn | 1 round: $(kv "$OUT" national_sample_p50_ms) ms | extrapolated to all $stations villages: **$all s** ($(awk -v s="$all" 'BEGIN {printf "%.1f", s / 60}') min) | per village p50 $(kv "$OUT" national_sample_each_p50_ms) ms, p95 $(kv "$OUT" national_sample_each_p95_ms) ms, mean $mean ms | $(kv "$OUT" national_sample_errors) |")
  fi
  NOTES+=("- $name: registry generated in ${gen_reg} s ($(grep -h 'gen registry:' "$dir/gen.txt" | sed 's/^gen registry: //' | paste -sd ';' -)); readings in ${gen_read} s ($(sed -n 's/^gen readings: \([0-9]*\) points written/\1 points/p' "$dir/gen.txt")); service start ${SERVICE_START_S} s; service VmHWM $(vm_mb "$SERVICE_PID" VmHWM) MB after the run; registry file $(du -m "$dir/data/registry.db" | cut -f1) MB.")
  bench_stop_pid "$SERVICE_PID" 40
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
  echo "Path measured: the service's public API today, GET /api/villages/{id}/statements/preview?month=$MONTH, one request at a"
  echo "time from a JDK HttpClient on the same machine (service default JVM options: '${SERVICE_JAVA_OPTS:-}')."
  echo
  echo "| scale | what | rounds | time for the set | single previews | errors |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  printf '%s\n' "${NOTES[@]}"
  echo
  echo "Command: \`bench/statements/run.sh$([[ $COUNTY_ONLY == 1 ]] && echo ' --county-only') --sample $SAMPLE\`."
} >"$REPORT"
echo
cat "$REPORT"
blog "report written to $REPORT"

#!/usr/bin/env bash
# InfluxDB disk and memory for one county-year of 5-minute readings, before and after retention + downsampling
# (issue 14 item 4: raw readings kept N days, hourly means kept forever).
#
#   bench/retention/run.sh                 # 200 stations, 365 days, raw kept 93 days
#   bench/retention/run.sh --quick         # smoke run: 20 stations, 30 days, raw kept 7 days
#   bench/retention/run.sh --stations 600 --days 365 --keep-days 93
#   bench/retention/run.sh --help
#
# Two scenarios, each on a fresh private influxd (etc/influxdb.conf.template, see "Config" below) under a temp dir, the
# same readings in both (bench/java/org/pvmon/bench/RetentionGen.java, fixed seed, same end time):
#   before  database pvmon, autogen DURATION INF (what the service did until now): the year of raw readings
#   after   ALTER RETENTION POLICY "autogen" ON "pvmon" DURATION <keep>d SHARD DURATION 1d DEFAULT and
#           CREATE RETENTION POLICY "hourly" ON "pvmon" DURATION INF REPLICATION 1, then the same year of raw
#           readings (influxd refuses those older than <keep> days: counted, and its answer kept verbatim) plus the
#           year's hourly means in "hourly"."reading_1h"
# For each: points written/accepted, write time, influxd VmHWM over the load, disk (du -sb data/ and wal/) once the
# files have stopped changing after a restart, VmRSS after the restart and after typical queries (each timed, first
# and second run), SHOW SERIES EXACT CARDINALITY, SHOW SHARDS, and the other processes' share of the CPU meanwhile.
# Writes bench/retention/results/<date>-<time>.md. Method and numbers: bench/README.md.
#
# Config: the shipped template plus two [data] timings, in both scenarios: cache-snapshot-write-cold-duration 10s
# (default 10m) and compact-full-write-cold-duration 30s (default 4h). They change when influxd writes its cache to
# TSM and fully compacts a cold shard, not what the files hold afterwards: the measured disk is what a production
# influxd reaches 4 h after a shard goes cold, without waiting 4 h.
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATIONS=200
DAYS=365
KEEP_DAYS=93
SEED=20161
WRITERS=2
HOURLY_DECIMALS=""
SETTLE_LIMIT=1200  # s: most to wait for the files to stop changing
STABLE_S=60        # s: unchanged this long = settled (longer than the 30 s full-compaction wait)
RESULTS_DIR=$HERE/results
QUICK=0
SCENARIOS="before after"

usage() {
  cat <<EOF
usage: bench/retention/run.sh [options]
  --stations N       county size (default $STATIONS; a county has 20-600)
  --days N           days of readings ending now (default $DAYS)
  --keep-days N      raw retention in the after scenario (default $KEEP_DAYS)
  --quick            smoke run: 20 stations, 30 days, raw kept 7 days
  --seed N           generator seed (default $SEED)
  --hourly-decimals D  round the hourly means to D decimals (default: full double precision)
  --writers N        concurrent HTTP writers (default $WRITERS; batches of 5000 points)
  --scenarios "..."  which to run (default "$SCENARIOS")
  --settle-limit S   most seconds to wait for influxd's files to settle (default $SETTLE_LIMIT)
  --results-dir DIR  where the report goes (default bench/retention/results)
  --keep             keep the temp dir
EOF
}
KEEP_ARG=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --stations) STATIONS=$2; shift 2 ;;
    --days) DAYS=$2; shift 2 ;;
    --keep-days) KEEP_DAYS=$2; shift 2 ;;
    --quick) QUICK=1; STATIONS=20; DAYS=30; KEEP_DAYS=7; shift ;;
    --seed) SEED=$2; shift 2 ;;
    --writers) WRITERS=$2; shift 2 ;;
    --hourly-decimals) HOURLY_DECIMALS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --settle-limit) SETTLE_LIMIT=$2; shift 2 ;;
    --results-dir) RESULTS_DIR=$2; shift 2 ;;
    --keep) KEEP_ARG=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in STATIONS DAYS KEEP_DAYS SEED WRITERS SETTLE_LIMIT; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || { echo "--${v,,}: a positive integer, got '${!v}'" >&2; exit 2; }
done
[[ -z $HOURLY_DECIMALS || $HOURLY_DECIMALS =~ ^[0-9]$ ]] || { echo "--hourly-decimals: 0-9, got '$HOURLY_DECIMALS'" >&2; exit 2; }
((KEEP_DAYS < DAYS)) || { echo "--keep-days ($KEEP_DAYS) must be below --days ($DAYS)" >&2; exit 2; }

# lib.sh: WORK (mktemp -d /tmp/pvmon-bench.XXXXXX), BENCH_PIDS stopped and WORK removed on exit and Ctrl-C, blog, die,
# render_template, wait_until, _http_is, free_port, bench_stop_pid, vm_mb, kv
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
KEEP=$KEEP_ARG
trap 'blog "failed at line $LINENO: $BASH_COMMAND"' ERR

[[ -x $INFLUXD_BIN ]] || apt_install influxdb
ensure_java_maven
for c in curl python3 javac du find md5sum; do command -v "$c" >/dev/null 2>&1 || die "$c is needed"; done
mkdir -p "$WORK/classes"
javac -encoding UTF-8 --release 17 -nowarn -d "$WORK/classes" "$BENCH_ROOT/java/org/pvmon/bench/RetentionGen.java" \
  || die "compiling RetentionGen failed"

RUN_STAMP=$(date +%Y-%m-%d-%H%M)
SUFFIX=""
if [[ $QUICK == 1 ]]; then SUFFIX=-quick; fi
RUN_T0=$(date +%s)
# one end time for both scenarios: the same readings in each
END=$(($(date +%s) / 300 * 300))
LOCAL_TODAY=$(TZ=Asia/Shanghai date -d "@$END" +%F)
TODAY0=$(TZ=Asia/Shanghai date -d "$LOCAL_TODAY 00:00" +%s)                    # local midnight of END's day
Q2_AGO=200
((DAYS >= Q2_AGO + 2)) || Q2_AGO=$((DAYS * 2 / 3))
YESTERDAY0=$((TODAY0 - 86400))
AGO0=$((TODAY0 - Q2_AGO * 86400))
START=$(((END / 3600 * 3600) - DAYS * 86400))                                      # RetentionGen's first reading
YEAR0=$(((START + 8 * 3600) / 86400 * 86400 - 8 * 3600 + 86400))                   # first whole local day
MONTH0=$((TODAY0 - 30 * 86400))

# ---- CPU accounting: /proc/stat (whole machine) minus what this script and its children used ----
HZ=$(getconf CLK_TCK)
# busy = user nice system irq softirq (not steal: the hypervisor's, no process here), all = busy + idle + iowait
machine_ticks() { awk '/^cpu / {b = $2 + $3 + $4 + $7 + $8; print b, b + $5 + $6}' /proc/stat; }
pid_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
own_ticks() { # into OWN: CPU of this shell and its waited-for children (java, curl, find...), not the running influxd
  times >"$WORK/times.txt" # in this shell: in a $(...) subshell `times` would count the subshell's
  OWN=$(awk -v hz="$HZ" '{for (i = 1; i <= 2; i++) {split($i, a, /[ms]/); t += (a[1] * 60 + a[2]) * hz}} END {printf "%.0f\n", t}' "$WORK/times.txt")
}
PHASE_FILE=$WORK/phases.txt
: >"$PHASE_FILE"
phase_begin() {
  read -r PH_BUSY PH_TOTAL < <(machine_ticks)
  PH_INFLUX=$(pid_ticks "$INFLUX_PID")
  own_ticks
  PH_OWN=$OWN
  PH_T=$(date +%s)
}
phase_end() { # SCENARIO PHASE: appends "scenario phase seconds total busy influxd own foreign" to PHASE_FILE
  local busy total influx own foreign
  read -r busy total < <(machine_ticks)
  influx=$(($(pid_ticks "$INFLUX_PID") - PH_INFLUX))
  own_ticks
  own=$((OWN - PH_OWN))
  busy=$((busy - PH_BUSY)); total=$((total - PH_TOTAL))
  foreign=$((busy - influx - own)); ((foreign >= 0)) || foreign=0
  echo "$1 $2 $(($(date +%s) - PH_T)) $total $busy $influx $own $foreign" >>"$PHASE_FILE"
  blog "$1 $2: $(($(date +%s) - PH_T)) s; other processes took $(awk -v f="$foreign" -v t="$total" 'BEGIN {printf "%.0f", t ? 100 * f / t : 0}') % of the machine"
}

# ---- influxd ----
influxd_start() { # DIR PORT: renders the config on first use; sets INFLUX_PID, INFLUX_URL, INFLUX_OPEN_S
  local dir=$1 port=$2 t0 pid
  mkdir -p "$dir"
  if [[ ! -f $dir/influxdb.conf ]]; then
    render_template "$ROOT/etc/influxdb.conf.template" "$dir/influxdb.conf" \
      "DATA_DIR=$dir" "HTTP_BIND_ADDRESS=127.0.0.1:$port" "RPC_BIND_ADDRESS=127.0.0.1:$(free_port)"
    sed -i 's/^\[data\]$/[data]\n  # bench\/retention: when, not what (see run.sh)\n  cache-snapshot-write-cold-duration = "10s"\n  compact-full-write-cold-duration = "30s"/' \
      "$dir/influxdb.conf"
    grep -q 'compact-full-write-cold-duration = "30s"' "$dir/influxdb.conf" || die "could not set the [data] timings"
  fi
  t0=$(date +%s%3N)
  (
    while read -r var; do unset "$var"; done < <(compgen -e | grep '^INFLUXDB_' || true)
    exec $(_detach) "$INFLUXD_BIN" -config "$dir/influxdb.conf"
  ) >>"$dir/influxd.log" 2>&1 </dev/null &
  pid=$!
  BENCH_PIDS+=("$pid")
  INFLUX_PID=$pid
  INFLUX_URL=http://127.0.0.1:$port
  wait_until 600 "$pid" "$dir/influxd.log" "influxd" _http_is 204 "$INFLUX_URL/ping" || die "influxd did not start"
  INFLUX_OPEN_S=$(awk -v a="$t0" -v b="$(date +%s%3N)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
  blog "influxd $INFLUX_URL (pid $pid) answering after ${INFLUX_OPEN_S}s"
}
influxd_stop() {
  local pid=$INFLUX_PID keep=() p
  bench_stop_pid "$pid" 120
  for p in "${BENCH_PIDS[@]}"; do [[ $p == "$pid" ]] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
}
iq() { # QUERY: POST (statements that change things), JSON on stdout
  curl -sS --max-time 600 -XPOST "$INFLUX_URL/query" --data-urlencode "db=pvmon" --data-urlencode "q=$1"
}
iq_ok() { # QUERY: as iq, dies on an error in the answer
  local a
  a=$(iq "$1") || die "influxd: $1: no answer"
  [[ $a != *'"error"'* ]] || die "influxd: $1: $a"
  printf '%s\n' "$a"
}

# rss_split PREFIX: VmRSS = RssAnon (heap, Go runtime) + RssFile (TSM files mapped and touched: page cache) + RssShmem
rss_split() {
  echo "${1}_rssanon_mb=$(vm_mb "$INFLUX_PID" RssAnon)"
  echo "${1}_rssfile_mb=$(vm_mb "$INFLUX_PID" RssFile)"
}
files_fingerprint() { # DIR
  find "$1/data" "$1/wal" -type f -printf '%P %s %T@\n' 2>/dev/null | sort | md5sum | cut -c1-32
}
# settle DIR: waits until no file under data/ and wal/ has changed for STABLE_S s (at most SETTLE_LIMIT s). Sets SETTLE_S.
settle() {
  local dir=$1 t0 last fp since
  t0=$(date +%s); last=""; since=$t0
  while :; do
    fp=$(files_fingerprint "$dir")
    if [[ $fp != "$last" ]] || compgen -G "$dir/data/*/*/*/*.tmp" >/dev/null; then last=$fp; since=$(date +%s); fi
    (($(date +%s) - since >= STABLE_S)) && break
    if (($(date +%s) - t0 >= SETTLE_LIMIT)); then
      blog "files still changing after ${SETTLE_LIMIT}s: measuring anyway"
      SETTLE_S="not settled within $SETTLE_LIMIT"
      return 0
    fi
    kill -0 "$INFLUX_PID" 2>/dev/null || die "influxd died while settling"
    sleep 5
  done
  SETTLE_S=$(($(date +%s) - t0 - STABLE_S))
  blog "files unchanged for ${STABLE_S}s, $SETTLE_S s after the wait began"
}
disk_kv() { # DIR PREFIX: du -sb of data, wal, each retention policy's directory; TSM file count
  local dir=$1 p=$2 rp
  echo "${p}_du_data=$(du -sb "$dir/data" | cut -f1)"
  echo "${p}_alloc_data=$(du -s --block-size=1 "$dir/data" | cut -f1)" # allocated blocks: the series file is sparse
  echo "${p}_du_series=$(du -sb "$dir/data/pvmon/_series" | cut -f1)"
  echo "${p}_alloc_series=$(du -s --block-size=1 "$dir/data/pvmon/_series" | cut -f1)"
  echo "${p}_du_wal=$(du -sb "$dir/wal" | cut -f1)"
  echo "${p}_du_meta=$(du -sb "$dir/meta" | cut -f1)"
  for rp in autogen hourly; do
    if [[ -d $dir/data/pvmon/$rp ]]; then echo "${p}_du_$rp=$(du -sb "$dir/data/pvmon/$rp" | cut -f1)"; else echo "${p}_du_$rp=0"; fi
  done
  echo "${p}_tsm_files=$(find "$dir/data" -name '*.tsm' | wc -l)"
  echo "${p}_wal_files=$(find "$dir/wal" -name '*.wal' -size +0 | wc -l)"
}

# query NAME SQL: runs it twice (first = cold after the restart, second = warm); records time, rows, sum of values
query() {
  local name=$1 sql=$2 run w code time size
  for run in 1 2; do
    w=$(curl -sS --max-time 600 -G "$INFLUX_URL/query" --data-urlencode "db=pvmon" --data-urlencode "epoch=s" \
      --data-urlencode "q=$sql" -o "$SDIR/q_$name.json" -w '%{http_code} %{time_total} %{size_download}') || w="000 0 0"
    read -r code time size <<<"$w"
    echo "q_${name}_status_$run=$code"
    echo "q_${name}_ms_$run=$(awk -v t="$time" 'BEGIN {printf "%.0f", t * 1000}')"
  done
  echo "q_${name}_bytes=$size"
  python3 - "$SDIR/q_$name.json" "$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); n = sys.argv[2]
rows = 0; total = 0.0; err = None
for r in d.get('results', []):
    if 'error' in r: err = r['error']
    for s in r.get('series', []):
        for v in s.get('values', []):
            rows += 1
            total += sum(x for x in v[1:] if isinstance(x, (int, float)))
print(f"q_{n}_rows={rows}")
print(f"q_{n}_sum={total:.2f}")
if err: print(f"q_{n}_error={err}")
PY
  echo "q_${name}_sql=$sql"
}

scenario() { # before|after
  local sc=$1 port t0
  SDIR=$WORK/$sc
  mkdir -p "$SDIR"
  local KV=$SDIR/result.kv
  : >"$KV"
  port=$(free_port)
  blog "=== scenario $sc ==="
  influxd_start "$SDIR/influxdb" "$port"
  iq_ok 'CREATE DATABASE "pvmon"' >/dev/null
  local gen_extra=()
  if [[ $sc == after ]]; then
    iq_ok "ALTER RETENTION POLICY \"autogen\" ON \"pvmon\" DURATION ${KEEP_DAYS}d SHARD DURATION 1d DEFAULT" >/dev/null
    iq_ok 'CREATE RETENTION POLICY "hourly" ON "pvmon" DURATION INF REPLICATION 1' >/dev/null
    gen_extra=(--hourly-rp hourly --raw-keep-days "$KEEP_DAYS")
    if [[ -n $HOURLY_DECIMALS ]]; then gen_extra+=(--hourly-decimals "$HOURLY_DECIMALS"); fi
  fi
  echo "retention_policies=$(iq_ok 'SHOW RETENTION POLICIES ON "pvmon"' | python3 -c 'import json,sys; d=json.load(sys.stdin); print("; ".join(" ".join(map(str, v)) for v in d["results"][0]["series"][0]["values"]))')" >>"$KV"

  # the load
  phase_begin
  t0=$(date +%s)
  java -Xmx512m -cp "$WORK/classes" org.pvmon.bench.RetentionGen --influx "$INFLUX_URL" --db pvmon \
    --stations "$STATIONS" --days "$DAYS" --end "$END" --seed "$SEED" --writers "$WRITERS" "${gen_extra[@]}" \
    --out "$SDIR/gen.kv" || die "RetentionGen failed"
  echo "load_influxd_cpu_s=$(awk -v a="$(pid_ticks "$INFLUX_PID")" -v b="$PH_INFLUX" -v hz="$HZ" 'BEGIN {printf "%.1f", (a - b) / hz}')" >>"$KV"
  phase_end "$sc" load
  cat "$SDIR/gen.kv" >>"$KV"
  {
    echo "load_wall_s=$(($(date +%s) - t0))"
    echo "load_vmhwm_mb=$(vm_mb "$INFLUX_PID" VmHWM)"
    echo "load_vmrss_mb=$(vm_mb "$INFLUX_PID" VmRSS)"
    rss_split load
  } >>"$KV"

  # settle, then restart and settle again
  phase_begin
  settle "$SDIR/influxdb"
  phase_end "$sc" settle
  { echo "settle1_s=$SETTLE_S"; disk_kv "$SDIR/influxdb" pre; echo "pre_vmrss_mb=$(vm_mb "$INFLUX_PID" VmRSS)"; } >>"$KV"
  influxd_stop
  influxd_start "$SDIR/influxdb" "$port"
  echo "restart_open_s=$INFLUX_OPEN_S" >>"$KV"
  phase_begin
  settle "$SDIR/influxdb"
  phase_end "$sc" restart-settle
  {
    echo "settle2_s=$SETTLE_S"
    disk_kv "$SDIR/influxdb" disk
    echo "restart_vmrss_mb=$(vm_mb "$INFLUX_PID" VmRSS)"
    echo "restart_vmhwm_mb=$(vm_mb "$INFLUX_PID" VmHWM)"
    rss_split restart
  } >>"$KV"

  # typical queries
  local hourly_from="reading" q2 q4
  if [[ $sc == after ]]; then
    q2="SELECT power_kw, power_max_kw, energy_kwh FROM \"hourly\".\"reading_1h\" WHERE station = 'S0001' AND time >= ${AGO0}s AND time < $((AGO0 + 86400))s"
    hourly_from='"hourly"."reading_1h"'
  else
    q2="SELECT mean(power_kw), max(power_kw), last(energy_kwh) FROM reading WHERE station = 'S0001' AND time >= ${AGO0}s AND time < $((AGO0 + 86400))s GROUP BY time(1h)"
  fi
  q4="SELECT non_negative_difference(last(energy_kwh)) FROM $hourly_from WHERE time >= $((YEAR0 - 86400))s AND time < ${TODAY0}s GROUP BY time(1d,-8h), station"
  phase_begin
  {
    query day_raw "SELECT power_kw, irradiance_wm2, module_temp_c, energy_kwh FROM reading WHERE station = 'S0001' AND time >= ${YESTERDAY0}s AND time < ${TODAY0}s"
    query day_old "$q2"
    query county_30d "SELECT non_negative_difference(last(energy_kwh)) FROM reading WHERE time >= $((MONTH0 - 86400))s AND time < ${TODAY0}s GROUP BY time(1d,-8h), station"
    query county_year "$q4"
    echo "queries_vmrss_mb=$(vm_mb "$INFLUX_PID" VmRSS)"
    echo "queries_vmhwm_mb=$(vm_mb "$INFLUX_PID" VmHWM)"
    rss_split queries
  } >>"$KV"
  phase_end "$sc" queries

  # counts (after the measured queries: these scan everything)
  {
    echo "count_raw=$(iq "SELECT count(power_kw) FROM reading" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; print(r["series"][0]["values"][0][1] if "series" in r else 0)')"
    echo "count_hourly=$(iq 'SELECT count(samples) FROM "hourly"."reading_1h"' | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; print(r["series"][0]["values"][0][1] if "series" in r else 0)')"
    echo "oldest_raw=$(iq "SELECT first(power_kw) FROM reading" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; print(r["series"][0]["values"][0][0][:16] if "series" in r else "-")')"
    card='import json,sys; d=json.load(sys.stdin); print(" ".join(s.get("name", "?") + "=" + str(s["values"][0][0]) for s in d["results"][0].get("series", [])) or json.dumps(d))'
    echo "series_cardinality=$(iq 'SHOW SERIES EXACT CARDINALITY' | python3 -c "$card")"
    echo "series_cardinality_est=$(iq 'SHOW SERIES CARDINALITY' | python3 -c "$card")"
    echo "series_keys=$(iq 'SHOW SERIES' | python3 -c '
import json, sys, collections
d = json.load(sys.stdin); c = collections.Counter()
for s in d["results"][0].get("series", []):
    for v in s["values"]: c[v[0].split(",")[0]] += 1
print(" ".join(f"{k}={n}" for k, n in sorted(c.items())))')"
    iq 'SHOW SHARDS' | python3 -c '
import json, sys, collections
d = json.load(sys.stdin); c = collections.Counter()
for s in d["results"][0].get("series", []):
    if s["name"] == "pvmon":
        for v in s["values"]: c[v[2]] += 1
print("shards=" + " ".join(f"{k}:{n}" for k, n in sorted(c.items())))
print("shards_total=%d" % sum(c.values()))'
    echo "counts_vmhwm_mb=$(vm_mb "$INFLUX_PID" VmHWM)"
    echo "counts_vmrss_mb=$(vm_mb "$INFLUX_PID" VmRSS)"
    rss_split counts
  } >>"$KV"

  if [[ $sc == after ]]; then probe; fi
  influxd_stop
  mkdir -p "$RESULTS_DIR"
  cp "$KV" "$RESULTS_DIR/$RUN_STAMP$SUFFIX-$sc.kv" # kept even if the report fails
  blog "scenario $sc done: $(tr '\n' ' ' <"$KV" | cut -c1-400)..."
}

# probe: InfluxDB's exact answer (status line, error header, body) to points beyond the retention policy, on a
# separate database with the same policies (so nothing measured changes).
probe() {
  local old new
  old=$((END - (KEEP_DAYS + 30) * 86400))
  new=$((END - 3600))
  iq_ok 'CREATE DATABASE "retention_probe"' >/dev/null
  iq_ok "ALTER RETENTION POLICY \"autogen\" ON \"retention_probe\" DURATION ${KEEP_DAYS}d SHARD DURATION 1d DEFAULT" >/dev/null
  {
    echo "### one point $((KEEP_DAYS + 30)) days old"
    echo
    echo '```'
    printf 'reading,station=S0001 power_kw=0,energy_kwh=1,state="standby",fault_code=0 %s\n' "$old" \
      | curl -sS -i -XPOST "$INFLUX_URL/write?db=retention_probe&precision=s" --data-binary @- | grep -v -i '^date:\|^request-id:' | tr -d '\r'
    echo
    echo '```'
    echo
    echo "### one point $((KEEP_DAYS + 30)) days old and one an hour old, in one request"
    echo
    echo '```'
    printf 'reading,station=S0001 power_kw=0,energy_kwh=1,state="standby",fault_code=0 %s\nreading,station=S0001 power_kw=1,energy_kwh=2,state="running",fault_code=0 %s\n' "$old" "$new" \
      | curl -sS -i -XPOST "$INFLUX_URL/write?db=retention_probe&precision=s" --data-binary @- | grep -v -i '^date:\|^request-id:' | tr -d '\r'
    echo
    echo '```'
    echo
    echo "Points stored in retention_probe afterwards (SELECT count(power_kw)): $(curl -sS -G "$INFLUX_URL/query" --data-urlencode db=retention_probe --data-urlencode 'q=SELECT count(power_kw) FROM reading')"
  } >"$WORK/probe.md"
  iq_ok 'DROP DATABASE "retention_probe"' >/dev/null
}

blog "county: $STATIONS stations, $DAYS days to $(date -u -d "@$END" +%FT%TZ), raw kept $KEEP_DAYS days after; seed $SEED"
read -r RUN_BUSY0 RUN_TOTAL0 < <(machine_ticks)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for sc in $SCENARIOS; do scenario "$sc"; done
read -r RUN_BUSY1 RUN_TOTAL1 < <(machine_ticks)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
RUN_S=$(($(date +%s) - RUN_T0))

# ---- the report ----
mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/$RUN_STAMP$SUFFIX.md
B=$WORK/before/result.kv
A=$WORK/after/result.kv
mkdir -p "$WORK/before" "$WORK/after"
[[ -f $B ]] || : >"$B"
[[ -f $A ]] || : >"$A"
val() { local v; v=$(kv "$1" "$2"); printf '%s' "${v:--}"; }
mb() { local v; v=$(kv "$1" "$2"); [[ $v =~ ^[0-9]+$ ]] && awk -v b="$v" 'BEGIN {printf "%.1f", b / 1048576}' || printf '%s' "${v:--}"; }
group() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; } # 1234567 -> 1,234,567
num() { local v; v=$(kv "$1" "$2"); [[ $v =~ ^[0-9]+$ ]] && printf '%s' "$v" | group || printf '%s' "${v:--}"; }
row() { echo "| $1 | $2 | $3 |"; }
foreign() { # SCENARIO: other processes' % of the machine over its phases
  awk -v s="$1" '$1 == s {t += $4; f += $8} END {if (t) printf "%.0f %%", 100 * f / t; else printf "-"}' "$PHASE_FILE"
}
foreign_phase() { awk -v s="$1" -v p="$2" '$1 == s && $2 == p {printf "%.0f %%", $4 ? 100 * $8 / $4 : 0}' "$PHASE_FILE"; }
qrow() { # NAME LABEL
  row "$2: first / second run (ms), rows" \
    "$(val "$B" "q_$1_ms_1") / $(val "$B" "q_$1_ms_2"), $(val "$B" "q_$1_rows")" \
    "$(val "$A" "q_$1_ms_1") / $(val "$A" "q_$1_ms_2"), $(val "$A" "q_$1_rows")"
}
pps() { awk -v p="$(kv "$1" raw_points)" -v h="$(kv "$1" hourly_points)" -v s="$(kv "$1" write_s)" 'BEGIN {if (s > 0) printf "%.0f", (p + h) / s; else printf "-"}' | group; }
{
  echo "# InfluxDB before/after retention and hourly downsampling, $(date -Iseconds)"
  echo
  echo "Command: \`bench/retention/run.sh$([[ $QUICK == 1 ]] && echo " --quick" || echo " --stations $STATIONS --days $DAYS --keep-days $KEEP_DAYS")\`" \
    "(seed $SEED, $WRITERS writers, batches of 5000 points$([[ -n $HOURLY_DECIMALS ]] && echo ", hourly means rounded to $HOURLY_DECIMALS decimals" || echo ", hourly means at full precision"); scenarios: $SCENARIOS). Total run time: $RUN_S s."
  echo
  echo "Machine: $(nproc) cores (nproc), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)," \
    "$(awk '/^MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo) GB RAM, $(uname -sr);" \
    "disk: $(df -PT "$WORK" | awk 'NR == 2 {print $2 " on " $1}') ($(lsblk -dno NAME,ROTA,SIZE 2>/dev/null | awk '$1 !~ /^(zram|loop)/ {printf "%s%s rotational=%s %s", (n++ ? ", " : ""), $1, $2, $3}'));" \
    "$("$INFLUXD_BIN" version 2>/dev/null | head -n 1); $(java -version 2>&1 | head -n 1)."
  echo
  echo "Other processes on the machine (builds and tests of other sessions): $(awk -v b0="$RUN_BUSY0" -v b1="$RUN_BUSY1" -v t0="$RUN_TOTAL0" -v t1="$RUN_TOTAL1" 'BEGIN {printf "%.0f", 100 * (b1 - b0) / (t1 - t0)}') %" \
    "of the machine was busy over the whole run (all processes, /proc/stat); of that, processes other than this" \
    "benchmark's (influxd, the generator, curl) took **$(foreign before)** during the before scenario's phases and" \
    "**$(foreign after)** during the after scenario's. Load average at the start $LOAD_START, at the end $LOAD_END."
  echo
  echo "County: $STATIONS stations (S0001...), 30-300 kWp, one reading every 5 minutes day and night from" \
    "$(TZ=Asia/Shanghai date -d "@$START" '+%F %H:%M') to" \
    "$(TZ=Asia/Shanghai date -d "@$END" '+%F %H:%M') Asia/Shanghai ($DAYS days). Raw kept $KEEP_DAYS days in the after scenario."
  echo
  echo "| | before: autogen INF | after: autogen ${KEEP_DAYS}d + hourly INF |"
  echo "|---|---|---|"
  row "retention policies (name duration shardGroupDuration replicaN default)" "$(val "$B" retention_policies)" "$(val "$A" retention_policies)"
  row "raw points sent" "$(num "$B" raw_points)" "$(num "$A" raw_points)"
  row "raw points accepted (count(power_kw) afterwards)" "$(num "$B" raw_accepted) ($(num "$B" count_raw))" "$(num "$A" raw_accepted) ($(num "$A" count_raw))"
  row "raw points refused (sum of influxd's dropped=N)" "$(num "$B" raw_dropped)" "$(num "$A" raw_dropped) (older than ${KEEP_DAYS} d when generated: $(num "$A" raw_older_than_keep_at_write))"
  row "hourly points written / accepted (count afterwards)" "-" "$(num "$A" hourly_points) / $(num "$A" hourly_accepted) ($(num "$A" count_hourly))"
  row "oldest raw point kept (UTC)" "$(val "$B" oldest_raw)" "$(val "$A" oldest_raw)"
  row "**write time** (s), points/s incl. refused" "**$(val "$B" write_s)**, $(pps "$B")" "**$(val "$A" write_s)**, $(pps "$A")"
  row "influxd CPU during the load (s) / generator CPU (s)" "$(val "$B" load_influxd_cpu_s) / $(val "$B" gen_cpu_s)" "$(val "$A" load_influxd_cpu_s) / $(val "$A" gen_cpu_s)"
  row "**influxd VmHWM over the load** (MB)" "**$(val "$B" load_vmhwm_mb)**" "**$(val "$A" load_vmhwm_mb)**"
  row "influxd VmRSS at the end of the load (MB): RssAnon + RssFile" "$(val "$B" load_vmrss_mb): $(val "$B" load_rssanon_mb) + $(val "$B" load_rssfile_mb)" "$(val "$A" load_vmrss_mb): $(val "$A" load_rssanon_mb) + $(val "$A" load_rssfile_mb)"
  row "files settled after the load (s) / after the restart (s)" "$(val "$B" settle1_s) / $(val "$B" settle2_s)" "$(val "$A" settle1_s) / $(val "$A" settle2_s)"
  row "**disk: data/ (MB, du -sb)**, after the restart, settled" "**$(mb "$B" disk_du_data)**" "**$(mb "$A" disk_du_data)**"
  row "of which autogen / hourly / _series (MB, du -sb)" "$(mb "$B" disk_du_autogen) / - / $(mb "$B" disk_du_series)" "$(mb "$A" disk_du_autogen) / $(mb "$A" disk_du_hourly) / $(mb "$A" disk_du_series)"
  row "**disk: data/ allocated (MB, du -s --block-size=1)**, _series allocated" "**$(mb "$B" disk_alloc_data)**, $(mb "$B" disk_alloc_series)" "**$(mb "$A" disk_alloc_data)**, $(mb "$A" disk_alloc_series)"
  row "disk: wal/ (MB), non-empty WAL files" "$(mb "$B" disk_du_wal), $(val "$B" disk_wal_files)" "$(mb "$A" disk_du_wal), $(val "$A" disk_wal_files)"
  row "disk: data/ + wal/ before the restart (MB)" "$(awk -v a="$(kv "$B" pre_du_data)" -v b="$(kv "$B" pre_du_wal)" 'BEGIN {printf "%.1f", (a + b) / 1048576}')" "$(awk -v a="$(kv "$A" pre_du_data)" -v b="$(kv "$A" pre_du_wal)" 'BEGIN {printf "%.1f", (a + b) / 1048576}')"
  row "TSM files" "$(val "$B" disk_tsm_files)" "$(val "$A" disk_tsm_files)"
  row "restart: until /ping answers (s)" "$(val "$B" restart_open_s)" "$(val "$A" restart_open_s)"
  row "**influxd VmRSS after the restart** (settled, MB): RssAnon + RssFile" "**$(val "$B" restart_vmrss_mb)**: $(val "$B" restart_rssanon_mb) + $(val "$B" restart_rssfile_mb)" "**$(val "$A" restart_vmrss_mb)**: $(val "$A" restart_rssanon_mb) + $(val "$A" restart_rssfile_mb)"
  qrow day_raw "station S0001 yesterday, raw"
  qrow day_old "S0001 ${Q2_AGO} days ago (before: raw GROUP BY time(1h); after: hourly)"
  qrow county_30d "county per-day energy, last 30 days (raw in both)"
  qrow county_year "county per-day energy, $((DAYS - 1)) days (before: raw; after: hourly)"
  row "**influxd VmRSS after the queries** (MB): RssAnon + RssFile; VmHWM since the restart" "**$(val "$B" queries_vmrss_mb)**: $(val "$B" queries_rssanon_mb) + $(val "$B" queries_rssfile_mb); $(val "$B" queries_vmhwm_mb)" "**$(val "$A" queries_vmrss_mb)**: $(val "$A" queries_rssanon_mb) + $(val "$A" queries_rssfile_mb); $(val "$A" queries_vmhwm_mb)"
  row "after count() over all raw and hourly points: VmRSS (RssAnon + RssFile); VmHWM (MB)" "$(val "$B" counts_vmrss_mb) ($(val "$B" counts_rssanon_mb) + $(val "$B" counts_rssfile_mb)); $(val "$B" counts_vmhwm_mb)" "$(val "$A" counts_vmrss_mb) ($(val "$A" counts_rssanon_mb) + $(val "$A" counts_rssfile_mb)); $(val "$A" counts_vmhwm_mb)"
  row "SHOW SERIES EXACT CARDINALITY / SHOW SERIES CARDINALITY (1.6: summed over shards)" "$(val "$B" series_cardinality) / $(val "$B" series_cardinality_est)" "$(val "$A" series_cardinality) / $(val "$A" series_cardinality_est)"
  row "series keys (SHOW SERIES, per measurement)" "$(val "$B" series_keys)" "$(val "$A" series_keys)"
  row "SHOW SHARDS (database pvmon, per policy)" "$(val "$B" shards_total) ($(val "$B" shards))" "$(val "$A" shards_total) ($(val "$A" shards))"
  row "other processes' share of the machine: load / settle / restart+settle / queries" \
    "$(foreign_phase before load) / $(foreign_phase before settle) / $(foreign_phase before restart-settle) / $(foreign_phase before queries)" \
    "$(foreign_phase after load) / $(foreign_phase after settle) / $(foreign_phase after restart-settle) / $(foreign_phase after queries)"
  echo
  echo "Query results agree between the scenarios when the sums match (sum of all returned values):" \
    "yesterday $(val "$B" q_day_raw_sum) / $(val "$A" q_day_raw_sum);" \
    "${Q2_AGO} days ago $(val "$B" q_day_old_sum) / $(val "$A" q_day_old_sum);" \
    "30 days $(val "$B" q_county_30d_sum) / $(val "$A" q_county_30d_sum);" \
    "year $(val "$B" q_county_year_sum) / $(val "$A" q_county_year_sum)."
  echo
  echo "## What influxd answered to the points beyond the retention policy (after scenario)"
  echo
  echo "During the load, each kind of non-204 answer (numbers masked), how often, and the first one verbatim:"
  echo
  n=$(kv "$A" answer_kinds); n=${n:-0}
  for ((i = 1; i <= n; i++)); do
    echo "- $(kv "$A" "answer_${i}_count") × \`$(kv "$A" "answer_${i}_kind")\` (dropped summed: $(num "$A" "answer_${i}_dropped"));" \
      "first: \`$(kv "$A" "answer_${i}_first")\`"
  done
  ((n > 0)) || echo "- none"
  echo "- batches answered 204: raw $(val "$A" raw_batches_204), hourly $(val "$A" hourly_batches_204)"
  echo
  echo "Probed afterwards on the same influxd, a database with the same ${KEEP_DAYS}-day policy (\`curl -i\`, Date and Request-Id lines left out):"
  echo
  [[ -f $WORK/probe.md ]] && cat "$WORK/probe.md" || echo "(no probe: the after scenario did not run)"
  echo
  echo "## Queries"
  echo
  for sc in before after; do
    f=$WORK/$sc/result.kv
    [[ -s $f ]] || continue
    echo "$sc:"
    echo
    for q in day_raw day_old county_30d county_year; do
      echo "- \`$(kv "$f" "q_${q}_sql")\` (HTTP $(kv "$f" "q_${q}_status_1"), $(num "$f" "q_${q}_bytes") bytes$(e=$(kv "$f" "q_${q}_error"); [[ -n $e ]] && echo ", error: $e"))"
    done
    echo
  done
  echo "Phases (scenario phase seconds machine-ticks busy-ticks influxd-ticks own-ticks other-ticks; $HZ ticks/s per core):"
  echo
  echo '```'
  cat "$PHASE_FILE"
  echo '```'
} >"$REPORT"
echo
cat "$REPORT"
blog "report written to $REPORT"

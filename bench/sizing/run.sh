#!/usr/bin/env bash
# Sizing run (issue 14 item 6): a national-shape fleet on two service instances sharing one PostgreSQL, one mosquitto
# and one InfluxDB, all on this machine, and what each of them needs.
#
#   bench/sizing/run.sh --quick              # smoke run: 600 stations (a county), 24,900 households (~1.5 minutes)
#   bench/sizing/run.sh                      # default scale: 20,000 stations, 830,000 households (~7 minutes)
#   bench/sizing/run.sh --stations 100000    # the nation: 100,000 stations, 4.15 M households (~41.5 a village);
#                                            # did not settle on 2 shared cores (bench/README.md "Sizing")
#   bench/sizing/run.sh --help
#
# From one command, under one temp dir (removed at the end, also on Ctrl-C; --keep keeps it), on free loopback ports:
#   1. a private PostgreSQL (initdb + postgres from /usr/lib/postgresql/*/bin, as the tests start it; production
#      settings otherwise: fsync on, the initdb defaults), mosquitto with the shipped config and broker logins, influxd;
#   2. the registry generated into PostgreSQL (bench/java/org/pvmon/bench/Gen.java: stations and villages through the
#      registry's own import, households, enrollments, attributes, posts by batched JDBC) and readings straight into
#      InfluxDB: two a day (00:00, 12:00) from the day before the statement month, one an hour over the last 48 h;
#   3. TWO service instances (the real jar) on that PostgreSQL in one shared-subscription group (client ids
#      pvmon-1, pvmon-2), each with its own data dir; waits until both have their recent readings in memory and the
#      holder of the energy-days lease has stored the kept closed days;
#   then measures
#   (a) ingest: bench/ingest/loadgen publishes --messages readings (stamped 200 days back, so they touch neither the
#       statement month nor the alert window) to the stations of the registry; both instances' counters polled until
#       every published reading is written; stored == published checked in InfluxDB; msg/s, CPU per message and RSS
#       of each instance;
#   (b) month-end drafts of every county: POST /api/statements/drafts?month=M on instance 1 and, at the same moment,
#       on instance 2; time, what each created, and in PostgreSQL that each village has exactly one draft;
#   (c) the alert cycle: which instance holds the alert-evaluation lease (its scheduled runs in its log), then
#       POST /api/alerts/evaluate on it, timed, --alert-cycles times;
#   (d) PostgreSQL's database size and memory (PSS of all its processes), influxd's disk and memory, each instance's
#       peak RSS (VmHWM).
# CPU of every process this script started is read from /proc at the start and end of each phase; the machine's
# busy time minus that is the foreign load (other users of the machine), reported per phase.
# Writes bench/sizing/results/<date>-<time>.md. Method and numbers: bench/README.md "Sizing".
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATIONS=20000
HOUSEHOLDS=
MESSAGES=500000
ALERT_CYCLES=3
ENERGY_DAYS_LIMIT=3600
DRAFTS_TIMEOUT=1800
POOL_SIZE=10
QUICK=0
LABEL=
MONTH=
RESULTS_DIR=$HERE/results
LOADGEN_JAVA_OPTS=${LOADGEN_JAVA_OPTS:--Xms256m -Xmx1g}
COMMAND="bench/sizing/run.sh $*"

usage() {
  cat <<EOF
usage: bench/sizing/run.sh [options]
  --stations N           stations, one village each, 60 per county (default $STATIONS)
  --households N         households in the registry (default 41.5 per village: 4.15 M at 100,000 stations)
  --messages N           readings published in the ingest phase (default $MESSAGES)
  --alert-cycles N       timed POST /api/alerts/evaluate on the lease holder (default $ALERT_CYCLES)
  --month yyyy-MM        the statement month (default: the last complete month, Asia/Shanghai)
  --pool-size N          each instance's registry.pool-size (default $POOL_SIZE)
  --energy-days-limit S  wait at most S s for the kept closed days to be stored (default $ENERGY_DAYS_LIMIT)
  --drafts-timeout S     give each month-end POST at most S s (default $DRAFTS_TIMEOUT)
  --quick                smoke run: --stations 600 --messages 100000 (a county)
  --label TEXT           appended to the report's file name
  --jar PATH             service jar (default target/pvmon.jar, built when missing)
  --results-dir DIR      where the report goes (default bench/sizing/results)
  --keep                 keep the temp dir (logs, databases)
env: SERVICE_JAVA_OPTS (the instances' JVM options; default by scale as docs/operations.md "Memory and JVM options"
     says: etc/jvm.options up to 1,000 stations, -Xmx1500m G1 up to 20,000, -Xmx4g G1 above, each with
     -XX:+ExitOnOutOfMemoryError), LOADGEN_JAVA_OPTS (default "$LOADGEN_JAVA_OPTS"), PG_BIN_DIR (PostgreSQL's bin dir)
EOF
}
# shellcheck disable=SC2034 # JAR and KEEP are read by bench/lib.sh
while [[ $# -gt 0 ]]; do
  case $1 in
    --stations) STATIONS=$2; shift 2 ;;
    --households) HOUSEHOLDS=$2; shift 2 ;;
    --messages) MESSAGES=$2; shift 2 ;;
    --alert-cycles) ALERT_CYCLES=$2; shift 2 ;;
    --month) MONTH=$2; shift 2 ;;
    --pool-size) POOL_SIZE=$2; shift 2 ;;
    --energy-days-limit) ENERGY_DAYS_LIMIT=$2; shift 2 ;;
    --drafts-timeout) DRAFTS_TIMEOUT=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --label) LABEL=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --results-dir) RESULTS_DIR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ $QUICK == 1 ]]; then STATIONS=600 MESSAGES=100000; fi
[[ $STATIONS =~ ^[0-9]+$ && $STATIONS -ge 60 ]] || { echo "--stations: at least 60 (one county)" >&2; exit 2; }
[[ -n $HOUSEHOLDS ]] || HOUSEHOLDS=$(awk -v s="$STATIONS" 'BEGIN {printf "%d", s * 41.5}')
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
[[ -n $MONTH ]] || MONTH=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 day" +%Y-%m)
if [[ -z ${SERVICE_JAVA_OPTS:-} ]]; then
  if ((STATIONS <= 1000)); then
    SERVICE_JAVA_OPTS="$(grep -v '^#' "$ROOT/etc/jvm.options" | tr '\n' ' ')-XX:+ExitOnOutOfMemoryError"
  elif ((STATIONS <= 20000)); then
    SERVICE_JAVA_OPTS="-Xmx1500m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"
  else
    # docs/operations.md says -Xmx3g for the nation (an estimate); 4g here so that the run completes, and the GC log
    # below says how much of it was live
    SERVICE_JAVA_OPTS="-Xmx4g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"
  fi
fi
HZ=$(getconf CLK_TCK)
NPROC=$(nproc)
T_RUN0=$(date +%s)

# ---------------------------------------------------------------- measuring helpers

# cpu_snap LABEL: one line into $WORK/snaps: LABEL epoch_ms machine_busy_ticks then, per name, the CPU ticks
# (utime+stime+cutime+cstime) of that process and its descendants: mine (this script's whole tree), one, two, pg,
# influxd, mosquitto. Descendants' reaped children are in their parents' cutime/cstime, so nothing is counted twice.
cpu_snap() {
  python3 - "$1" "$$" "mine=$$" "one=${ONE_PID:-0}" "two=${TWO_PID:-0}" "pg=${PG_PID:-0}" "influxd=${INFLUXD_PID:-0}" \
    "mosquitto=${MOSQ_PID:-0}" >>"$WORK/snaps" <<'PY'
import os, sys, time
label = sys.argv[1]
procs = {}
for d in os.listdir('/proc'):
    if not d.isdigit():
        continue
    try:
        s = open('/proc/%s/stat' % d).read()
    except OSError:
        continue
    f = s[s.rindex(')') + 2:].split()
    procs[int(d)] = (int(f[1]), sum(int(x) for x in f[11:15]))
kids = {}
for pid, (ppid, _) in procs.items():
    kids.setdefault(ppid, []).append(pid)
def tree(root):
    if root not in procs:
        return 0
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += procs[p][1]
        todo.extend(kids.get(p, []))
    return total
cpu = open('/proc/stat').readline().split()[1:]
busy = sum(int(cpu[i]) for i in (0, 1, 2, 5, 6, 7))
out = [label, str(int(time.time() * 1000)), str(busy)]
for arg in sys.argv[3:]:
    name, pid = arg.split('=')
    out.append('%s=%d' % (name, tree(int(pid))))
print(' '.join(out))
PY
}

# phase_cpu FROM TO: "seconds machine% foreign% one_s two_s pg_s influxd_s mosquitto_s mine_s" between two cpu_snap labels
phase_cpu() {
  awk -v a="$1" -v b="$2" -v hz="$HZ" -v n="$NPROC" '
    $1 == a { ta = $2; ba = $3; for (i = 4; i <= NF; i++) { split($i, kv, "="); A[kv[1]] = kv[2] } }
    $1 == b { tb = $2; bb = $3; for (i = 4; i <= NF; i++) { split($i, kv, "="); B[kv[1]] = kv[2] } }
    END {
      s = (tb - ta) / 1000; if (s <= 0) s = 0.001
      busy = (bb - ba) / hz; mine = (B["mine"] - A["mine"]) / hz; foreign = busy - mine; if (foreign < 0) foreign = 0
      printf "%.1f %.0f %.0f %.1f %.1f %.1f %.1f %.1f %.1f\n", s, 100 * busy / (s * n), 100 * foreign / (s * n),
        (B["one"] - A["one"]) / hz, (B["two"] - A["two"]) / hz, (B["pg"] - A["pg"]) / hz, (B["influxd"] - A["influxd"]) / hz,
        (B["mosquitto"] - A["mosquitto"]) / hz, mine
    }' "$WORK/snaps"
}

# tree_mem PID: "pss_mb rss_mb" summed over PID and its descendants (PostgreSQL: the postmaster and its backends; PSS
# shares the shared buffers out instead of counting them once per process)
tree_mem() {
  python3 - "$1" <<'PY'
import os, sys
root = int(sys.argv[1])
kids = {}
for d in os.listdir('/proc'):
    if d.isdigit():
        try:
            s = open('/proc/%s/stat' % d).read()
        except OSError:
            continue
        kids.setdefault(int(s[s.rindex(')') + 2:].split()[1]), []).append(int(d))
pss = rss = 0
todo = [root]
while todo:
    p = todo.pop()
    todo.extend(kids.get(p, []))
    try:
        for line in open('/proc/%d/smaps_rollup' % p):
            if line.startswith('Pss:'): pss += int(line.split()[1])
            if line.startswith('Rss:'): rss += int(line.split()[1])
    except OSError:
        pass
print('%.0f %.0f' % (pss / 1024, rss / 1024))
PY
}

# json_get FIELD...: reads JSON on stdin, prints the fields (dotted paths) space-separated ("?" when missing)
json_get() {
  python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except Exception:
    d = {}
out = []
for path in sys.argv[1:]:
    v = d
    for k in path.split("."):
        v = v.get(k) if isinstance(v, dict) else None
    out.append("?" if v is None else (str(len(v)) if isinstance(v, list) else str(v)))
print(" ".join(out))' "$@"
}

# gc_mark LABEL: remembers how far each instance's GC log has got; gc_max NAME FROM TO: the highest heap occupancy
# after a collection (MB) between two marks: an upper bound of the live data (old garbage not yet collected counts)
gc_mark() {
  local n
  for n in one two; do echo "$1 $n $(wc -l <"$WORK/$n-gc.log" 2>/dev/null || echo 0)" >>"$WORK/gcmarks"; done
}
gc_max() {
  local from to
  from=$(awk -v l="$2" -v n="$1" '$1 == l && $2 == n {print $3}' "$WORK/gcmarks")
  to=$(awk -v l="$3" -v n="$1" '$1 == l && $2 == n {print $3}' "$WORK/gcmarks")
  sed -n "$((from + 1)),${to}p" "$WORK/$1-gc.log" | grep -o '[0-9]*M->[0-9]*M' | sed 's/.*->//; s/M//' | sort -n | tail -n 1 | grep . || echo "-"
}

ms_since() { awk -v a="$1" -v b="$(date +%s%3N)" 'BEGIN {printf "%.1f", (b - a) / 1000}'; }

# ---------------------------------------------------------------- servers

bench_prepare
ensure_postgres
PG_BIN=${PG_BIN_DIR:-$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d | sort -V | tail -n 1)}
PSQL=$PG_BIN/psql
LOADGEN_JAR=$ROOT/bench/ingest/loadgen/target/loadgen.jar
if [[ ! -f $LOADGEN_JAR ]]; then
  blog "building the load generator (bench/ingest/loadgen)"
  (cd "$ROOT/bench/ingest/loadgen" && mvn -q -B package) || die "loadgen build failed"
fi
cp "$LOADGEN_JAR" "$WORK/loadgen.jar"
: >"$WORK/snaps"
cpu_snap start

# PostgreSQL: a fresh cluster under $WORK/pg (user pvmon, trust on loopback), as src/test/.../testing/Postgres.java
# starts it; it refuses to run as root, so as root the cluster belongs to the package's postgres user.
start_postgres() {
  local as=() t0
  t0=$(date +%s%3N)
  PG_PORT=$(free_port)
  mkdir -p "$WORK/pg"
  if [[ $(id -u) == 0 ]]; then
    chmod 711 "$WORK"
    chown postgres: "$WORK/pg"
    as=(setpriv --reuid=postgres --regid=postgres --init-groups)
  fi
  "${as[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U pvmon --auth=trust --encoding=UTF8 --locale=C >"$WORK/pg/initdb.log" 2>&1 \
    || { tail -n 20 "$WORK/pg/initdb.log" >&2; die "initdb failed"; }
  $(_detach) "${as[@]}" "$PG_BIN/postgres" -D "$WORK/pg/data" -p "$PG_PORT" -k "$WORK/pg" -c listen_addresses=127.0.0.1 \
    >"$WORK/pg/postgres.log" 2>&1 </dev/null &
  PG_PID=$!
  BENCH_PIDS+=("$PG_PID")
  wait_until 60 "$PG_PID" "$WORK/pg/postgres.log" "postgres" "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U pvmon -d postgres -qAtc 'SELECT 1' \
    || die "postgres did not start (log $WORK/pg/postgres.log)"
  "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U pvmon -d postgres -qc 'CREATE DATABASE pvmon' >/dev/null
  PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/pvmon
  blog "postgres $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (pid $PG_PID) up after $(ms_since "$t0") s"
}
psql_q() { "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U pvmon -d pvmon -qAtF ' ' -c "$1"; }

start_postgres
bench_influxd
bench_mosquitto
MOSQ_PID=$(<"$WORK/mosquitto.pid")
export PVMON_BENCH_MQTT_PASSWORD=$BENCH_MQTT_PASSWORD # read by the load generator
DB=pvmon
influx_query "$DB" "CREATE DATABASE $DB" >/dev/null
cpu_snap servers

# ---------------------------------------------------------------- data

blog "--- generating $STATIONS stations, $HOUSEHOLDS households, month $MONTH"
java -cp "$CP" org.pvmon.bench.Gen stations --stations "$STATIONS" --id-prefix S --out "$WORK/stations.csv" | tee "$WORK/gen.txt" >&2
PER=$(awk -v h="$HOUSEHOLDS" -v s="$STATIONS" 'BEGIN {printf "%.4f", h / s}')
t0=$(date +%s%3N)
java -cp "$CP" org.pvmon.bench.Gen registry --jdbc "$PG_URL" --user pvmon --stations "$WORK/stations.csv" \
  --households-per-village "$PER" 2>&1 | grep -v DEBUG | tee -a "$WORK/gen.txt" >&2
psql_q 'ANALYZE' # what autovacuum would do on its own a little later
GEN_REGISTRY_S=$(ms_since "$t0")
cpu_snap gen_registry
# readings: the alerts bench's scheme (hourly over the last 48 h, two a day before), reaching back to the day before
# the statement month, so that the month-end drafts have every day of it; the newest 30 s before now
NOW=$(date +%s)
FROM_DAY=$(date -d "$MONTH-01 -1 day" +%F)
t0=$(date +%s%3N)
java -cp "$CP" org.pvmon.bench.Gen readings --influx "$INFLUX_URL" --db "$DB" --stations "$WORK/stations.csv" \
  --scheme alerts --now "$NOW" --from-day "$FROM_DAY" | tee -a "$WORK/gen.txt" >&2
GEN_READINGS_S=$(ms_since "$t0")
POINTS=$(sed -n 's/^gen readings: \([0-9]*\) points written/\1/p' "$WORK/gen.txt")
cpu_snap gen_readings

# ---------------------------------------------------------------- two instances

URL_one='' URL_two='' PID_one='' PID_two=''
# start_instance NAME: the service jar on the shared PostgreSQL, broker group and InfluxDB; client id pvmon-NAME
# shellcheck disable=SC2031 # the PVMON_* settings are meant for the instance's subshell only
start_instance() {
  local name=$1 port pid
  port=$(free_port)
  mkdir -p "$WORK/$name/data"
  (
    while read -r var; do unset "$var"; done < <(compgen -e | grep '^PVMON_' || true)
    export PVMON_HTTP_PORT=$port PVMON_MQTT_URL=$MQTT_URL PVMON_INFLUX_URL=$INFLUX_URL PVMON_INFLUX_DATABASE=$DB \
      PVMON_DATA_DIR=$WORK/$name/data PVMON_STATIONS_FILE=$WORK/stations.csv PVMON_MQTT_CLIENT_ID=pvmon-$name \
      PVMON_MQTT_GROUP=pvmon PVMON_MQTT_USERNAME=pvmon PVMON_MQTT_PASSWORD=$SERVICE_MQTT_PASSWORD \
      PVMON_REGISTRY_URL=$PG_URL PVMON_REGISTRY_USERNAME=pvmon PVMON_REGISTRY_POOL_SIZE=$POOL_SIZE
    # shellcheck disable=SC2086
    exec java $SERVICE_JAVA_OPTS "-Xlog:gc:file=$WORK/$name-gc.log" -jar "$WORK/pvmon.jar"
  ) >"$WORK/$name.log" 2>&1 </dev/null &
  pid=$!
  BENCH_PIDS+=("$pid")
  printf -v "URL_$name" '%s' "http://127.0.0.1:$port"
  printf -v "PID_$name" '%s' "$pid"
}

t0=$(date +%s%3N)
start_instance one
ONE_PID=$PID_one
wait_until 900 "$ONE_PID" "$WORK/one.log" "instance one" _http_is 200 "$URL_one/health/live" || die "instance one did not start"
START_ONE_S=$(ms_since "$t0")
blog "instance one $URL_one (pid $ONE_PID) up after ${START_ONE_S}s"
# the API wants a signed-in user: an API token of the first administrator (made by instance one's first start)
PVMON_TOKEN=$(env -u PVMON_CONFIG PVMON_DATA_DIR="$WORK/one/data" PVMON_STATIONS_FILE="$WORK/stations.csv" \
  PVMON_REGISTRY_URL="$PG_URL" PVMON_REGISTRY_USERNAME=pvmon \
  java -jar "$WORK/pvmon.jar" users token admin "sizing $(date +%F)" --days 1 2>>"$WORK/token.log") \
  || die "could not make the API token (log $WORK/token.log)"
export PVMON_TOKEN
t1=$(date +%s%3N)
start_instance two
TWO_PID=$PID_two
wait_until 900 "$TWO_PID" "$WORK/two.log" "instance two" _http_is 200 "$URL_two/health/live" || die "instance two did not start"
START_TWO_S=$(ms_since "$t1")
blog "instance two $URL_two (pid $TWO_PID) up after ${START_TWO_S}s"
cpu_snap started
gc_mark started

ready_field() { curl -s "$1/health/ready" | json_get "$2"; }
# both instances' recent readings in memory, and the closed days stored by the instance holding energy-days
t2=$(date +%s)
LOADED_ONE='' LOADED_TWO='' DAYS_DONE=''
d1='' d2=''

while :; do
  [[ -n $LOADED_ONE || $(ready_field "$URL_one" overview) != loaded ]] || LOADED_ONE=$(($(date +%s) - t2))
  [[ -n $LOADED_TWO || $(ready_field "$URL_two" overview) != loaded ]] || LOADED_TWO=$(($(date +%s) - t2))
  if [[ -z $DAYS_DONE ]]; then
    d1=$(ready_field "$URL_one" energyDays) d2=$(ready_field "$URL_two" energyDays)
    [[ $d1 == complete || $d2 == complete ]] && DAYS_DONE=$(($(date +%s) - t2)) DAYS_BY=$([[ $d1 == complete ]] && echo one || echo two)
  fi
  [[ -n $LOADED_ONE && -n $LOADED_TWO && -n $DAYS_DONE ]] && break
  if (($(date +%s) - t2 > ENERGY_DAYS_LIMIT)); then
    blog "not settled within $ENERGY_DAYS_LIMIT s (overview one=${LOADED_ONE:-no} two=${LOADED_TWO:-no}, energy days: $d1 / $d2)"
    DAYS_DONE=${DAYS_DONE:-"not within $ENERGY_DAYS_LIMIT"} LOADED_ONE=${LOADED_ONE:-"not within $ENERGY_DAYS_LIMIT"}
    LOADED_TWO=${LOADED_TWO:-"not within $ENERGY_DAYS_LIMIT"}
    break
  fi
  kill -0 "$ONE_PID" 2>/dev/null || die "instance one died (log $WORK/one.log)"
  kill -0 "$TWO_PID" 2>/dev/null || die "instance two died (log $WORK/two.log)"
  sleep 2
done
blog "settled: recent readings loaded one ${LOADED_ONE}s, two ${LOADED_TWO}s; closed days stored after ${DAYS_DONE}s (by ${DAYS_BY:-?})"
cpu_snap settled
gc_mark settled
WINDOW_LOG_ONE=$(grep -ho 'Recent readings in memory: .*' "$WORK/one.log" | tail -n 1 || true)
WINDOW_LOG_TWO=$(grep -ho 'Recent readings in memory: .*' "$WORK/two.log" | tail -n 1 || true)
STATION_DAYS=$(psql_q 'SELECT count(*) FROM station_days' 2>/dev/null || echo "?")
MEM_SETTLED_ONE="$(vm_mb "$ONE_PID" VmRSS) / $(vm_mb "$ONE_PID" VmHWM)"
MEM_SETTLED_TWO="$(vm_mb "$TWO_PID" VmRSS) / $(vm_mb "$TWO_PID" VmHWM)"

counters() { curl -s -H "Authorization: Bearer $PVMON_TOKEN" "$1/api/ingest/counters" | json_get received written replayed rejected dropped; }
lease_holder() { # lease name -> one / two / ? (pvmon_lease_held on each instance's /metrics)
  local n
  for n in one two; do
    local url=URL_$n
    if curl -s -H "Authorization: Bearer $PVMON_TOKEN" "${!url}/metrics" | grep -q "^pvmon_lease_held{lease=\"$1\"} 1"; then
      echo "$n"; return
    fi
  done
  echo "?"
}

# ---------------------------------------------------------------- (a) ingest across both instances

blog "--- (a) ingest: $MESSAGES readings through the broker to both instances"
loadgen() { # shellcheck disable=SC2086
  java $LOADGEN_JAVA_OPTS -jar "$WORK/loadgen.jar" "$@"; }
BASE=$(($(date +%s) - 200 * 86400))
# warm-up, not measured: 20,000 readings a day older than the measured ones
loadgen publish --broker "$MQTT_URL" --username pvmon-bench --station-prefix S --stations "$STATIONS" --capacity 60 \
  --total 20000 --connections 2 --inflight 100 --client-id warmup --time-base $((BASE - 86400)) >"$WORK/warmup.log" 2>&1 \
  || { tail -n 20 "$WORK/warmup.log" >&2; die "warm-up publish failed"; }
sleep 5
read -r R1 W1 P1 J1 D1 <<<"$(counters "$URL_one")"
read -r R2 W2 P2 J2 D2 <<<"$(counters "$URL_two")"
cpu_snap ingest_start
# shellcheck disable=SC2086
java $LOADGEN_JAVA_OPTS -jar "$WORK/loadgen.jar" publish --broker "$MQTT_URL" --username pvmon-bench --station-prefix S \
  --stations "$STATIONS" --capacity 60 --total "$MESSAGES" --connections 4 --inflight 250 --time-base "$BASE" \
  --result-file "$WORK/ingest.txt" --label sizing >"$WORK/loadgen.log" 2>&1 &
LG_PID=$!
BENCH_PIDS+=("$LG_PID")
INGEST_OK=yes
t0=$(date +%s)
while :; do
  read -r r1 w1 p1 j1 d1 <<<"$(counters "$URL_one")"
  read -r r2 w2 p2 j2 d2 <<<"$(counters "$URL_two")"
  T_STORED=$(date +%s%3N)
  DONE=$(((w1 + p1 - W1 - P1) + (w2 + p2 - W2 - P2)))
  if ! kill -0 "$LG_PID" 2>/dev/null; then
    [[ -n ${LG_RC:-} ]] || { LG_RC=0; wait "$LG_PID" || LG_RC=$?; }
    PUBLISHED=$(kv "$WORK/ingest.txt" published 2>/dev/null || echo 0)
    ((DONE >= ${PUBLISHED:-0})) && break
  fi
  if (($(date +%s) - t0 > 900)); then blog "ingest: not all written within 900 s"; INGEST_OK=no; break; fi
  sleep 0.25
done
cpu_snap ingest_end
gc_mark ingest_end
FIRST_MS=$(kv "$WORK/ingest.txt" t_first_publish_ms)
INGEST_S=$(awk -v a="$FIRST_MS" -v b="$T_STORED" 'BEGIN {printf "%.2f", (b - a) / 1000}')
INGEST_RATE=$(awk -v n="$PUBLISHED" -v s="$INGEST_S" 'BEGIN {printf "%.0f", n / s}')
SHARE_ONE=$((r1 - R1)) SHARE_TWO=$((r2 - R2))
OLDEST=$((BASE - (MESSAGES - 1) / STATIONS))
STORED=$(influx_query "$DB" "SELECT count(energy_kwh) FROM reading WHERE time >= ${OLDEST}s AND time <= ${BASE}s" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["results"][0].get("series"); print(s[0]["values"][0][1] if s else 0)')
[[ $STORED == "$PUBLISHED" && $LG_RC == 0 ]] || INGEST_OK=no
REJ=$(((j1 - J1) + (j2 - J2))) DROP=$(((d1 - D1) + (d2 - D2)))
read -r _ ING_MACH ING_FOREIGN ING_ONE ING_TWO ING_PG ING_INFLUX ING_MOSQ _ <<<"$(phase_cpu ingest_start ingest_end)"
us_per() { awk -v c="$1" -v n="$2" 'BEGIN {printf "%.1f", (n > 0 ? c * 1e6 / n : 0)}'; }
blog "ingest: $PUBLISHED published, $STORED stored, $INGEST_RATE msg/s; one $SHARE_ONE, two $SHARE_TWO"
ING_HWM_ONE=$(vm_mb "$ONE_PID" VmHWM) ING_HWM_TWO=$(vm_mb "$TWO_PID" VmHWM)

# ---------------------------------------------------------------- (b) month-end drafts, both instances at once

blog "--- (b) month-end drafts of every county, month $MONTH, asked of both instances at once"
cpu_snap drafts_start
t0=$(date +%s%3N)
java -cp "$CP" org.pvmon.bench.StatementsBench http --base "$URL_one" --path /api/statements/drafts --month "$MONTH" \
  --rounds 1 --warmup 0 --timeout-s "$DRAFTS_TIMEOUT" --again false --label one >"$WORK/drafts-one.txt" 2>&1 &
DA=$!
java -cp "$CP" org.pvmon.bench.StatementsBench http --base "$URL_two" --path /api/statements/drafts --month "$MONTH" \
  --rounds 1 --warmup 0 --timeout-s "$DRAFTS_TIMEOUT" --again false --label two >"$WORK/drafts-two.txt" 2>&1 &
DB_PID=$!
wait "$DA" || blog "drafts on one: exit $?"
T_DA=$(ms_since "$t0")
wait "$DB_PID" || blog "drafts on two: exit $?"
T_DB=$(ms_since "$t0")
cpu_snap drafts_end
gc_mark drafts_end
cat "$WORK/drafts-one.txt" "$WORK/drafts-two.txt" >&2
read -r DRAFTS_ROWS DRAFTS_VILLAGES <<<"$(psql_q "SELECT count(*), count(DISTINCT village_id) FROM statements WHERE month = '$MONTH' AND kind = 'REGULAR'")"
VILLAGES=$(psql_q 'SELECT count(*) FROM villages')
read -r _ DR_MACH DR_FOREIGN DR_ONE DR_TWO DR_PG DR_INFLUX _ _ <<<"$(phase_cpu drafts_start drafts_end)"
drafts_cell() { # FILE LABEL
  local f=$1 l=$2
  if [[ -n $(kv "$f" "${l}_error") ]]; then
    echo "**failed** after $(kv "$f" "${l}_failed_after_ms") ms: HTTP $(kv "$f" "${l}_http_status") $(kv "$f" "${l}_error" | cut -c1-200)"
  else
    echo "$(kv "$f" "${l}_round1_ms") ms; created $(kv "$f" "${l}_created"), already there $(kv "$f" "${l}_already_there"), errors $(kv "$f" "${l}_errors") of $(kv "$f" "${l}_villages") villages; phases $(kv "$f" "${l}_round1_phases")"
  fi
}
DRAFTS_ONE=$(drafts_cell "$WORK/drafts-one.txt" one)
DRAFTS_TWO=$(drafts_cell "$WORK/drafts-two.txt" two)
DR_HWM_ONE=$(vm_mb "$ONE_PID" VmHWM) DR_HWM_TWO=$(vm_mb "$TWO_PID" VmHWM)
blog "drafts: one ${T_DA}s, two ${T_DB}s; $DRAFTS_ROWS drafts for $DRAFTS_VILLAGES of $VILLAGES villages"

# ---------------------------------------------------------------- (c) alert cycle

blog "--- (c) alert cycle"
HOLDER=$(lease_holder alert-evaluation)
DAYS_HOLDER=$(lease_holder energy-days)
# the scheduled evaluation (every alerts.evaluate-every-seconds, 60 s by default) runs on the lease holder only: wait
# for one that opens the fleet's alerts (at most 3 periods), and see in which instance's log it is
t0=$(date +%s)
while ! grep -q 'alerts: [0-9]* opened' "$WORK/one.log" "$WORK/two.log" && (($(date +%s) - t0 < 200)); do sleep 2; done
SCHED_WAIT=$(($(date +%s) - t0))
SCHED_ONE=$(grep -c 'alerts: [0-9]* opened' "$WORK/one.log" || true)
SCHED_TWO=$(grep -c 'alerts: [0-9]* opened' "$WORK/two.log" || true)
SCHED_FIRST=$(grep -h 'alerts: [0-9]* opened' "$WORK/one.log" "$WORK/two.log" | head -n 1 | grep -o 'alerts: [0-9]* opened' || echo "none within ${SCHED_WAIT} s")
CYCLES=()
cpu_snap alerts_start
if [[ $HOLDER == one || $HOLDER == two ]]; then
  hu=URL_$HOLDER
  for ((c = 1; c <= ALERT_CYCLES; c++)); do
    t0=$(date +%s%3N)
    body=$(curl -s -m 600 -X POST -H "Authorization: Bearer $PVMON_TOKEN" "${!hu}/api/alerts/evaluate")
    CYCLES+=("$(ms_since "$t0") s (opened $(json_get opened updated resolved failed <<<"$body" | awk '{printf "%s, updated %s, resolved %s, failed %s", $1, $2, $3, $4}'))")
    blog "alert cycle $c on $HOLDER: ${CYCLES[-1]}"
  done
fi
cpu_snap alerts_end
read -r AL_S AL_MACH AL_FOREIGN AL_ONE AL_TWO AL_PG AL_INFLUX _ _ <<<"$(phase_cpu alerts_start alerts_end)"
ALERTS_BY_TYPE=$(psql_q "SELECT type || ' ' || count(*) FROM alerts WHERE status <> 'RESOLVED' GROUP BY type ORDER BY type" | paste -sd ',' - | sed 's/,/, /g')
DEFERRED=$(cat "$WORK/one.log" "$WORK/two.log" | grep -c 'alert evaluation deferred' || true)

# ---------------------------------------------------------------- (d) sizes and memory

cpu_snap end
gc_mark end
PG_DB_MB=$(psql_q "SELECT pg_database_size('pvmon') / 1048576")
PG_TABLES=$(psql_q "SELECT relname || ' ' || pg_total_relation_size(c.oid) / 1048576 || ' MB' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6" | paste -sd ',' - | sed 's/,/, /g')
PG_DIR_MB=$(du -sm "$WORK/pg/data" | cut -f1)
read -r PG_PSS PG_RSS <<<"$(tree_mem "$PG_PID")"
PG_CONNS=$(psql_q 'SELECT count(*) FROM pg_stat_activity WHERE datname = '"'pvmon'"'')
INFLUX_MB=$(du -sm "$WORK/influxdb" | cut -f1)
INFLUX_RSS=$(vm_mb "$INFLUXD_PID" VmRSS) INFLUX_HWM=$(vm_mb "$INFLUXD_PID" VmHWM)
MOSQ_HWM=$(vm_mb "$MOSQ_PID" VmHWM)
HWM_ONE=$(vm_mb "$ONE_PID" VmHWM) HWM_TWO=$(vm_mb "$TWO_PID" VmHWM)
RSS_ONE=$(vm_mb "$ONE_PID" VmRSS) RSS_TWO=$(vm_mb "$TWO_PID" VmRSS)
DATA_ONE=$(du -sm "$WORK/one/data" | cut -f1) DATA_TWO=$(du -sm "$WORK/two/data" | cut -f1)
read -r ALL_S ALL_MACH ALL_FOREIGN ALL_ONE ALL_TWO ALL_PG ALL_INFLUX ALL_MOSQ ALL_MINE <<<"$(phase_cpu start end)"
read -r SET_S SET_MACH SET_FOREIGN SET_ONE SET_TWO SET_PG SET_INFLUX _ _ <<<"$(phase_cpu gen_readings settled)"
read -r _ GR_MACH GR_FOREIGN _ _ GR_PG _ _ _ <<<"$(phase_cpu servers gen_registry)"
read -r _ GI_MACH GI_FOREIGN _ _ _ GI_INFLUX _ _ <<<"$(phase_cpu gen_registry gen_readings)"

# ---------------------------------------------------------------- report

mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/$(date +%Y-%m-%d-%H%M)${LABEL:+-$LABEL}.md
DISK=$(df -h "$WORK" | awk 'NR == 2 {print $1 ", " $2 " total, " $4 " free"}')
ROOTDEV=$(findmnt -no SOURCE,FSTYPE --target "$WORK" 2>/dev/null | tr -s ' ' | sed 's/ / /')
{
  echo "# Sizing run, $(date -Iseconds)"
  echo
  machine_line
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (initdb defaults: shared_buffers $(psql_q 'SHOW shared_buffers'), fsync $(psql_q 'SHOW fsync')), mosquitto $("$MOSQUITTO_BIN" -h 2>/dev/null | sed -n 's/^mosquitto version //p' | head -n 1). Disk: $DISK ($ROOTDEV)."
  echo
  echo "Command: \`$COMMAND\`. Instances' JVM options: \`$SERVICE_JAVA_OPTS\`; registry.pool-size $POOL_SIZE each."
  echo
  echo "**Fleet**: $STATIONS stations in $(((STATIONS + 59) / 60)) counties (one village each), $HOUSEHOLDS households, $POINTS readings"
  echo "in InfluxDB before the run (two a day from $FROM_DAY, hourly over the last 48 h). Statement month $MONTH."
  echo
  echo "| phase | wall | result | CPU: one / two / PostgreSQL / influxd / mosquitto (s) | machine busy | **foreign load** |"
  echo "|---|---|---|---|---|---|"
  echo "| registry into PostgreSQL (Gen: import, households, ANALYZE) | ${GEN_REGISTRY_S} s | $(grep -h 'gen registry: tariffs' "$WORK/gen.txt" | sed 's/^gen registry: //') | PostgreSQL $GR_PG | $GR_MACH % | $GR_FOREIGN % |"
  echo "| readings into InfluxDB (Gen) | ${GEN_READINGS_S} s | $POINTS points | influxd $GI_INFLUX | $GI_MACH % | $GI_FOREIGN % |"
  echo "| instance one start (first on the database) / two | ${START_ONE_S} s / ${START_TWO_S} s | to /health/live | | | |"
  echo "| settling: recent readings into memory (each), closed days stored (lease holder) | ${SET_S} s | window loaded one ${LOADED_ONE} s, two ${LOADED_TWO} s; closed days ${DAYS_DONE} s by ${DAYS_BY:-none yet} ($STATION_DAYS station-days); logs: one \"${WINDOW_LOG_ONE:-?}\", two \"${WINDOW_LOG_TWO:-?}\" | $SET_ONE / $SET_TWO / $SET_PG / $SET_INFLUX / | $SET_MACH % | $SET_FOREIGN % |"
  echo "| **(a) ingest**, $MESSAGES readings, loadgen 4 connections × 250 in flight | ${INGEST_S} s (first publish → all written) | **$INGEST_RATE msg/s**; published $PUBLISHED, stored $STORED ($([[ $INGEST_OK == yes ]] && echo "stored == published" || echo "**NOT OK**")), rejected $REJ, dropped $DROP; one received $SHARE_ONE, two $SHARE_TWO; **one $(us_per "$ING_ONE" "$SHARE_ONE") µs/msg, two $(us_per "$ING_TWO" "$SHARE_TWO") µs/msg** of their shares; influxd $(us_per "$ING_INFLUX" "$PUBLISHED"), mosquitto $(us_per "$ING_MOSQ" "$PUBLISHED"), PostgreSQL $(us_per "$ING_PG" "$PUBLISHED") µs/msg; VmHWM one $ING_HWM_ONE MB, two $ING_HWM_TWO MB | $ING_ONE / $ING_TWO / $ING_PG / $ING_INFLUX / $ING_MOSQ | $ING_MACH % | $ING_FOREIGN % |"
  echo "| **(b) month-end drafts**, every county, POST /api/statements/drafts?month=$MONTH on one and two at once | one ${T_DA} s, two ${T_DB} s (wall, with the client JVM's start) | one: $DRAFTS_ONE. two: $DRAFTS_TWO. **PostgreSQL: $DRAFTS_ROWS drafts for $DRAFTS_VILLAGES distinct villages of $VILLAGES** ($([[ $DRAFTS_ROWS == "$DRAFTS_VILLAGES" && $DRAFTS_ROWS == "$VILLAGES" ]] && echo "one each, no duplicates" || echo "**check**")); VmHWM one $DR_HWM_ONE MB, two $DR_HWM_TWO MB | $DR_ONE / $DR_TWO / $DR_PG / $DR_INFLUX / | $DR_MACH % | $DR_FOREIGN % |"
  echo "| **(c) alert cycle**: lease alert-evaluation held by **$HOLDER** (energy-days by $DAYS_HOLDER); scheduled runs that changed alerts (log): one $SCHED_ONE, two $SCHED_TWO (the first: \"$SCHED_FIRST\", waited ${SCHED_WAIT} s for it after (b)); deferred (ingest catching up) $DEFERRED | $AL_S s | POST /api/alerts/evaluate on $HOLDER: $(printf '%s; ' "${CYCLES[@]}")open alerts: ${ALERTS_BY_TYPE:-none} | $AL_ONE / $AL_TWO / $AL_PG / $AL_INFLUX / | $AL_MACH % | $AL_FOREIGN % |"
  echo "| whole run | ${ALL_S} s | | $ALL_ONE / $ALL_TWO / $ALL_PG / $ALL_INFLUX / $ALL_MOSQ (everything this script started: $ALL_MINE) | $ALL_MACH % | $ALL_FOREIGN % |"
  echo
  echo "**(d) Sizes and memory at the end**"
  echo
  echo "| | disk | memory |"
  echo "|---|---|---|"
  echo "| PostgreSQL | database $PG_DB_MB MB (data dir $PG_DIR_MB MB with WAL); largest: $PG_TABLES | PSS $PG_PSS MB over its processes (RSS summed $PG_RSS MB); $PG_CONNS connections to pvmon |"
  echo "| influxd | $INFLUX_MB MB ($POINTS + $((PUBLISHED + 20000)) points) | VmRSS $INFLUX_RSS MB, VmHWM $INFLUX_HWM MB |"
  echo "| instance one | data dir $DATA_ONE MB | VmHWM **$HWM_ONE MB**, VmRSS $RSS_ONE MB (after settling $MEM_SETTLED_ONE MB RSS / HWM) |"
  echo "| instance two | data dir $DATA_TWO MB | VmHWM **$HWM_TWO MB**, VmRSS $RSS_TWO MB (after settling $MEM_SETTLED_TWO MB) |"
  echo "| mosquitto | | VmHWM $MOSQ_HWM MB |"
  echo
  echo "Heap occupancy after a collection, highest (MB; -Xlog:gc; an upper bound of the live data), one / two: settling"
  echo "$(gc_max one started settled) / $(gc_max two started settled), ingest $(gc_max one settled ingest_end) / $(gc_max two settled ingest_end),"
  echo "drafts $(gc_max one ingest_end drafts_end) / $(gc_max two ingest_end drafts_end), alert cycles $(gc_max one drafts_end end) / $(gc_max two drafts_end end)."
  echo
  echo "CPU per phase from /proc (utime+stime of each process and its children). Machine busy: all processes, % of"
  echo "$NPROC cores. **Foreign load**: machine busy minus everything this script started (other users of the machine),"
  echo "% of $NPROC cores. Logs: instance one $(grep -c ' WARN ' "$WORK/one.log" || true) WARN lines, two $(grep -c ' WARN ' "$WORK/two.log" || true); ERROR one $(grep -c ' ERROR ' "$WORK/one.log" || true), two $(grep -c ' ERROR ' "$WORK/two.log" || true)."
} >"$REPORT"
echo
cat "$REPORT"
blog "report written to $REPORT (whole run $(($(date +%s) - T_RUN0)) s)"

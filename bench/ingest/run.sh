#!/usr/bin/env bash
# Ingest benchmark: publish → stored and queryable, with broker, InfluxDB and the service all on this machine.
#
#   bench/ingest/run.sh                 # the full run (~6 minutes): 2 throughput scenarios + the latency run
#   bench/ingest/run.sh --quick         # smoke run (~2 minutes): 200,000 messages, 20 s of latency
#   bench/ingest/run.sh --help
#
# Starts a private mosquitto (etc/mosquitto.conf) and influxd (etc/influxdb.conf.template) on free loopback
# ports under a temp dir, then for each scenario a fresh broker, a fresh database and the service jar with the
# scenario's PVMON_* settings, and drives it with bench/ingest/loadgen. Prints a results table and writes it
# to bench/ingest/results/<date>.md. Everything it started is stopped on exit (also on Ctrl-C).
# Method and numbers: bench/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MOSQUITTO_BIN=${MOSQUITTO_BIN:-/usr/sbin/mosquitto}
INFLUXD_BIN=${INFLUXD_BIN:-/usr/bin/influxd}

JAR=$ROOT/target/pvmon.jar
TOTAL=1000000
STATIONS=10000
LG_CONNECTIONS=4
LG_INFLIGHT=250
LG_CLIENT=raw
CEILINGS=1
LATENCY_RATE=2000
LATENCY_SECONDS=60
PROBE_EVERY=20
POLL_MS=20
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}
LOADGEN_JAVA_OPTS=${LOADGEN_JAVA_OPTS:--Xms256m -Xmx1g}
SCENARIOS=()
LATENCY_SCENARIO=
KEEP=0
RESULTS_DIR=$HERE/results

usage() {
  cat <<EOF
usage: bench/ingest/run.sh [options]
  --jar PATH              service jar (default target/pvmon.jar; copied to the temp dir first)
  --total N               messages per throughput scenario (default $TOTAL; 0 = skip the throughput runs)
  --scenario "K=V ..."    service settings of one throughput scenario (repeatable), e.g.
                          --scenario "PVMON_MQTT_CONNECTIONS=4 PVMON_INGEST_BATCH_SIZE=5000"
                          default: connections 2 and 4, batch size 5000
  --latency-rate R        fixed rate of the latency run (default $LATENCY_RATE msg/s)
  --latency-seconds S     length of the latency run (default $LATENCY_SECONDS; 0 = skip)
  --latency-scenario "K=V ..."  settings for the latency run (default: the best throughput scenario)
  --stations N            synthetic stations (default $STATIONS)
  --loadgen-connections K publisher connections (default $LG_CONNECTIONS)
  --loadgen-inflight W    unacknowledged messages per publisher connection (default $LG_INFLIGHT)
  --loadgen-client C      raw (minimal MQTT 3.1.1 publisher, little CPU) or paho (Paho MQTT v5) (default $LG_CLIENT)
  --no-ceilings           skip the InfluxDB-alone write ceiling measurement
  --quick                 smoke run: --total 200000 --latency-seconds 20
  --results-dir DIR       where the markdown report goes (default bench/ingest/results)
  --keep                  keep the temp dir (logs, data) at the end
env: SERVICE_JAVA_OPTS (JVM options of the service), LOADGEN_JAVA_OPTS (default "$LOADGEN_JAVA_OPTS")
EOF
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) JAR=$2; shift 2 ;;
    --total) TOTAL=$2; shift 2 ;;
    --scenario) SCENARIOS+=("$2"); shift 2 ;;
    --latency-rate) LATENCY_RATE=$2; shift 2 ;;
    --latency-seconds) LATENCY_SECONDS=$2; shift 2 ;;
    --latency-scenario) LATENCY_SCENARIO=$2; shift 2 ;;
    --stations) STATIONS=$2; shift 2 ;;
    --loadgen-connections) LG_CONNECTIONS=$2; shift 2 ;;
    --loadgen-inflight) LG_INFLIGHT=$2; shift 2 ;;
    --loadgen-client) LG_CLIENT=$2; shift 2 ;;
    --no-ceilings) CEILINGS=0; shift ;;
    --quick) TOTAL=200000; LATENCY_SECONDS=20; shift ;;
    --results-dir) RESULTS_DIR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ ${#SCENARIOS[@]} -eq 0 ]]; then
  SCENARIOS=("PVMON_MQTT_CONNECTIONS=2 PVMON_INGEST_BATCH_SIZE=5000"
             "PVMON_MQTT_CONNECTIONS=4 PVMON_INGEST_BATCH_SIZE=5000")
fi

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -f $JAR ]] || die "no service jar at $JAR: build it with 'mvn -q -B package -DskipTests' at $ROOT, or give --jar"
[[ -x $MOSQUITTO_BIN ]] || die "mosquitto not found at $MOSQUITTO_BIN (apt-get install mosquitto)"
[[ -x $INFLUXD_BIN ]] || die "influxd not found at $INFLUXD_BIN (apt-get install influxdb)"
command -v java >/dev/null || die "java not found"
command -v curl >/dev/null || die "curl not found"

WORK=$(mktemp -d /tmp/pvmon-bench.XXXXXX)
STARTED_PIDS=()   # everything this script started, stopped in reverse order on exit

stop_pid() { # stop_pid PID [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 20)
  local pid=$1 seconds=${2:-20} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && { log "pid $pid ignored SIGTERM for ${seconds}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${STARTED_PIDS[i]}" 20; done
  if [[ $KEEP == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

USED_PORTS=" "
free_port() { # a loopback port nobody listens on (and not handed out before in this run)
  local i p
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 30000))
    [[ $USED_PORTS == *" $p "* ]] && continue
    tcp_open 127.0.0.1 "$p" && continue
    USED_PORTS+="$p "
    echo "$p"
    return 0
  done
  die "no free port found"
}

wait_for() { # wait_for SECONDS PID WHAT COMMAND...: poll COMMAND every 0.2 s while PID lives
  local seconds=$1 pid=$2 what=$3 deadline
  shift 3
  deadline=$((SECONDS + seconds))
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || die "$what: process $pid exited"
    ((SECONDS < deadline)) || die "$what: not ready after ${seconds}s"
    sleep 0.2
  done
}

http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }
http_is() { [[ $(http_code "$2") == "$1" ]]; }

render() { # render TEMPLATE OUTPUT KEY=VALUE...
  local text kv
  text=$(<"$1")
  local out=$2
  shift 2
  for kv in "$@"; do text=${text//"{{${kv%%=*}}}"/"${kv#*=}"}; done
  [[ $text != *"{{"* ]] || die "$out: a placeholder is left: $(grep -o '{{[A-Z_]*}}' <<<"$text" | head -n 1)"
  printf '%s\n' "$text" >"$out"
}

# ---------------------------------------------------------------- build, inputs
LOADGEN_JAR=$HERE/loadgen/target/loadgen.jar
if [[ ! -f $LOADGEN_JAR ]] || [[ -n $(find "$HERE/loadgen/src" "$HERE/loadgen/pom.xml" -newer "$LOADGEN_JAR" 2>/dev/null | head -n 1) ]]; then
  log "building the load generator (bench/ingest/loadgen)"
  (cd "$HERE/loadgen" && mvn -q -B package) || die "loadgen build failed"
fi
cp "$JAR" "$WORK/pvmon.jar"
cp "$LOADGEN_JAR" "$WORK/loadgen.jar"
JAR_SHA=$(sha256sum "$WORK/pvmon.jar" | cut -c1-12)
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null | head -n 1)
loadgen() { java $LOADGEN_JAVA_OPTS -jar "$WORK/loadgen.jar" "$@"; }

STATIONS_FILE=$WORK/stations.csv
loadgen stations --count "$STATIONS" --capacity 100 --out "$STATIONS_FILE" >&2

# ---------------------------------------------------------------- machine
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MEM_GB=$(awk '/^MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)
JAVA_VERSION=$(java -version 2>&1 | head -n 1)
MOSQUITTO_VERSION=$("$MOSQUITTO_BIN" -h 2>/dev/null | head -n 1 || true)
INFLUXD_VERSION=$("$INFLUXD_BIN" version 2>/dev/null | head -n 1 || true)
CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------- influxd (one for the whole run)
INFLUX_PORT=$(free_port)
INFLUX_RPC_PORT=$(free_port)
mkdir -p "$WORK/influxdb"
render "$ROOT/etc/influxdb.conf.template" "$WORK/influxdb/influxdb.conf" \
  "DATA_DIR=$WORK/influxdb" "HTTP_BIND_ADDRESS=127.0.0.1:$INFLUX_PORT" "RPC_BIND_ADDRESS=127.0.0.1:$INFLUX_RPC_PORT"
(
  while read -r var; do unset "$var"; done < <(compgen -e | grep '^INFLUXDB_' || true)
  exec "$INFLUXD_BIN" -config "$WORK/influxdb/influxdb.conf"
) >"$WORK/influxd.log" 2>&1 </dev/null &
INFLUXD_PID=$!
STARTED_PIDS+=("$INFLUXD_PID")
INFLUX_URL=http://127.0.0.1:$INFLUX_PORT
wait_for 60 "$INFLUXD_PID" "influxd" http_is 204 "$INFLUX_URL/ping"
log "influxd $INFLUX_URL (pid $INFLUXD_PID)"

# ---------------------------------------------------------------- per-scenario helpers
MOSQ_PID= SERVICE_PID= SAMPLER_PID= MQTT_URL= SERVICE_URL= SCEN_DIR= DB=

# The broker's logins, as shipped (etc/mosquitto.conf): the service and the bench on the service's listener, with
# passwords of this run. The bench's login may publish as any station (etc/mosquitto-service.acl).
SERVICE_MQTT_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
export PVMON_BENCH_MQTT_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20) # read by loadgen

start_broker() { # a fresh mosquitto with an empty persistence dir: no sessions left from a previous scenario
  local port service_port dir=$SCEN_DIR/mosquitto
  port=$(free_port)
  service_port=$(free_port)
  mkdir -p "$dir/conf.d"
  cp "$ROOT/etc/mosquitto-service.acl" "$dir/service.acl"
  : >"$dir/loggers.passwd"
  : >"$dir/loggers.acl"
  : >"$dir/service.passwd"
  printf '%s\n%s\n' "$SERVICE_MQTT_PASSWORD" "$SERVICE_MQTT_PASSWORD" | mosquitto_passwd "$dir/service.passwd" pvmon >/dev/null
  printf '%s\n%s\n' "$PVMON_BENCH_MQTT_PASSWORD" "$PVMON_BENCH_MQTT_PASSWORD" | mosquitto_passwd "$dir/service.passwd" pvmon-bench >/dev/null
  render "$ROOT/etc/mosquitto.conf" "$dir/mosquitto.conf" \
    "PORT=$port" "SERVICE_PORT=$service_port" "BIND_ADDRESS=127.0.0.1" "DATA_DIR=$dir" "USER=$(id -un)"
  "$MOSQUITTO_BIN" -c "$dir/mosquitto.conf" >"$SCEN_DIR/mosquitto.log" 2>&1 </dev/null &
  MOSQ_PID=$!
  STARTED_PIDS+=("$MOSQ_PID")
  MQTT_URL=tcp://127.0.0.1:$service_port
  wait_for 20 "$MOSQ_PID" "mosquitto" tcp_open 127.0.0.1 "$service_port"
}

start_service() { # start_service "K=V ...": the service jar with the scenario's settings (other PVMON_* unset)
  local settings=$1 port kv envs=()
  port=$(free_port)
  for kv in $settings; do
    [[ $kv == PVMON_*=* ]] || die "scenario setting '$kv' is not PVMON_NAME=VALUE"
    envs+=("$kv")
  done
  (
    while read -r var; do unset "$var"; done < <(compgen -e | grep '^PVMON_' || true)
    export PVMON_HTTP_PORT=$port PVMON_MQTT_URL=$MQTT_URL PVMON_INFLUX_URL=$INFLUX_URL PVMON_INFLUX_DATABASE=$DB \
      PVMON_DATA_DIR=$SCEN_DIR/data PVMON_STATIONS_FILE=$STATIONS_FILE PVMON_MQTT_CLIENT_ID=pvmon-bench \
      PVMON_MQTT_USERNAME=pvmon PVMON_MQTT_PASSWORD=$SERVICE_MQTT_PASSWORD
    [[ ${#envs[@]} -gt 0 ]] && export "${envs[@]}"
    # shellcheck disable=SC2086
    exec java $SERVICE_JAVA_OPTS -jar "$WORK/pvmon.jar"
  ) >"$SCEN_DIR/service.log" 2>&1 </dev/null &
  SERVICE_PID=$!
  STARTED_PIDS+=("$SERVICE_PID")
  SERVICE_URL=http://127.0.0.1:$port
  wait_for 90 "$SERVICE_PID" "pvmon service" http_is 200 "$SERVICE_URL/health/ready"
  # the ingest counters want a signed-in user: an API token of the first administrator, for the load generator
  PVMON_TOKEN=$(env -u PVMON_CONFIG PVMON_DATA_DIR="$SCEN_DIR/data" PVMON_STATIONS_FILE="$STATIONS_FILE" \
    java -jar "$WORK/pvmon.jar" users token admin "bench $(date +%F)" --days 1 2>>"$SCEN_DIR/service.log") \
    || die "could not make the bench's API token (log $SCEN_DIR/service.log)"
  export PVMON_TOKEN
}

# Once a second: per process (service, mosquitto, influxd, loadgen) cumulative CPU ticks and RSS, plus the
# machine's idle ticks. Lines: epoch_ms name ticks rss_kb.
start_sampler() {
  (
    while true; do
      now=$(date +%s%3N)
      for pair in "service:$SERVICE_PID" "mosquitto:$MOSQ_PID" "influxd:$INFLUXD_PID" "loadgen:$(cat "$SCEN_DIR/loadgen.pid" 2>/dev/null)"; do
        name=${pair%%:*} pid=${pair#*:}
        [[ -n $pid && -r /proc/$pid/stat ]] || continue
        stat=$(<"/proc/$pid/stat") 2>/dev/null || continue
        rest=${stat##*) }
        read -r -a f <<<"$rest"
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
        echo "$now $name $((f[11] + f[12])) ${rss:-0}"
      done
      read -r _ u n s idle io irq sirq st _ </proc/stat
      echo "$now _total $((u + n + s + io + irq + sirq + st)) $idle"
      sleep 1
    done
  ) >"$SCEN_DIR/samples.txt" 2>/dev/null &
  SAMPLER_PID=$!
  STARTED_PIDS+=("$SAMPLER_PID")
}

# cpu_summary FROM_MS TO_MS: per process "name avg_pct peak_pct cpu_seconds" over the window (pct of one core),
# "_machine busy_pct_of_all_cores peak busy_core_seconds" and "_other pct peak cpu_seconds" (busy minus ours).
cpu_summary() {
  awk -v from="$1" -v to="$2" -v hz="$CLK_TCK" '
    $1 >= from - 500 && $1 <= to + 500 {
      n = $2
      if (n in last) {
        dt = ($1 - lastt[n]) / 1000
        if (n == "_total") { b = $3 - last[n]; i = $4 - lastidle; p = (b + i > 0) ? 100 * b / (b + i) : 0 }
        else p = 100 * ($3 - last[n]) / hz / dt
        if (p > peak[n]) peak[n] = p
      } else { first[n] = $3; firstt[n] = $1; if (n == "_total") firstidle = $4 }
      last[n] = $3; lastt[n] = $1; if (n == "_total") lastidle = $4
    }
    END {
      ours = 0
      for (n in last) {
        if (lastt[n] == firstt[n]) continue
        secs = (last[n] - first[n]) / hz; dt = (lastt[n] - firstt[n]) / 1000
        if (n == "_total") {
          b = last[n] - first[n]; i = lastidle - firstidle
          printf "_machine %.0f %.0f %.2f\n", 100 * b / (b + i), peak[n], secs
          machine = secs; mdt = dt
        } else {
          printf "%s %.0f %.0f %.2f\n", n, 100 * secs / dt, peak[n], secs
          ours += secs
        }
      }
      if (mdt > 0) printf "_other %.0f 0 %.2f\n", 100 * (machine - ours) / mdt, machine - ours
    }' "$SCEN_DIR/samples.txt" | sort
}

# background_busy: percent of all cores busy over 3 s with everything this script started taken out
# (run before the load starts: what is left is other processes on the machine)
background_busy() {
  local a b c0 c1 pid t
  read -r _ u n s idle io irq sirq st _ </proc/stat
  a=$((u + n + s + io + irq + sirq + st)) b=$idle c0=0
  for pid in "${STARTED_PIDS[@]}"; do
    read -r -a t <<<"$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null)" && c0=$((c0 + t[11] + t[12]))
  done
  sleep 3
  read -r _ u n s idle io irq sirq st _ </proc/stat
  c1=0
  for pid in "${STARTED_PIDS[@]}"; do
    read -r -a t <<<"$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null)" && c1=$((c1 + t[11] + t[12]))
  done
  a=$((u + n + s + io + irq + sirq + st - a)) b=$((idle - b))
  local v=$(( 100 * (a - (c1 - c0)) / (a + b + 1) ))
  echo $((v < 0 ? 0 : v))
}

vm_field_mb() { awk -v k="$2:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

stop_scenario() {
  [[ -n $SAMPLER_PID ]] && stop_pid "$SAMPLER_PID" 2
  [[ -n $SERVICE_PID ]] && stop_pid "$SERVICE_PID" 40
  [[ -n $MOSQ_PID ]] && stop_pid "$MOSQ_PID" 20
  SAMPLER_PID= SERVICE_PID= MOSQ_PID=
}

result() { sed -n "s/^$2=//p" "$1" | head -n 1; }

ROWS=()        # markdown rows of the throughput table
LAT_ROWS=()    # markdown rows of the latency table
CPU_ROWS=()    # markdown rows of the CPU table
ALL_OK=1
BEST_RATE=0
BEST_SCENARIO=${SCENARIOS[0]}
N=0

# run_scenario KIND "K=V ...": KIND = throughput | latency
run_scenario() {
  local kind=$1 settings=$2 rc=0 args t0 t1 rf hwm rss cpu
  N=$((N + 1))
  SCEN_DIR=$WORK/s$N
  DB=bench_$N
  mkdir -p "$SCEN_DIR"
  log "--- scenario $N ($kind): ${settings:-service defaults}"
  start_broker
  start_service "$settings"
  log "broker $MQTT_URL (pid $MOSQ_PID), service $SERVICE_URL (pid $SERVICE_PID), database $DB"
  # Warm-up (JIT, connections, subscriptions in place): 20,000 readings stamped 10 days back, so they never
  # collide with the measured ones; the measured stored-count only looks at the run's own time window.
  loadgen publish --broker "$MQTT_URL" --username pvmon-bench --stations "$STATIONS" --total 20000 --connections 2 --inflight 100 \
    --client-id warmup --time-base $(($(date +%s) - 10 * 86400)) --service-url "$SERVICE_URL" --drain-timeout 60 \
    >"$SCEN_DIR/warmup.log" 2>&1 || { tail -n 20 "$SCEN_DIR/warmup.log" >&2; die "warm-up failed (log $SCEN_DIR/warmup.log)"; }
  rf=$SCEN_DIR/result.txt
  local conns=$LG_CONNECTIONS
  [[ $kind == latency ]] && conns=1   # one paced publisher is plenty for a fixed rate
  args=(publish --client "$LG_CLIENT" --broker "$MQTT_URL" --username pvmon-bench --stations "$STATIONS" --connections "$conns" --inflight "$LG_INFLIGHT"
        --service-url "$SERVICE_URL" --influx-url "$INFLUX_URL" --influx-db "$DB"
        --result-file "$rf" --label "$kind: $settings")
  if [[ $kind == throughput ]]; then
    args+=(--total "$TOTAL" --drain-timeout 300)
  else
    args+=(--rate "$LATENCY_RATE" --duration "$LATENCY_SECONDS" --probe-every "$PROBE_EVERY" --poll-ms "$POLL_MS"
           --warmup 5 --drain-timeout 120)
  fi
  local bg
  bg=$(background_busy)
  ((bg < 15)) || log "WARNING: other processes keep the machine ${bg}% busy (all cores) just before the load starts: they compete for the CPU"
  start_sampler
  t0=$(date +%s%3N)
  # shellcheck disable=SC2086
  java $LOADGEN_JAVA_OPTS -jar "$WORK/loadgen.jar" "${args[@]}" > >(tee "$SCEN_DIR/loadgen.log" >&2) 2>&1 &
  local lg=$!
  echo "$lg" >"$SCEN_DIR/loadgen.pid"
  STARTED_PIDS+=("$lg")
  wait "$lg" || rc=$?
  t1=$(date +%s%3N)
  hwm=$(vm_field_mb "$SERVICE_PID" VmHWM)
  rss=$(vm_field_mb "$SERVICE_PID" VmRSS)
  stop_scenario
  [[ $rc == 0 ]] || ALL_OK=0
  [[ -f $rf ]] || { log "no result file (loadgen exit $rc)"; ALL_OK=0; return 0; }
  # CPU over the measured window: first publish → all stored (the whole loadgen run when that is unknown)
  local from to published
  from=$(result "$rf" t_first_publish_ms); to=$(result "$rf" t_stored_ms); published=$(result "$rf" published)
  [[ -n $from && -n $to ]] || { from=$t0; to=$t1; }
  cpu=$(cpu_summary "$from" "$to" | awk -v pub="${published:-0}" '
    { pct[$1] = $2; secs[$1] = $4 }
    function cell(n) { return (n in pct) ? sprintf("%s%% (%.0f µs/msg)", pct[n], pub > 0 ? secs[n] * 1e6 / pub : 0) : "?" }
    END { printf "%s%% | %s | %s | %s | %s | %s", pct["_machine"], cell("service"), cell("mosquitto"), cell("influxd"), cell("loadgen"), cell("_other") }')
  local ok=$([[ $(result "$rf" ok) == true ]] && echo yes || echo "**NO**")
  local short=${settings//PVMON_MQTT_CONNECTIONS=/conn=}
  short=${short//PVMON_INGEST_BATCH_SIZE=/batch=}
  short=${short//PVMON_INGEST_FLUSH_INTERVAL_MS=/flush_ms=}
  short=${short//PVMON_MQTT_RECEIVE_MAXIMUM=/recv_max=}
  short=${short//PVMON_INGEST_QUEUE_CAPACITY=/queue=}
  if [[ $kind == throughput ]]; then
    ROWS+=("| $short | $(result "$rf" published) | $(result "$rf" service_written) | $(result "$rf" influx_count) | $(result "$rf" service_dropped) | $(result "$rf" publish_rate) | **$(result "$rf" e2e_rate)** | $(result "$rf" e2e_seconds) | $(result "$rf" puback_p99_ms) | $hwm / $rss | $ok |")
    local e2e
    e2e=$(result "$rf" e2e_rate)
    if [[ $(result "$rf" ok) == true && ${e2e:-0} -gt $BEST_RATE ]]; then BEST_RATE=$e2e; BEST_SCENARIO=$settings; fi
  else
    LAT_ROWS+=("| $short | $(result "$rf" rate_target) | $(result "$rf" publish_rate) | $(result "$rf" published) | $(result "$rf" influx_count) | $(result "$rf" probe_count) | **$(result "$rf" probe_p50_ms)** | $(result "$rf" probe_p90_ms) | **$(result "$rf" probe_p99_ms)** | $(result "$rf" probe_max_ms) | $(result "$rf" puback_p99_ms) | $hwm / $rss | $ok |")
  fi
  CPU_ROWS+=("| $N $kind: $short | ${bg}% | $cpu |")
  log "scenario $N done: $(result "$rf" ok); service VmHWM ${hwm} MB, VmRSS ${rss} MB"
  log "CPU (machine busy | service | mosquitto | influxd | loadgen | other processes): $cpu"
}

# ---------------------------------------------------------------- the runs
CEILING_ROWS=()
if [[ $CEILINGS == 1 ]]; then
  # The store alone: reading-shaped points straight to influxd's /write, batches of 5000, 1 and 2 writers.
  for threads in 1 2; do
    bg=$(background_busy)
    line=$(loadgen influx-write --influx-url "$INFLUX_URL" --db "ceiling_$threads" --points 500000 --batch 5000 \
      --threads "$threads" --stations "$STATIONS" | tee /dev/stderr | grep '^\[loadgen' || true)
    CEILING_ROWS+=("| InfluxDB alone, $threads writer(s), batches of 5000 | ${line#*influx-write: } | ${bg}% |")
  done
fi
if [[ $TOTAL -gt 0 ]]; then
  for s in "${SCENARIOS[@]}"; do run_scenario throughput "$s"; done
fi
if [[ $LATENCY_SECONDS -gt 0 ]]; then
  run_scenario latency "${LATENCY_SCENARIO:-$BEST_SCENARIO}"
fi

# ---------------------------------------------------------------- report
mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/$(date +%Y-%m-%d-%H%M).md
{
  echo "# Ingest benchmark, $(date -Iseconds)"
  echo
  echo "Machine: $(nproc) cores, $CPU_MODEL, $MEM_GB GB RAM, $(uname -sr). $JAVA_VERSION; $MOSQUITTO_VERSION; influxd $INFLUXD_VERSION."
  echo "Service jar: $JAR (sha256 $JAR_SHA), repo $GIT_REV${GIT_DIRTY:+ (uncommitted changes under src/)}. SERVICE_JAVA_OPTS='${SERVICE_JAVA_OPTS}'."
  echo "Load generator: $LG_CLIENT client, $LG_CONNECTIONS connections × $LG_INFLIGHT in flight (latency run: 1 connection, paced in 5 ms ticks), QoS 1, $STATIONS stations, ~190-byte payloads."
  echo "Broker, InfluxDB, service and load generator all on this machine, loopback only."
  echo
  if [[ ${#ROWS[@]} -gt 0 ]]; then
    echo "## Throughput: $TOTAL messages as fast as possible"
    echo
    echo "| service settings | published (PUBACKed) | service written | InfluxDB count | dropped | publisher msg/s | **end-to-end msg/s** | first publish → last stored (s) | PUBACK p99 (ms) | service VmHWM / VmRSS (MB) | stored == published, 0 lost |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
  fi
  if [[ ${#LAT_ROWS[@]} -gt 0 ]]; then
    echo "## Latency: fixed rate for $LATENCY_SECONDS s, publish → queryable in InfluxDB (first 5 s not counted)"
    echo
    echo "| service settings | target msg/s | achieved msg/s | published | InfluxDB count | probes | **p50 (ms)** | p90 (ms) | **p99 (ms)** | max (ms) | PUBACK p99 (ms) | service VmHWM / VmRSS (MB) | ok |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${LAT_ROWS[@]}"
    echo
    echo "Probes: every ${PROBE_EVERY}th message, InfluxDB polled every $POLL_MS ms (latencies err high by up to one poll + one query)."
    echo
  fi
  if [[ ${#CEILING_ROWS[@]} -gt 0 ]]; then
    echo "## Ceiling of the store on this machine (no broker, no service)"
    echo
    echo "| what | result | machine busy before |"
    echo "|---|---|---|"
    printf '%s\n' "${CEILING_ROWS[@]}"
    echo
  fi
  echo "## CPU from first publish to last stored"
  echo
  echo "Per process: average percent of one core, and CPU time per message. Machine: percent of all $(nproc) cores busy."
  echo "'Other processes' = machine busy minus the four below (anything else running on the machine)."
  echo
  echo "| run | other processes just before the run | machine busy | service | mosquitto | influxd | load generator | other processes |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${CPU_ROWS[@]}"
  echo
  echo "Command: \`bench/ingest/run.sh\` (see bench/README.md for the method)."
} >"$REPORT"
echo
cat "$REPORT"
echo
log "report written to $REPORT"
[[ $ALL_OK == 1 ]] || { log "at least one run FAILED (see above)"; exit 1; }

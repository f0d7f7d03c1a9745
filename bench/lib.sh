# shellcheck shell=bash
# Shared by bench/alerts, bench/overview and bench/statements (source it; do not run it). Builds on scripts/lib.sh:
# installs what is missing (mosquitto, influxdb, JDK 17, Maven), builds the service jar when absent, compiles the
# bench-only Java code under bench/java against it (never part of the service jar), starts servers on free loopback
# ports under a temp dir and stops everything it started on exit.
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$BENCH_ROOT/../scripts/lib.sh"
ROOT=$PVMON_ROOT

blog() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

WORK=$(mktemp -d /tmp/pvmon-bench.XXXXXX)
KEEP=${KEEP:-0}
BENCH_PIDS=()   # everything started here, stopped in reverse order on exit

bench_stop_pid() { # PID [SECONDS]
  local pid=$1 seconds=${2:-20} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < seconds * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { blog "pid $pid ignored SIGTERM for ${seconds}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do bench_stop_pid "${BENCH_PIDS[i]}" 20; done
  if [[ $KEEP == 1 ]]; then blog "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }

# bench_prepare: packages, the service jar (target/pvmon.jar, built when missing or when JAR=... is not given),
# and the bench classes compiled into $WORK/classes. Sets JAR, CP (jar + bench classes).
bench_prepare() {
  ensure_packages
  ensure_java_maven
  JAR=${JAR:-$ROOT/target/pvmon.jar}
  if [[ ! -f $JAR ]]; then
    blog "building the service jar (mvn -q -B package -DskipTests)"
    (cd "$ROOT" && mvn -q -B package -DskipTests) || die "service build failed"
  fi
  cp "$JAR" "$WORK/pvmon.jar"
  mkdir -p "$WORK/classes"
  javac -encoding UTF-8 --release 17 -nowarn -cp "$WORK/pvmon.jar" -d "$WORK/classes" \
    $(find "$BENCH_ROOT/java" -name '*.java') || die "compiling bench/java failed"
  CP="$WORK/pvmon.jar:$WORK/classes"
  GIT_REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  GIT_DIRTY=$(cd "$ROOT" && git status --porcelain -- src 2>/dev/null | head -n 1)
}

# machine_line: one line describing the machine and versions, for the report.
machine_line() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)
  echo "Machine: $(nproc) cores (nproc), $cpu, $mem GB RAM, $(uname -sr); $(java -version 2>&1 | head -n 1);" \
    "influxd $("$INFLUXD_BIN" version 2>/dev/null | head -n 1); SQLite via sqlite-jdbc (in the service jar)." \
    "Service repo $GIT_REV${GIT_DIRTY:+ (uncommitted changes under src/)}." \
    "Load average at the end (1/5/15 min, all processes on the machine): $(cut -d' ' -f1-3 /proc/loadavg)."
}

# bench_influxd: a private influxd under $WORK/influxdb. Sets INFLUX_URL, INFLUXD_PID.
bench_influxd() {
  local port rpc
  port=$(free_port); rpc=$(free_port)
  start_influxd "$WORK/influxdb" "$port" "$rpc" "$WORK/influxd.log" "$WORK/influxd.pid"
  INFLUXD_PID=$(<"$WORK/influxd.pid")
  BENCH_PIDS+=("$INFLUXD_PID")
  INFLUX_URL=http://127.0.0.1:$port
}

# bench_mosquitto: a private broker as shipped, with logins (the service connects to one at start). Sets MQTT_URL (the
# service's listener), SERVICE_MQTT_PASSWORD (the service's login, pvmon) and BENCH_MQTT_PASSWORD (the bench's, pvmon-bench).
bench_mosquitto() {
  local port service_port
  port=$(free_port)
  service_port=$(free_port)
  SERVICE_MQTT_PASSWORD=$(random_password)
  BENCH_MQTT_PASSWORD=$(random_password)
  broker_account "$WORK/mosquitto" pvmon "$SERVICE_MQTT_PASSWORD"
  broker_account "$WORK/mosquitto" pvmon-bench "$BENCH_MQTT_PASSWORD"
  start_mosquitto "$WORK/mosquitto" "$port" "$service_port" "$WORK/mosquitto.log" "$WORK/mosquitto.pid"
  BENCH_PIDS+=("$(<"$WORK/mosquitto.pid")")
  MQTT_URL=tcp://127.0.0.1:$service_port
}

influx_query() { # DB QUERY
  curl -sS -G "$INFLUX_URL/query" --data-urlencode "db=$1" --data-urlencode "q=$2"
}

# bench_service DATA_DIR STATIONS_FILE DB: the service jar with its data dir, stations file and database.
# Sets SERVICE_URL, SERVICE_PID, SERVICE_START_S.
bench_service() {
  local data=$1 stations=$2 db=$3 port t0
  port=$(free_port)
  t0=$(date +%s%3N)
  (
    while read -r var; do unset "$var"; done < <(compgen -e | grep '^PVMON_' || true)
    export PVMON_HTTP_PORT=$port PVMON_MQTT_URL=$MQTT_URL PVMON_INFLUX_URL=$INFLUX_URL PVMON_INFLUX_DATABASE=$db \
      PVMON_DATA_DIR=$data PVMON_STATIONS_FILE=$stations PVMON_MQTT_CLIENT_ID=pvmon-bench \
      PVMON_MQTT_USERNAME=pvmon PVMON_MQTT_PASSWORD=${SERVICE_MQTT_PASSWORD:-}
    # shellcheck disable=SC2086
    exec java ${SERVICE_JAVA_OPTS:-} -jar "$WORK/pvmon.jar"
  ) >"$WORK/service.log" 2>&1 </dev/null &
  SERVICE_PID=$!
  BENCH_PIDS+=("$SERVICE_PID")
  SERVICE_URL=http://127.0.0.1:$port
  wait_until 600 "$SERVICE_PID" "$WORK/service.log" "pvmon service" _http_is 200 "$SERVICE_URL/health/live" \
    || die "the service did not start (log $WORK/service.log)"
  SERVICE_START_S=$(awk -v a="$t0" -v b="$(date +%s%3N)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
  blog "service $SERVICE_URL (pid $SERVICE_PID) up after ${SERVICE_START_S}s"
  # the API wants a signed-in user: an API token of the first administrator, for curl (api_curl) and the Java tools
  PVMON_TOKEN=$(env -u PVMON_CONFIG PVMON_DATA_DIR="$data" PVMON_STATIONS_FILE="$stations" \
    java -jar "$WORK/pvmon.jar" users token admin "bench $(date +%F)" --days 1 2>>"$WORK/service.log") \
    || die "could not make the bench's API token (log $WORK/service.log)"
  export PVMON_TOKEN
}

# api_curl ARGS...: curl with the bench's API token (bench_service).
api_curl() {
  curl -H "Authorization: Bearer $PVMON_TOKEN" "$@"
}

# wait_energy_days LIMIT_S: waits until the service says every kept closed day is stored (/health/ready
# "energyDays": "complete", docs/operations.md "Stored daily energy"). Sets ENERGY_DAYS_S (seconds waited, or
# "not within LIMIT_S s").
wait_energy_days() {
  local limit=$1 t0 state
  t0=$(date +%s)
  while :; do
    state=$(curl -s "$SERVICE_URL/health/ready" | sed -n 's/.*"energyDays":"\([^"]*\)".*/\1/p')
    [[ $state == complete ]] && break
    if (($(date +%s) - t0 >= limit)); then
      ENERGY_DAYS_S="not within $limit s (state: ${state:-?})"
      blog "stored daily energy: $ENERGY_DAYS_S"
      return 0
    fi
    kill -0 "$SERVICE_PID" 2>/dev/null || die "the service died while storing daily energy (log $WORK/service.log)"
    sleep 2
  done
  ENERGY_DAYS_S=$(($(date +%s) - t0))
  blog "stored daily energy complete after ${ENERGY_DAYS_S}s"
}

vm_mb() { awk -v k="$2:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

# timed_java OUTFILE JAVA_ARGS...: runs java, tees its output to OUTFILE, prints wall seconds and peak RSS to OUTFILE too.
timed_java() {
  local out=$1
  shift
  if [[ ! -x /usr/bin/time ]]; then # Debian package `time`; without it no peak RSS
    java "$@" > >(tee "$out" >&2) 2>&1 || die "java $* failed (see $out)"
    return 0
  fi
  /usr/bin/time -f 'wall_s=%e peak_rss_mb_kb=%M' -o "$out.time" java "$@" > >(tee "$out" >&2) 2>&1 || die "java $* failed (see $out)"
  sleep 0.2
  awk '{split($2, a, "="); printf "%s\npeak_rss_mb=%.0f\n", $1, a[2] / 1024}' "$out.time" >>"$out"
}

kv() { sed -n "s/^$2=//p" "$1" | tail -n 1; } # kv FILE KEY

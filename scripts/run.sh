#!/usr/bin/env bash
# The one command to run the pvmon demo on this machine:
#
#   scripts/run.sh          install what is missing, build, start everything, load 7 days of a
#                           simulated county, keep a live simulation going; Ctrl-C stops it all
#   scripts/run.sh stop     stop what a previous run left running (e.g. its terminal was closed)
#
# Everything lives under ./data (servers' data, pid files, logs in data/logs/*.log).
# Running it twice while the first run is alive stops with a clear message; after a crash,
# stale pid files are cleaned up.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

# ---------------------------------------------------------------- settings (env overridable)
BIND=127.0.0.1
HTTP_PORT=${PVMON_HTTP_PORT:-18080}             # the service: dashboard, API, metrics
MQTT_PORT=${PVMON_MQTT_PORT:-18830}             # mosquitto: the loggers' listener (per-station logins)
MQTT_SERVICE_PORT=${PVMON_MQTT_SERVICE_PORT:-18831} # mosquitto: the service's listener (pvmon, pvmon-bench)
INFLUX_PORT=${PVMON_INFLUX_PORT:-18086}         # influxd HTTP API
INFLUX_RPC_PORT=${PVMON_INFLUX_RPC_PORT:-18088} # influxd backup/restore RPC
SINK_PORT=${PVMON_SINK_PORT:-18090}             # the demo's stand-in chat robot (webhook receiver)
DATABASE=pvmon
FLEET=simulator/fleets/demo-county.csv
DEMO_REGISTRY=simulator/fleets/demo-registry
SEED=42
BACKFILL_DAYS=7
BACKFILL_INTERVAL=5m
HISTORY_INTERVAL=15m   # from the first day of the previous month until BACKFILL_DAYS ago
OFFLINE_STATION=${PVMON_DEMO_OFFLINE_STATION:-YN-JH-003}  # demo fault: logger offline for 20 minutes, then back
ZERO_STATION=${PVMON_DEMO_ZERO_STATION:-YN-AD-002}        # demo fault: reports zero power
METER_STATION=${PVMON_DEMO_METER_STATION:-YN-SC-002}      # demo fault: meter replaced 2 minutes after the start

DATA=$PWD/data
LOGS=$DATA/logs
RUN=$DATA/run
BROKER_DIR=$DATA/mosquitto
SECRETS=$DATA/secrets                      # the demo's broker passwords and the loggers' credential sheets (owner only)
CREDENTIALS=$SECRETS/logger-credentials.csv
SERVICE_JAR=target/pvmon.jar
SIMULATOR_JAR=simulator/target/pvmon-simulator.jar
MQTT_URL=tcp://$BIND:$MQTT_SERVICE_PORT      # the service and the backfill (an importer's login)
LOGGERS_URL=tcp://$BIND:$MQTT_PORT           # the simulated loggers, each with its station's login
INFLUX_URL=http://$BIND:$INFLUX_PORT
BASE_URL=http://$BIND:$HTTP_PORT

# The service is configured by environment variables only.
SERVICE_ENV=(
  PVMON_HTTP_PORT="$HTTP_PORT"
  PVMON_MQTT_URL="$MQTT_URL"
  PVMON_MQTT_USERNAME=pvmon                                  # its password is added below (PVMON_MQTT_PASSWORD)
  # Logger credentials: pvmon writes the loggers' password and ACL files and reloads the broker (SIGHUP to its pid).
  PVMON_LOGGERS_PASSWORD_FILE="$BROKER_DIR/loggers.passwd"
  PVMON_LOGGERS_ACL_FILE="$BROKER_DIR/loggers.acl"
  PVMON_LOGGERS_BROKER_PID_FILE="$BROKER_DIR/mosquitto.pid"
  PVMON_LOGGERS_BROKER_URL="$LOGGERS_URL"                     # printed on the credential sheets
  PVMON_INFLUX_URL="$INFLUX_URL"
  PVMON_INFLUX_DATABASE="$DATABASE"
  PVMON_INFLUX_RAW_KEEP_DAYS=100                             # as the server install: raw readings 100 days, hourly means for ever
  PVMON_DATA_DIR="$DATA/service"
  PVMON_STATIONS_FILE="$PWD/$FLEET"
  # One instance on mosquitto 2.0: a plain subscription survives a broker restart, a shared one does not
  # (docs/operations.md, "Shared or plain subscription").
  PVMON_MQTT_GROUP=
  PVMON_MQTT_CONNECTIONS=1
  PVMON_NOTIFY_WEBHOOK_URL="http://$BIND:$SINK_PORT/webhook"  # alert opened/resolved, generic JSON
  PVMON_NOTIFY_WECOM_URL="http://$BIND:$SINK_PORT/wecom"      # the same as a WeCom group-robot message
  PVMON_NOTIFY_MQTT_TOPIC=pvmon/alerts                       # and on the broker: pvmon/alerts/<station>
  PVMON_NOTIFY_LINK="http://$BIND:$HTTP_PORT/#/alerts"
  # The JVM's default heap limit is a quarter of RAM; the service needs far less: etc/jvm.options (heap, collector;
  # docs/operations.md, "Memory and JVM options"), replaced by PVMON_JAVA_OPTS. Out of memory, the JVM exits (status
  # 3) instead of running on with dead threads: the demo then stops and says so; systemd or Kubernetes restart it
  # (docs/operations.md, "Health checks and restarts"). Kept with PVMON_JAVA_OPTS too.
  JAVA_TOOL_OPTIONS="-XX:+ExitOnOutOfMemoryError ${PVMON_JAVA_OPTS:-$(grep -v '^#' etc/jvm.options | tr '\n' ' ')}"
)
READY_URL=$BASE_URL/health/ready
# ------------------------------------------------------------------------------------------

# name:pidfile of what this run started, to stop in reverse order. Never what another run started.
STARTED=()

stop_started() {
  local i entry
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    entry=${STARTED[i]}
    stop_pidfile "${entry%%:*}" "${entry#*:}"
  done
  STARTED=()
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ ${#STARTED[@]} -gt 0 ]]; then
    log "shutting down"
    stop_started
    log "stopped"
  fi
  exit "$rc"
}

# start_jar JAR PIDFILE LOGFILE [ENV=VALUE...] -- ARGS...: java -jar JAR in the background, in its
# own session (Ctrl-C reaches only this script, which then stops everything in order).
start_jar() {
  local jar=$1 pidfile=$2 logfile=$3 envs=()
  shift 3
  while [[ $1 != -- ]]; do envs+=("$1"); shift; done
  shift
  check_free "$(basename "$jar")" "$pidfile" "$BIND"
  printf '=== %s start ===\n' "$(date -Iseconds)" >>"$logfile"
  $(_detach) env "${envs[@]}" java -jar "$jar" "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  STARTED+=("$(basename "$jar"):$pidfile")
  log "$(basename "$jar") started (pid $!, log $logfile)"
}

# secret NAME: the demo's password NAME from $SECRETS, made (random) on the first run.
secret() {
  local f=$SECRETS/$1.password
  if [[ ! -s $f ]]; then
    (umask 077 && random_password >"$f")
  fi
  cat "$f"
}

# issue_logger_credentials: a credential for every station of the registry that has none yet (pvmon writes them to the
# broker and reloads it), their sheets added to $CREDENTIALS, which the simulated loggers log in with.
issue_logger_credentials() {
  local new=$SECRETS/new-credentials-$$.csv
  env "${SERVICE_ENV[@]}" java -jar "$SERVICE_JAR" loggers issue --all --csv --out "$new" >>"$LOGS/service.log" 2>&1 \
    || die "issuing the loggers' credentials failed; see $LOGS/service.log"
  if [[ ! -s $CREDENTIALS ]]; then
    mv "$new" "$CREDENTIALS"
  else
    tail -n +2 "$new" >>"$CREDENTIALS" # a station issued again: its later row wins
    rm -f "$new"
  fi
  log "logger credentials: $(($(wc -l <"$CREDENTIALS") - 1)) sheets in $CREDENTIALS"
}

# backfill FROM TO INTERVAL: the simulator publishes every reading of [FROM, TO) as fast as the broker takes them, as
# an importer of history (the broker's pvmon-bench login on the service's listener), not as the stations' loggers.
backfill() {
  log "backfilling $FLEET from $1 to $2 every $3 (log $LOGS/simulator-backfill.log)"
  PVMON_SIM_MQTT_PASSWORD=$(secret pvmon-bench) java -jar "$SIMULATOR_JAR" backfill --broker "$MQTT_URL" --username pvmon-bench --fleet "$FLEET" \
    --from "$1" --to "$2" --interval "$3" --seed "$SEED" 2>&1 \
    | tee -a "$LOGS/simulator-backfill.log" || die "the backfill failed (log $LOGS/simulator-backfill.log)"
}

stop_previous() {
  stop_pidfile "$(basename "$SIMULATOR_JAR")" "$RUN/simulator.pid"
  stop_pidfile "$(basename "$SIMULATOR_JAR")" "$RUN/webhook-sink.pid"
  stop_pidfile "$(basename "$SERVICE_JAR")" "$RUN/service.pid"
  stop_pidfile influxd "$RUN/influxd.pid"
  stop_pidfile mosquitto "$RUN/mosquitto.pid"
  log "nothing of a previous run is left running"
}

main() {
  if [[ ${1:-} == stop ]]; then
    stop_previous
    return 0
  fi
  [[ $# -eq 0 ]] || die "usage: scripts/run.sh [stop]"

  mkdir -p "$LOGS" "$RUN" "$DATA/service"
  # Refuse early, before building, if a previous run is still alive or a port is taken.
  check_free mosquitto "$RUN/mosquitto.pid" "$BIND" "$MQTT_PORT" "$MQTT_SERVICE_PORT"
  check_free influxd "$RUN/influxd.pid" "$BIND" "$INFLUX_PORT" "$INFLUX_RPC_PORT"
  check_free "$(basename "$SERVICE_JAR")" "$RUN/service.pid" "$BIND" "$HTTP_PORT"
  check_free "$(basename "$SIMULATOR_JAR")" "$RUN/simulator.pid" "$BIND"
  check_free "$(basename "$SIMULATOR_JAR")" "$RUN/webhook-sink.pid" "$BIND" "$SINK_PORT"

  ensure_java_maven
  ensure_packages

  log "building the simulator and the service (tests skipped; scripts/test.sh runs them)"
  [[ -f simulator/pom.xml ]] || die "simulator/pom.xml is missing"
  mvn -B -q -f simulator/pom.xml -DskipTests package || die "building the simulator failed"
  mvn -B -q -DskipTests package || die "building the service failed"
  [[ -f $SERVICE_JAR ]] || die "$SERVICE_JAR was not built"
  [[ -f $SIMULATOR_JAR ]] || die "$SIMULATOR_JAR was not built"
  [[ -f $FLEET ]] || die "fleet file $FLEET is missing"

  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # The broker's accounts on the service's listener (etc/mosquitto-service.acl): the service and the importer/bench.
  mkdir -p "$SECRETS" && chmod 700 "$SECRETS"
  broker_account "$BROKER_DIR" pvmon "$(secret pvmon)"
  broker_account "$BROKER_DIR" pvmon-bench "$(secret pvmon-bench)"
  SERVICE_ENV+=(PVMON_MQTT_PASSWORD="$(secret pvmon)")
  start_mosquitto "$BROKER_DIR" "$MQTT_PORT" "$MQTT_SERVICE_PORT" "$LOGS/mosquitto.log" "$RUN/mosquitto.pid" "$BIND"
  STARTED+=("mosquitto:$RUN/mosquitto.pid")
  start_influxd "$DATA/influxdb" "$INFLUX_PORT" "$INFLUX_RPC_PORT" "$LOGS/influxd.log" "$RUN/influxd.pid" "$BIND"
  STARTED+=("influxd:$RUN/influxd.pid")
  influx_create_database "$BIND" "$INFLUX_PORT" "$DATABASE"

  # The demo villages' registry: catalogue dates, tariffs, the joint station's 11 owner villages, ~3,000
  # generated (not real) households and their posts (simulator/fleets/demo-registry/README.md).
  start_jar "$SIMULATOR_JAR" "$RUN/webhook-sink.pid" "$LOGS/webhook-sink.log" -- \
    webhook-sink --port "$SINK_PORT" --out "$DATA/notifications.log"

  log "loading the demo registry from $DEMO_REGISTRY"
  env "${SERVICE_ENV[@]}" java -jar "$SERVICE_JAR" import "$DEMO_REGISTRY" >>"$LOGS/service.log" 2>&1 \
    || die "importing $DEMO_REGISTRY failed; see $LOGS/service.log"

  issue_logger_credentials

  start_jar "$SERVICE_JAR" "$RUN/service.pid" "$LOGS/service.log" "${SERVICE_ENV[@]}" --
  wait_until 90 "$(<"$RUN/service.pid")" "$LOGS/service.log" "pvmon service ($READY_URL)" \
    _http_is 200 "$READY_URL" || die "the service did not become ready"
  log "service ready: $BASE_URL"

  # Sign-in: the first start created the administrator 'admin' with a one-time password (kept in the data directory
  # until it is changed); the curl examples use an API token of admin's, made here for this run.
  local first_password sign_in token cash_month
  # the demo registry's receipts end on a fixed day: the latest month with cash received is the one with money to share
  cash_month=$(tail -n +2 "$DEMO_REGISTRY/receipts.csv" | cut -d, -f2 | sort | tail -n 1 | cut -c1-7)
  first_password=$(cat "$DATA/service/initial-admin-password" 2>/dev/null || true)
  if [[ -n $first_password ]]; then
    sign_in="admin / $first_password   (one-time: you choose a new password at the first sign-in)"
  else
    sign_in="admin / the password you chose   (forgotten: java -jar $SERVICE_JAR users reset-password admin)"
  fi
  token=$(env "${SERVICE_ENV[@]}" java -jar "$SERVICE_JAR" users token admin "demo curl $(date +%F)" --days 7 2>>"$LOGS/service.log") \
    || die "creating the demo's API token failed; see $LOGS/service.log"

  # The last days every 5 minutes first, up to now, then the history before them: the whole previous month (so it
  # has a complete monthly statement) every 15 minutes. Readings are a function of station and time, so the two runs
  # agree. Recent first: the alert evaluation never sees every station's newest reading days old (the end of the
  # history, before the recent days arrive), which it would rightly take for a gap in the data, not for alerts.
  local month_start recent now
  month_start=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 month" +%F)
  recent=$(TZ=Asia/Shanghai date -d "$BACKFILL_DAYS days ago" +%F)
  now=$(TZ=Asia/Shanghai date -Iseconds)
  backfill "$recent" "$now" "$BACKFILL_INTERVAL"
  backfill "$month_start" "$recent" "$HISTORY_INTERVAL"

  start_jar "$SIMULATOR_JAR" "$RUN/simulator.pid" "$LOGS/simulator.log" -- \
    live --broker "$LOGGERS_URL" --credentials "$CREDENTIALS" --fleet "$FLEET" --seed "$SEED" \
    --fault "$OFFLINE_STATION=offline@$(TZ=Asia/Shanghai date -d '+1 minutes' +%Y-%m-%dT%H:%M)/$(TZ=Asia/Shanghai date -d '+21 minutes' +%Y-%m-%dT%H:%M)" \
    --fault "$ZERO_STATION=zero" \
    --fault "$METER_STATION=meter-reset@$(TZ=Asia/Shanghai date -d '+2 minutes' +%Y-%m-%dT%H:%M)/"

  cat <<INFO

  pvmon demo is running.

    Dashboard        $BASE_URL/
    Sign in          $sign_in
    API (examples)   export PVMON_TOKEN=$token   (valid 7 days; docs/api.md "Access")
                     curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/api/stations
                     curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/api/rejected-readings
                     curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/api/revenue/monthly?month=${month_start:0:7}
                     curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/api/villages/沂南县-岸堤镇-朱家坡村/statements/preview?month=$cash_month
                       (the latest month with cash received: 朱家坡村 distributes received cash, docs/api.md "Statements")
                     curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/api/counties/沂南县/statements?month=${month_start:0:7}
                     curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/api/alerts/current
    Metrics          curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/metrics
    Readiness        curl $READY_URL
    MQTT broker      loggers $LOGGERS_URL (a login per station: $CREDENTIALS), service $MQTT_URL
                     mosquitto_sub -p $MQTT_SERVICE_PORT -u pvmon -P "\$(cat $SECRETS/pvmon.password)" -v -t 'pvmon/v1/stations/+/status'
                     PVMON_DATA_DIR=$DATA/service PVMON_STATIONS_FILE=$PWD/$FLEET java -jar $SERVICE_JAR loggers list
                     (issue, rotate, revoke, sheet: docs/operations.md, "Logger credentials")
    InfluxDB         $INFLUX_URL  e.g. influx -port $INFLUX_PORT -database $DATABASE -execute 'SHOW SERIES'
    Demo faults      $OFFLINE_STATION goes offline in a minute for 20 minutes (OFFLINE alert ~4 minutes later,
                     resolved automatically when it is back, both notified), $ZERO_STATION reports zero power
                     (IDLE alert): OFFLINE and IDLE in daylight only, about 08:00-16:30 here, no alarms at night;
                     $METER_STATION's meter is replaced in 2 minutes (a METER alert and its notification, day or night)
    Notifications    $DATA/notifications.log (what the stand-in chat robot on :$SINK_PORT received)
                     curl -H "Authorization: Bearer \$PVMON_TOKEN" $BASE_URL/api/notifications?status=all
                     mosquitto_sub -p $MQTT_SERVICE_PORT -u pvmon-bench -P "\$(cat $SECRETS/pvmon-bench.password)" -v -t 'pvmon/alerts/#'
    Logs             $LOGS/{service,simulator,simulator-backfill,webhook-sink,mosquitto,influxd}.log
    Data             $DATA

  Press Ctrl-C to stop everything.

INFO

  # Wait until Ctrl-C, or until one of the processes dies (then say which, and stop the rest).
  local pids=() entry pid
  for entry in "${STARTED[@]}"; do pids+=("$(<"${entry#*:}")"); done
  set +e
  wait -n "${pids[@]}"
  set -e
  for entry in "${STARTED[@]}"; do
    pid=$(<"${entry#*:}")
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$(basename "${entry#*:}" .pid) (pid $pid) exited unexpectedly; see $LOGS"
    fi
  done
  exit 1
}

main "$@"

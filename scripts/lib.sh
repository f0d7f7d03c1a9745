# shellcheck shell=bash
# Shared functions for scripts/run.sh and scripts/test.sh. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Needs bash >= 5.1 (Debian 12 has 5.2). No curl needed: HTTP checks use bash's /dev/tcp.

PVMON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOSQUITTO_BIN="${MOSQUITTO_BIN:-/usr/sbin/mosquitto}"
INFLUXD_BIN="${INFLUXD_BIN:-/usr/bin/influxd}"

log() { printf '[pvmon] %s\n' "$*" >&2; }
die() { printf '[pvmon] ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $*  (not root and no sudo)"
  fi
}

_PVMON_APT_UPDATED=
# apt-get install -y the given Debian packages (apt-get update once per script run).
apt_install() {
  [[ $# -gt 0 ]] || return 0
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* yourself (this script supports Debian/Ubuntu)"
  if [[ -z $_PVMON_APT_UPDATED ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || die "apt-get update failed"
    _PVMON_APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" \
    || die "apt-get install $* failed"
}

# Installs mosquitto, its clients, influxdb and its client, and the PDF font, each only when missing.
ensure_packages() {
  local missing=()
  [[ -x $MOSQUITTO_BIN ]] || missing+=(mosquitto)
  command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
  [[ -x $INFLUXD_BIN ]] || missing+=(influxdb)
  command -v influx >/dev/null 2>&1 || missing+=(influxdb-client)
  [[ -r /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei) # Chinese font for PDF statements
  if [[ ${#missing[@]} -gt 0 ]]; then
    apt_install "${missing[@]}"
    # The Debian packages enable system services on ports 1883/8086/8088; pvmon starts its own
    # instances on other ports and does not use them.
  fi
  [[ -x $MOSQUITTO_BIN ]] || die "$MOSQUITTO_BIN missing after installing mosquitto"
  [[ -x $INFLUXD_BIN ]] || die "$INFLUXD_BIN missing after installing influxdb"
}

# Installs PostgreSQL when missing: the tests run the registry's SQL on it too (the service itself uses SQLite).
ensure_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || apt_install postgresql
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || die "postgres missing after installing postgresql"
}

# Installs headless Chromium and its driver (the web UI tests drive a real browser), when missing.
ensure_browser() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  [[ ${#missing[@]} -eq 0 ]] || apt_install "${missing[@]}"
  command -v chromedriver >/dev/null 2>&1 || die "chromedriver missing after installing chromium-driver"
}

# Installs a JDK 17 and Maven when `java` (>= 17) or `mvn` is missing.
ensure_java_maven() {
  local missing=() version
  if command -v java >/dev/null 2>&1; then
    version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    [[ ${version%%.*} -ge 17 ]] 2>/dev/null || missing+=(openjdk-17-jdk-headless)
  else
    missing+=(openjdk-17-jdk-headless)
  fi
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  apt_install "${missing[@]}"
  if [[ " ${missing[*]} " == *" openjdk-17-jdk-headless "* ]]; then
    # an older default java may still come first on PATH
    local home
    home=$(find /usr/lib/jvm -maxdepth 1 -name 'java-17-openjdk*' -type d 2>/dev/null | head -n 1)
    if [[ -n $home ]]; then
      export JAVA_HOME=$home PATH="$home/bin:$PATH"
    fi
  fi
}

# render_template TEMPLATE OUTPUT KEY=VALUE...: replaces each {{KEY}}; fails on a leftover {{...}}.
render_template() {
  local template=$1 output=$2 text kv
  shift 2
  text=$(<"$template") || die "cannot read $template"
  for kv in "$@"; do
    text=${text//"{{${kv%%=*}}}"/"${kv#*=}"}
  done
  if [[ $text == *"{{"* ]]; then
    die "$template: placeholder left unfilled: $(grep -o '{{[A-Z_]*}}' <<<"$text" | head -n 1)"
  fi
  printf '%s\n' "$text" >"$output"
}

# tcp_open HOST PORT: true when something accepts TCP connections there.
tcp_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# http_status URL: prints the HTTP status code of a GET (000 when nothing answers). http:// only.
http_status() {
  local url=$1 rest hostport host port path line
  rest=${url#http://}
  if [[ $rest == */* ]]; then
    hostport=${rest%%/*}
    path=/${rest#*/}
  else
    hostport=$rest
    path=/
  fi
  host=${hostport%%:*}
  port=${hostport##*:}
  [[ $port == "$hostport" ]] && port=80
  line=$(
    {
      exec 3<>"/dev/tcp/$host/$port" || exit 0
      printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
      timeout 5 head -n 1 <&3
    } 2>/dev/null
  ) || true
  line=${line#HTTP/* }
  line=${line:0:3}
  [[ $line =~ ^[0-9]{3}$ ]] && printf '%s\n' "$line" || printf '000\n'
}

# pid_running PIDFILE NAME: true when PIDFILE names a live process whose command is NAME.
pid_running() {
  local pidfile=$1 name=$2 pid
  [[ -f $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"$name"* ]]
}

# check_free NAME PIDFILE HOST PORT...: fails with a clear message if NAME already runs from PIDFILE
# (a previous run) or a port is taken; removes a stale pid file.
check_free() {
  local name=$1 pidfile=$2 host=$3 port
  shift 3
  if pid_running "$pidfile" "$name"; then
    die "$name is already running (pid $(<"$pidfile"), from $pidfile): another scripts/run.sh is running? Stop it with Ctrl-C there, or: scripts/run.sh stop"
  fi
  [[ -f $pidfile ]] && { log "removing stale pid file $pidfile"; rm -f "$pidfile"; }
  for port in "$@"; do
    if tcp_open "$host" "$port"; then
      die "port $host:$port (for $name) is in use by another program; free it or choose another port (see the variables at the top of scripts/run.sh)"
    fi
  done
}

# wait_until SECONDS PID LOGFILE DESCRIPTION COMMAND...: polls COMMAND every 0.2 s; fails when PID
# exits or time runs out, showing the end of LOGFILE.
wait_until() {
  local seconds=$1 pid=$2 logfile=$3 what=$4 deadline
  shift 4
  deadline=$((SECONDS + seconds))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$what: process $pid exited. Last lines of $logfile:"
      tail -n 30 "$logfile" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "$what: not ready after ${seconds}s. Last lines of $logfile:"
      tail -n 30 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

# Prints "setsid" when available: a background server in its own session does not receive the
# terminal's Ctrl-C, so the calling script can stop everything itself, in order. (In a
# non-interactive shell a background child is no process-group leader, so setsid does not fork
# and $! stays the server's pid.)
_detach() {
  if command -v setsid >/dev/null 2>&1; then echo setsid; fi
}

_http_is() { [[ $(http_status "$2") == "$1" ]]; }

# broker_prepare DIR: what etc/mosquitto.conf names besides itself, before the broker starts: the service listener's
# ACL (etc/mosquitto-service.acl), an empty service.passwd, conf.d/ (extra listeners), and empty password and ACL files
# for the loggers until pvmon writes them (pvmon loggers issue). Keeps what exists (accounts, pvmon's files).
broker_prepare() {
  local dir=$1
  mkdir -p "$dir/conf.d"
  cp "$PVMON_ROOT/etc/mosquitto-service.acl" "$dir/service.acl"
  local f
  for f in service.passwd loggers.passwd loggers.acl; do
    [[ -e $dir/$f ]] || (umask 027 && : >"$dir/$f")
  done
}

# broker_account DIR USER PASSWORD: adds USER to the service listener's logins (DIR/service.passwd), or gives it a new
# password, with mosquitto_passwd (the password on its standard input, never on a command line). A running broker
# reads it at its next reload (SIGHUP).
broker_account() {
  local dir=$1 user=$2 password=$3
  broker_prepare "$dir"
  printf '%s\n%s\n' "$password" "$password" | mosquitto_passwd "$dir/service.passwd" "$user" >/dev/null \
    || die "mosquitto_passwd could not add $user to $dir/service.passwd"
}

# random_password: 24 random letters and digits.
random_password() {
  local p
  p=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
  [[ ${#p} -eq 24 ]] || die "could not make a random password"
  printf '%s\n' "$p"
}

# start_mosquitto DIR PORT SERVICE_PORT LOGFILE PIDFILE [BIND_ADDRESS]: renders etc/mosquitto.conf into DIR (the
# loggers' listener on PORT, the service's on SERVICE_PORT, both with logins and ACLs: see broker_prepare and
# broker_account), starts the broker in the background (a child of this shell) and waits until both accept connections.
start_mosquitto() {
  local dir=$1 port=$2 service_port=$3 logfile=$4 pidfile=$5 bind=${6:-127.0.0.1} pid
  check_free mosquitto "$pidfile" "$bind" "$port" "$service_port"
  mkdir -p "$dir" "$(dirname "$logfile")" "$(dirname "$pidfile")"
  dir=$(cd "$dir" && pwd)
  broker_prepare "$dir"
  render_template "$PVMON_ROOT/etc/mosquitto.conf" "$dir/mosquitto.conf" \
    "PORT=$port" "SERVICE_PORT=$service_port" "BIND_ADDRESS=$bind" "DATA_DIR=$dir" "USER=$(id -un)"
  printf '=== %s start ===\n' "$(date -Iseconds)" >>"$logfile"
  $(_detach) "$MOSQUITTO_BIN" -c "$dir/mosquitto.conf" >>"$logfile" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  wait_until 20 "$pid" "$logfile" "mosquitto on $bind:$port" tcp_open "$bind" "$port" \
    || die "mosquitto did not start (log: $logfile)"
  wait_until 20 "$pid" "$logfile" "mosquitto on $bind:$service_port" tcp_open "$bind" "$service_port" \
    || die "mosquitto did not start (log: $logfile)"
  log "mosquitto running: loggers tcp://$bind:$port, service tcp://$bind:$service_port (pid $pid, data $dir, log $logfile)"
}

# start_influxd DIR HTTP_PORT RPC_PORT LOGFILE PIDFILE [BIND_ADDRESS]: renders
# etc/influxdb.conf.template into DIR, starts influxd in the background, waits for GET /ping = 204.
start_influxd() {
  local dir=$1 http_port=$2 rpc_port=$3 logfile=$4 pidfile=$5 bind=${6:-127.0.0.1} pid
  check_free influxd "$pidfile" "$bind" "$http_port" "$rpc_port"
  mkdir -p "$dir" "$(dirname "$logfile")" "$(dirname "$pidfile")"
  dir=$(cd "$dir" && pwd)
  render_template "$PVMON_ROOT/etc/influxdb.conf.template" "$dir/influxdb.conf" \
    "DATA_DIR=$dir" "HTTP_BIND_ADDRESS=$bind:$http_port" "RPC_BIND_ADDRESS=$bind:$rpc_port"
  printf '=== %s start ===\n' "$(date -Iseconds)" >>"$logfile"
  (
    # influxd lets INFLUXDB_<SECTION>_<KEY> variables override the config file: drop them.
    while read -r var; do unset "$var"; done < <(compgen -e | grep '^INFLUXDB_' || true)
    exec $(_detach) "$INFLUXD_BIN" -config "$dir/influxdb.conf"
  ) >>"$logfile" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  wait_until 60 "$pid" "$logfile" "influxd on $bind:$http_port" _http_is 204 "http://$bind:$http_port/ping" \
    || die "influxd did not start (log: $logfile)"
  log "influxd running: http://$bind:$http_port (pid $pid, data $dir, log $logfile)"
}

# influx_create_database HOST PORT NAME: CREATE DATABASE (idempotent) with the influx CLI.
influx_create_database() {
  influx -host "$1" -port "$2" -execute "CREATE DATABASE \"$3\"" \
    || die "cannot create InfluxDB database $3 on $1:$2"
}

# stop_pidfile NAME PIDFILE [SECONDS]: SIGTERM, wait up to SECONDS (default 30), then SIGKILL;
# removes the pid file. Does nothing when the pid file is missing or stale.
stop_pidfile() {
  local name=$1 pidfile=$2 seconds=${3:-30} pid deadline
  if ! pid_running "$pidfile" "$name"; then
    rm -f "$pidfile"
    return 0
  fi
  pid=$(<"$pidfile")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name (pid $pid) ignored SIGTERM for ${seconds}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  wait "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

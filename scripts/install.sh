#!/usr/bin/env bash
# Installs pvmon on a Debian 12 server as a systemd service (docs/install.md): the user pvmon, the jar in /opt/pvmon,
# the settings in /etc/pvmon (never overwritten once there), the data in /var/lib/pvmon, backups in /var/backups/pvmon,
# the units pvmon.service, pvmon-health.timer (liveness) and pvmon-backup.timer (nightly backup), enabled and started.
# Run it again to upgrade (a new jar: the service is restarted, the previous jar kept as pvmon.jar.previous); running it
# twice changes nothing more.
#
#   sudo scripts/install.sh [--broker] [--jar FILE] [--no-start] [--no-packages]
#   sudo scripts/install.sh --uninstall [--purge]
#   sudo scripts/install.sh --root DIR [--jar FILE] into DIR instead of / (to check what it does; no packages, no
#                                                   systemctl; the user goes into DIR/etc/passwd when DIR/etc has one)
#
#   --broker       also set up mosquitto on this machine for pvmon (it must be installed): /etc/mosquitto/conf.d/pvmon.conf
#                  (the service's listener on 127.0.0.1:1884, the loggers' on 1883, logins everywhere), the files in
#                  /etc/mosquitto/pvmon, the account pvmon with a new password (into the settings, when they are
#                  written now), and pvmon-broker-reload.path (reloads mosquitto when pvmon changes a logger's login)
#   --jar FILE     the service's jar (default: target/pvmon.jar, built by `mvn -B package -DskipTests`)
#   --no-start     install and enable, but do not start (e.g. to edit /etc/pvmon/pvmon.properties first)
#   --no-packages  do not apt-get install Java and the Chinese font
#   --uninstall    stop and disable the units and remove them and /opt/pvmon; --purge also removes /etc/pvmon,
#                  /var/lib/pvmon and the user pvmon (backups in /var/backups/pvmon are always left)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/.." && pwd)"
root=""
jar="$project/target/pvmon.jar"
start=1
packages=1
uninstall=0
purge=0
broker=0

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
log() { printf '[pvmon install] %s\n' "$*"; }
die() { printf '[pvmon install] ERROR: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --root) root=${2:?--root DIR}; shift 2 ;;
    --jar) jar=${2:?--jar FILE}; shift 2 ;;
    --broker) broker=1; shift ;;
    --no-start) start=0; shift ;;
    --no-packages) packages=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    --purge) purge=1; shift ;;
    -h | --help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

if [[ -n $root ]]; then
  root=$(cd "$root" && pwd) || die "--root: no directory $root"
  [[ $root != / ]] || root=""
  packages=0
fi
[[ $(id -u) -eq 0 ]] || die "run it as root (sudo): it creates a user and sets the owners of the files"

user=pvmon
opt="$root/opt/pvmon"
etc="$root/etc/pvmon"
state="$root/var/lib/pvmon"
backups="$root/var/backups/pvmon"
units="$root/etc/systemd/system"
unit_files=(pvmon.service pvmon-health.service pvmon-health.timer pvmon-backup.service pvmon-backup.timer
  pvmon-broker-reload.service pvmon-broker-reload.path)
mosquitto_dir="$root/etc/mosquitto"

# systemctl only on the real root with systemd running; otherwise say what would have been run
systemd_up() { [[ -z $root && -d /run/systemd/system ]]; }
sysctl() {
  if systemd_up; then
    systemctl "$@"
  else
    log "(systemd is not running here: skipped 'systemctl $*')"
  fi
}

if ((uninstall)); then
  if systemd_up; then
    systemctl disable --now pvmon-health.timer pvmon-backup.timer pvmon-broker-reload.path pvmon.service 2>/dev/null || true
  fi
  for u in "${unit_files[@]}"; do rm -f "$units/$u"; done
  sysctl daemon-reload
  rm -rf -- "$opt"
  log "removed the units and $opt"
  if ((purge)); then
    rm -rf -- "$etc" "$state"
    if [[ -z $root ]] && id "$user" >/dev/null 2>&1; then userdel "$user"; fi
    if [[ -n $root && -f $root/etc/passwd ]] && grep -q "^$user:" "$root/etc/passwd"; then userdel --prefix "$root" "$user"; fi
    log "removed $etc, $state and the user $user; the backups in $backups are left: remove them yourself when not needed"
    [[ -d $mosquitto_dir/pvmon ]] && log "mosquitto's pvmon files are left: remove $mosquitto_dir/conf.d/pvmon.conf and $mosquitto_dir/pvmon yourself (the broker needs them while that file is there)"
  else
    log "kept the settings ($etc), the data ($state) and the backups ($backups): --purge removes the first two"
  fi
  exit 0
fi

[[ -f $jar ]] || die "no jar at $jar: build it first (mvn -B package -DskipTests) or give --jar FILE"

# ---- packages: Java 17 and the Chinese font of the PDF statements -------------------------------------------------
if ((packages)); then
  missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  [[ -r /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei)
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# ---- the user pvmon (system account, no login, home = its data) --------------------------------------------------
if [[ -z $root ]]; then
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/pvmon --no-create-home --shell /usr/sbin/nologin \
      --comment "pvmon service" "$user"
    log "created the system user $user"
  fi
  uid=$(id -u "$user")
  gid=$(id -g "$user")
elif [[ -f $root/etc/passwd && -f $root/etc/group ]]; then
  if ! grep -q "^$user:" "$root/etc/passwd"; then
    useradd --prefix "$root" --system --user-group --home-dir /var/lib/pvmon --no-create-home \
      --shell /usr/sbin/nologin --comment "pvmon service" "$user"
    log "created the system user $user in $root/etc/passwd"
  fi
  uid=$(awk -F: -v u="$user" '$1 == u {print $3}' "$root/etc/passwd")
  gid=$(awk -F: -v u="$user" '$1 == u {print $4}' "$root/etc/passwd")
else
  uid=$(id -u)
  gid=$(id -g)
  log "no $root/etc/passwd: files owned by $(id -un) instead of $user"
fi

# ---- directories --------------------------------------------------------------------------------------------------
install -d -m 0755 -o 0 -g 0 "$opt" "$opt/bin" "$opt/docs" "$units"
install -d -m 0750 -o 0 -g "$gid" "$etc"
install -d -m 0750 -o "$uid" -g "$gid" "$state" "$backups"

# ---- the jar (the previous one kept for going back), the liveness and backup scripts, docs ---------------------------
changed_jar=0
if [[ -f $opt/pvmon.jar ]] && cmp -s "$jar" "$opt/pvmon.jar"; then
  log "the jar in $opt is this one already"
else
  [[ -f $opt/pvmon.jar ]] && cp -p "$opt/pvmon.jar" "$opt/pvmon.jar.previous"
  install -m 0644 -o 0 -g 0 "$jar" "$opt/pvmon.jar.new"
  mv -f "$opt/pvmon.jar.new" "$opt/pvmon.jar"
  changed_jar=1
  log "installed $opt/pvmon.jar"
fi
install -m 0755 -o 0 -g 0 "$here/server/pvmon-health" "$here/server/pvmon-backup" "$opt/bin/"
install -m 0644 -o 0 -g 0 "$project/docs/install.md" "$project/docs/operations.md" "$opt/docs/"

# ---- mosquitto for pvmon (--broker): its configuration and files once, the service's account ----------------------
service_password=""
if ((broker)); then
  [[ -d $mosquitto_dir/conf.d ]] || die "--broker: no $mosquitto_dir/conf.d: install mosquitto first (apt-get install mosquitto)"
  mgid=$(awk -F: '$1 == "mosquitto" {print $3}' "$root/etc/group")
  [[ -n $mgid ]] || die "--broker: no group mosquitto in $root/etc/group (Debian's mosquitto package makes it)"
  # pvmon writes the loggers' files here; mosquitto reads them through its group (setgid: new files get it)
  install -d -m 2750 -o "$uid" -g "$mgid" "$mosquitto_dir/pvmon"
  for f in loggers.passwd loggers.acl; do
    [[ -f $mosquitto_dir/pvmon/$f ]] || install -m 0640 -o "$uid" -g "$mgid" /dev/null "$mosquitto_dir/pvmon/$f"
  done
  [[ -f $mosquitto_dir/pvmon/service.passwd ]] || install -m 0640 -o 0 -g "$mgid" /dev/null "$mosquitto_dir/pvmon/service.passwd"
  if [[ ! -f $mosquitto_dir/pvmon/service.acl ]]; then
    install -m 0640 -o 0 -g "$mgid" "$project/etc/mosquitto-service.acl" "$mosquitto_dir/pvmon/service.acl"
  fi
  if [[ -f $mosquitto_dir/conf.d/pvmon.conf ]]; then
    log "kept mosquitto's $mosquitto_dir/conf.d/pvmon.conf"
  else
    install -m 0644 -o 0 -g 0 "$project/etc/server/mosquitto-pvmon.conf" "$mosquitto_dir/conf.d/pvmon.conf"
    log "wrote mosquitto's $mosquitto_dir/conf.d/pvmon.conf (the service's listener 127.0.0.1:1884, the loggers' 1883)"
  fi
  if ! grep -q '^pvmon:' "$mosquitto_dir/pvmon/service.passwd"; then
    if [[ -f $etc/pvmon.properties ]]; then
      log "the broker has no account pvmon yet: mosquitto_passwd $mosquitto_dir/pvmon/service.passwd pvmon, then"
      log "  mqtt.url=tcp://127.0.0.1:1884, mqtt.username=pvmon and mqtt.password in $etc/pvmon.properties"
    else
      service_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
      printf '%s\n%s\n' "$service_password" "$service_password" \
        | mosquitto_passwd "$mosquitto_dir/pvmon/service.passwd" pvmon >/dev/null
      log "made the broker account pvmon (its password goes into the settings, nowhere else)"
    fi
  fi
fi

# ---- settings: written once, never overwritten -------------------------------------------------------------------
if [[ -f $etc/pvmon.properties ]]; then
  log "kept the settings $etc/pvmon.properties (the shipped example: $opt/pvmon.properties.example)"
else
  install -m 0640 -o 0 -g "$gid" "$project/etc/server/pvmon.properties" "$etc/pvmon.properties"
  if ((broker)); then # the service's listener and account, the loggers' files
    sed -i -e 's|^mqtt\.url=.*|mqtt.url=tcp://127.0.0.1:1884|' -e 's|^#mqtt\.username=|mqtt.username=|' \
      -e 's|^#\(loggers\.password-file=\)|\1|' -e 's|^#\(loggers\.acl-file=\)|\1|' "$etc/pvmon.properties"
    if [[ -n $service_password ]]; then
      # the password through a file, not sed's command line
      awk -v pwfile=<(printf '%s' "$service_password") 'BEGIN { getline pw < pwfile }
        /^#mqtt\.password=/ { print "mqtt.password=" pw; next } { print }' "$etc/pvmon.properties" >"$etc/pvmon.properties.new"
      chown 0:"$gid" "$etc/pvmon.properties.new"
      chmod 0640 "$etc/pvmon.properties.new"
      mv -f "$etc/pvmon.properties.new" "$etc/pvmon.properties"
    fi
  fi
  log "wrote the settings $etc/pvmon.properties: check them"
fi
install -m 0644 -o 0 -g 0 "$project/etc/server/pvmon.properties" "$opt/pvmon.properties.example"
if [[ ! -f $etc/stations.csv ]]; then
  printf '%s\n' "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date" >"$etc/stations.csv"
  chown 0:"$gid" "$etc/stations.csv"
  chmod 0640 "$etc/stations.csv"
  log "wrote an empty station list $etc/stations.csv (header only): fill it in or upload the stations in the dashboard"
fi

# ---- systemd units ------------------------------------------------------------------------------------------------
changed_units=0
for u in "${unit_files[@]}"; do
  if ! cmp -s "$project/etc/systemd/$u" "$units/$u"; then
    install -m 0644 -o 0 -g 0 "$project/etc/systemd/$u" "$units/$u"
    changed_units=1
  fi
done
((changed_units)) && log "installed the units ${unit_files[*]} in $units"
sysctl daemon-reload
sysctl enable pvmon.service pvmon-health.timer pvmon-backup.timer
if ((broker)); then
  sysctl enable --now pvmon-broker-reload.path
  sysctl restart mosquitto.service # its new listeners and logins
fi

if ((start)); then
  if systemd_up && systemctl is-active --quiet pvmon.service; then
    if ((changed_jar || changed_units)); then
      log "restarting pvmon (upgrade)"
      systemctl restart pvmon.service
    fi
  else
    sysctl start pvmon.service
  fi
  sysctl start pvmon-health.timer pvmon-backup.timer
fi

log "done. Next: docs/install.md, \"First sign-in\" (the one-time password: $state/initial-admin-password, and"
log "  journalctl -u pvmon | grep 'one-time password'); status: systemctl status pvmon; logs: journalctl -u pvmon -f"

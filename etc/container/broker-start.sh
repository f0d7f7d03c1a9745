#!/bin/sh
# The mosquitto container's start (etc/container/compose.yaml), as root in the eclipse-mosquitto image: the service's
# account from PVMON_BROKER_PASSWORD, the loggers' files pvmon writes (shared volume /mosquitto/pvmon, group mosquitto,
# which the pvmon container joins), then mosquitto, told to read the loggers' files again (SIGHUP) when pvmon changed
# them: what pvmon-broker-reload.path does on a server.
set -eu
: "${PVMON_BROKER_PASSWORD:?set PVMON_BROKER_PASSWORD in the .env file next to compose.yaml}"
dir=/mosquitto/pvmon
chown -R mosquitto:mosquitto /mosquitto/data # what the image's own entrypoint does, replaced by this one
install -d -o mosquitto -g mosquitto -m 2770 "$dir"
umask 027
mosquitto_passwd -c -b "$dir/service.passwd.new" pvmon "$PVMON_BROKER_PASSWORD"
chown mosquitto:mosquitto "$dir/service.passwd.new"
mv "$dir/service.passwd.new" "$dir/service.passwd"
install -o mosquitto -g mosquitto -m 0640 /mosquitto/config/service.acl "$dir/service.acl"
for f in loggers.passwd loggers.acl; do
  [ -e "$dir/$f" ] || install -o mosquitto -g mosquitto -m 0640 /dev/null "$dir/$f"
done

mosquitto -c /mosquitto/config/mosquitto.conf &
broker=$!
trap 'kill -TERM "$broker" 2>/dev/null' TERM INT
seen=$(stat -c "%Y %i" "$dir/loggers.passwd" "$dir/loggers.acl" | tr '\n' ' ')
while kill -0 "$broker" 2>/dev/null; do
  sleep 5 & wait $! || true
  now=$(stat -c "%Y %i" "$dir/loggers.passwd" "$dir/loggers.acl" 2>/dev/null | tr '\n' ' ') || continue
  if [ "$now" != "$seen" ]; then
    seen=$now
    kill -HUP "$broker" 2>/dev/null || true
  fi
done
wait "$broker"

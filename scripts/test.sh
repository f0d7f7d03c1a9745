#!/usr/bin/env bash
# The one test command: installs what is missing (JDK 17, Maven, mosquitto, influxdb and their
# clients, chromium and chromium-driver), then builds and tests both projects:
#   1. simulator/  mvn -B -f simulator/pom.xml verify   (its tests; builds simulator/target/pvmon-simulator.jar)
#   2. service     mvn -B verify                        (Surefire *Test, then Failsafe *IT against real
#                                                        mosquitto/influxd started by the test harness)
# Both run even if the first fails (its report is useful); then scripts/check-logs.sh searches every log of the run for
# the test data's ID numbers. The script exits non-zero if any of the three failed.
# Extra arguments go to the service's Maven run, e.g.  scripts/test.sh -Dit.test=RealServersIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

ensure_java_maven
ensure_packages
ensure_browser
ensure_postgres
log "java: $(java -version 2>&1 | head -n 1); $(mvn -v 2>/dev/null | head -n 1)"
log "mosquitto: $("$MOSQUITTO_BIN" -h 2>/dev/null | head -n 1); influxd: $("$INFLUXD_BIN" version 2>/dev/null)"

simulator_rc=0
service_rc=0

log "simulator: mvn -B -f simulator/pom.xml verify"
if [[ -f simulator/pom.xml ]]; then
  mvn -B -f simulator/pom.xml verify || simulator_rc=$?
else
  log "simulator/pom.xml is missing"
  simulator_rc=1
fi

log "service: mvn -B verify $*"
rm -rf target/service-logs
mvn -B verify "$@" || service_rc=$?

# Last: no household ID number in any log of the run (the test output and every service log).
logs_rc=0
scripts/check-logs.sh || logs_rc=$?

status() { if [[ $1 -eq 0 ]]; then echo passed; else echo "FAILED (exit $1)"; fi; }
log "simulator: $(status "$simulator_rc"); service: $(status "$service_rc"); ID numbers in logs: $(status "$logs_rc")"
[[ $simulator_rc -eq 0 && $service_rc -eq 0 && $logs_rc -eq 0 ]]

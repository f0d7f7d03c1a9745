#!/usr/bin/env bash
# The suite's last check (scripts/test.sh runs it after the tests): no household ID number reached a log. It collects
# every ID number the tests and the demo data use (18-character 居民身份证号 of src/test and etc/, with a valid birth
# date), then searches every log of the run: each test class's output (target/*-reports/*-output.txt, the in-process
# service's log included) and the logs of the service processes the tests started (target/service-logs/). A match is
# reported masked, with its file; the run fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ids=$(mktemp)
trap 'rm -f "$ids"' EXIT
grep -rhoP '(?<![0-9])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])' \
  src/test etc simulator/src simulator/fleets 2>/dev/null | tr 'x' 'X' | sort -u >"$ids" || true
logs=()
for d in target/surefire-reports target/failsafe-reports simulator/target/surefire-reports simulator/target/failsafe-reports; do
  [[ -d $d ]] && while IFS= read -r f; do logs+=("$f"); done < <(find "$d" -name '*-output.txt')
done
[[ -d target/service-logs ]] && while IFS= read -r f; do logs+=("$f"); done < <(find target/service-logs -name '*.log')
echo "check-logs: $(wc -l <"$ids") ID numbers of the test data, searched in ${#logs[@]} log files"
[[ ${#logs[@]} -gt 0 && -s $ids ]] || exit 0
if found=$(grep -oHFf "$ids" "${logs[@]}" 2>/dev/null | sort -u); then
  echo "check-logs: ID NUMBERS IN THE LOGS:" >&2
  sed -E 's/:([0-9]{6})[0-9X]{8}([0-9X]{4})$/: \1********\2/' <<<"$found" >&2
  exit 1
fi
echo "check-logs: none found"

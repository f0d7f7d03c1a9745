#!/usr/bin/env bash
# Ingest side by side with Node-RED on the shared peer harness (../shared/peers: one Node.js publisher, QoS 1,
# 1,000 in flight, 2,000 stations -> mosquitto -> the system under test -> InfluxDB 1.6.7, all fresh for every run).
#
#   bench/ingest/peers.sh                          # cold and warm, 3 runs each of Node-RED and pvmon, alternating
#   bench/ingest/peers.sh --modes cold --runs 1    # one quick pair
#   bench/ingest/peers.sh --help
#
# Modes: cold = 200,000 messages published 1 s after the subscription (start-up work overlaps the burst);
#        warm = 600,000 messages 20 s after it. pvmon runs with the JVM options it ships (etc/jvm.options, what
# scripts/run.sh starts it with) unless --java-opts says otherwise. Node-RED and pvmon alternate run by run, so both
# see the same machine; medians per mode at the end, written to bench/ingest/results/<date>-<time>-peers.md.
# CPU per message is each process's utime+stime (/proc) over the run divided by the messages stored.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEERS=${PEERS:-$(cd "$ROOT/.." && pwd)/shared/peers}
JAR=$ROOT/target/pvmon.jar
JAVA_OPTS=$(grep -v '^#' "$ROOT/etc/jvm.options" | tr '\n' ' ')
RUNS=3
MODES="cold warm"
SUTS="node-red pvmon"
BASELINE=
BASELINE_OPTS=-Xmx1g
RESULTS_DIR=$HERE/results

usage() {
  cat <<EOF
usage: bench/ingest/peers.sh [options]
  --jar PATH          pvmon jar (default target/pvmon.jar; copied first, so a rebuild during the run does not matter)
  --java-opts "..."   JVM options of pvmon (default etc/jvm.options: $JAVA_OPTS)
  --runs N            runs of each system per mode (default $RUNS)
  --modes "..."       cold and/or warm (default "$MODES")
  --suts "..."        node-red and/or pvmon (default "$SUTS")
  --baseline JAR      also an earlier pvmon jar ("baseline"), in the same rotation: before/after in one window
  --baseline-java-opts "..."  its JVM options (default $BASELINE_OPTS, the harness's own default)
  --peers DIR         the peer harness (default $PEERS; needs its node-red/setup.sh run once)
  --results-dir DIR   where the report goes (default bench/ingest/results)
EOF
}
while [ $# -gt 0 ]; do
  case $1 in
    --jar) JAR=$2; shift 2;;
    --java-opts) JAVA_OPTS=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --modes) MODES=$2; shift 2;;
    --suts) SUTS=$2; shift 2;;
    --baseline) BASELINE=$2; shift 2;;
    --baseline-java-opts) BASELINE_OPTS=$2; shift 2;;
    --peers) PEERS=$2; shift 2;;
    --results-dir) RESULTS_DIR=$2; shift 2;;
    -h|--help) usage; exit 0;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2;;
  esac
done
[ -x "$PEERS/node-red/run.sh" ] || { echo "no peer harness at $PEERS (--peers DIR)" >&2; exit 1; }
PEER_DIR=${PEER_DIR:-${TMPDIR:-/tmp}/pvmon-peer}
[ -f "$PEER_DIR/nr/node_modules/node-red/red.js" ] || { echo "run $PEERS/node-red/setup.sh first" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no $JAR (mvn -q -B package -DskipTests)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$JAR" "$WORK/pvmon.jar"
if [ -n "$BASELINE" ]; then cp "$BASELINE" "$WORK/baseline.jar"; SUTS="$SUTS baseline"; fi
STAMP=$(date +%Y-%m-%d-%H%M)
mkdir -p "$RESULTS_DIR"
REPORT=$RESULTS_DIR/$STAMP-peers.md
LIST=$WORK/runs.txt   # mode sut result-dir

run_one() {  # run_one MODE SUT
  local mode=$1 sut=$2 n settle before dir
  case $mode in cold) n=200000; settle=1;; warm) n=600000; settle=20;; *) echo "mode $mode?" >&2; exit 2;; esac
  mkdir -p "$PEER_DIR/results"
  before=$(ls "$PEER_DIR/results" | sort | tail -1)
  if [ "$sut" = node-red ]; then
    (cd "$PEERS/node-red" && RUNS=1 N=$n SUT_SETTLE_S=$settle ./run.sh)
  else
    local opts=$JAVA_OPTS
    [ "$sut" = baseline ] && opts=$BASELINE_OPTS
    (cd "$PEERS/node-red" && PVMON_JAVA_OPTS="$opts" FORMAT=pvmon MEASUREMENT=reading SUB_REGEX=pvmon/v1/stations/ \
      SUT_NAME=$sut SUT_CMD="$PEERS/pvmon/sut.sh $WORK/$sut.jar" RUNS=1 N=$n SUT_SETTLE_S=$settle ./run.sh)
  fi
  dir=$(ls "$PEER_DIR/results" | sort | tail -1)
  [ "$dir" != "$before" ] || { echo "no result directory from the harness" >&2; exit 1; }
  echo "$mode $sut $PEER_DIR/results/$dir" >> "$LIST"
}

for mode in $MODES; do
  for ((r = 1; r <= RUNS; r++)); do
    for sut in $SUTS; do run_one "$mode" "$sut"; done
  done
done

python3 - "$LIST" "$REPORT" "$JAVA_OPTS" "$BASELINE" "$BASELINE_OPTS" <<'PY'
import json, glob, os, statistics, subprocess, sys
lst, report, opts, baseline, baseline_opts = sys.argv[1:6]
rows = {}
for line in open(lst):
    mode, sut, d = line.split()
    for run in sorted(glob.glob(d + '/run-*')):
        if 'discarded' in run or not os.path.exists(run + '/result.json'): continue
        rows.setdefault((mode, sut), []).append(json.load(open(run + '/result.json')))
def us(r, p): return r['cpu_s'].get(p, 0) * 1e6 / max(1, r['stored'])
med = statistics.median
out = []
meta = subprocess.run(['bash', '-c', 'echo "$(nproc) cores ($(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs)), '
                       '$(free -g | awk "/Mem:/ {print \\$2}") GB RAM, $(uname -r), $(java -version 2>&1 | head -1), '
                       'node $(node -v), $(influxd version 2>/dev/null | head -1), load average $(cut -d" " -f1-3 /proc/loadavg)"'],
                      capture_output=True, text=True).stdout.strip()
out.append(f"# Ingest side by side with Node-RED ({os.path.basename(report)[:15]})\n")
out.append(f"Machine: {meta}. pvmon JVM options: `{opts}`." + (f" baseline: {baseline} with `{baseline_opts}`." if baseline else "") + "\n")
out.append("| mode | system | runs | msg/s (median) | msg/s (each) | lost | SUT µs/msg | influxd µs/msg | mosquitto µs/msg | SUT peak RSS MB | other processes (% of machine) |")
out.append("|---|---|---|---|---|---|---|---|---|---|---|")
for (mode, sut), rs in sorted(rows.items()):
    each = ', '.join(format(r['msgs_per_s'], ',') for r in rs)
    out.append(f"| {mode} | {sut} | {len(rs)} | **{med([r['msgs_per_s'] for r in rs]):,.0f}** | {each} | "
               f"{', '.join(str(r['lost']) for r in rs)} | {med([us(r, 'sut') for r in rs]):.1f} | {med([us(r, 'influxd') for r in rs]):.1f} | "
               f"{med([us(r, 'mosquitto') for r in rs]):.1f} | {med([r['sut_peak_rss_mb'] for r in rs]):.0f} | "
               f"{', '.join(str(r['foreign_cpu_pct']) for r in rs)} |")
for mode in sorted({m for m, _ in rows}):
    for sut in ('pvmon', 'baseline'):
        a, b = rows.get((mode, sut)), rows.get((mode, 'node-red'))
        if a and b:
            out.append(f"\n{mode}: {sut} / Node-RED = {med([r['msgs_per_s'] for r in a]) / med([r['msgs_per_s'] for r in b]):.2f} (median msg/s)")
out.append("\nRuns: " + ", ".join(sorted({l.split()[2] for l in open(lst)})))
open(report, 'w').write("\n".join(out) + "\n")
print("\n".join(out))
PY
echo "report: $REPORT"

#!/usr/bin/env bash
# Soak run: the sample app's chat request at full rate (wrk, loopback only) for MINUTES, with JSONL
# trace files on and OTLP/HTTP to a loopback receiver that misbehaves on a schedule: up, down,
# hanging (takes requests, never answers), answering 503, back up (a fifth of the run each).
# Every 5 s it samples heap after GC, the trace directory's bytes and files, threads, open file
# descriptors, the spool's bytes (with -spool) and the span counters of /actuator/agenttracing; at the end it prints the series as
# a table, writes target/soak.csv and target/soak.svg, and exits 1 when a bound broke:
#   heap after GC     <= first sample + (sum of queue capacities x 4 KiB), at every sample
#   trace directory   <= max-total-size + one write (1 MiB), at every sample
#   accounting        exported + dropped + dropped-queue-full is the same for every exporter after
#                     the final flush (every span produced is delivered or counted), no failed request
#   threads / fds     the last third's median no higher than the first third's (+8 threads, +16 fds)
# Options: -m MINUTES (default 10), -s MAX_TOTAL_SIZE in MB (default 64), -c CONNECTIONS (4),
#          -t THREADS of wrk (2), -x to skip the build, -spool to turn the durable OTLP spool on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
root="$here/.."
minutes=10 size_mb=64 connections=4 threads=2 build=1 spool=0
while [ $# -gt 0 ]; do
	case "$1" in
		-m) minutes="$2"; shift 2 ;;
		-s) size_mb="$2"; shift 2 ;;
		-c) connections="$2"; shift 2 ;;
		-t) threads="$2"; shift 2 ;;
		-x) build=0; shift ;;
		-spool) spool=1; shift ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
seconds="$(python3 -c "print(int(float('$minutes') * 60))")"
max_total_size=$((size_mb * 1024 * 1024))

if ! command -v wrk >/dev/null; then
	echo "installing wrk (Debian package)" >&2
	(apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
jar="$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
[ "$build" = 1 ] && (cd "$root" && mvn -B -q -pl sample-app -am package -DskipTests)

out="$here/target"
mkdir -p "$out"
work="$(mktemp -d)"
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/soak.py" receiver "$work/receiver.port" "$seconds" 2>"$out/soak-receiver.log" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/receiver.port" ] && break; sleep 0.1; done
receiver_port="$(head -1 "$work/receiver.port")"
port="$(free_port)"
java -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 \
	--agent.tracing.export.log.enabled=false --logging.level.root=WARN \
	--sample.scripted-model.latency=false \
	--management.tracing.sampling.probability=1.0 \
	--agent.tracing.export.jsonl.enabled=true --agent.tracing.export.jsonl.directory="$work/traces" \
	--agent.tracing.export.jsonl.max-total-size="${size_mb}MB" \
	--management.opentelemetry.tracing.export.otlp.endpoint="http://127.0.0.1:$receiver_port/v1/traces" \
	--agent.tracing.export.spool.enabled="$([ "$spool" = 1 ] && echo true || echo false)" \
	--agent.tracing.export.spool.directory="$work/spool" \
	>"$out/soak-app.log" 2>&1 &
app=$!
pids+=($app)
base="http://127.0.0.1:$port"
await_sample soak "$port" "$app" "$out/soak-app.log"

cat >"$work/chat.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"message":"A weekend in Paris?","conversationId":"soak-1"}'
done = function(summary, latency, requests)
	io.write(string.format("RESULT %d %d %d %.1f\n", summary.requests, summary.errors.status,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
		summary.requests / (summary.duration / 1e6)))
end
LUA
echo "soak: ${minutes} min, receiver up/down/hanging/503/up, max-total-size ${size_mb}MB" >&2
python3 "$here/soak.py" sample "$app" "$base" "$work/traces" "$seconds" "$out/soak.csv" &
sampler=$!
pids+=($sampler)
wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$work/chat.lua" "$base/api/chat" >"$work/wrk.out"
wait "$sampler"
result="$(grep '^RESULT' "$work/wrk.out" | cut -d' ' -f2-)"
echo "rate held: $(echo "$result" | cut -d' ' -f4) requests/s" >&2
# The receiver is up again: flush until every exporter has seen the same spans (the flush
# requests are traced too, so their own spans may need one more round). Bounded.
for _ in $(seq 10); do
	curl -sf -X POST "$base/actuator/agenttracing" >/dev/null
	sleep 2
	curl -sf "$base/actuator/agenttracing" >"$work/final.json"
	python3 -c "
import json, sys
body = json.load(open('$work/final.json'))
totals = {e['name']: e['spansExported'] + e['spansDropped'] + e['spansDroppedQueueFull'] for e in body['exporters']}
sys.exit(0 if len(set(totals.values())) == 1 and all(q['size'] == 0 for q in body['queues']) else 1)" && break
done
curl -sf "$base/actuator/metrics/agent.tracing.export.spans.dropped" >"$out/soak-dropped.json" || true
cp "$work/final.json" "$out/soak-final.json"
python3 "$here/soak.py" check "$out/soak.csv" "$work/final.json" "$max_total_size" "$result" "$out/soak.svg"

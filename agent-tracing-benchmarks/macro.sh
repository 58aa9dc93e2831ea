#!/usr/bin/env bash
# Macro benchmark: the sample app's chat request over real HTTP on loopback, under a load generator
# (wrk), in five configurations, one after another in one run, so the ratios to "off" compare like
# with like on a noisy machine:
#   off         agent.tracing.enabled=false (Boot's own HTTP tracing stays on)
#   on          agent-tracing on, no destination of ours, no OTLP
#   jsonl       on + JSONL trace files
#   otlp-up     on + OTLP/HTTP to a loopback receiver that answers 200
#   otlp-down   on + OTLP/HTTP to a closed port on 127.0.0.1
#   otlp-down-spool  otlp-down with the durable spool on (not in the default set; -only to run it);
#               prints what the spool kept and what was lost
# Prints requests/s, p50 and p99 latency and each case's throughput ratio to "off".
# Options: -d SECONDS per case (default 20), -w SECONDS warm-up (default 30), -c CONNECTIONS (4),
#          -t THREADS of wrk (2), -only CASE[,CASE] to run some cases, -x to skip the build (run what is
#          built). Everything stays on 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
duration=20 warmup=30 connections=4 threads=2 only="" build=1
while [ $# -gt 0 ]; do
	case "$1" in
		-d) duration="$2"; shift 2 ;;
		-w) warmup="$2"; shift 2 ;;
		-c) connections="$2"; shift 2 ;;
		-t) threads="$2"; shift 2 ;;
		-only) only="$2"; shift 2 ;;
		-x) build=""; shift ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done

if ! command -v wrk >/dev/null; then
	echo "installing wrk (Debian package)" >&2
	(apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
jar="$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
[ -z "$build" ] || (cd "$root" && mvn -B -q -pl sample-app,agent-tracing-benchmarks -am package -DskipTests)

work="$(mktemp -d)"
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

java -cp "$here/target/classes:$(cat "$here/target/benchmark.classpath")" dev.agenttracing.benchmarks.LoopbackReceiver \
	"$work/receiver.port" >"$work/receiver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/receiver.port" ] && break; sleep 0.1; done
receiver_port="$(head -1 "$work/receiver.port")"
# A port nothing listens on: bind one, note it, release it.
closed_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

cat >"$work/chat.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"message":"A weekend in Paris?","conversationId":"bench-1"}'
done = function(summary, latency, requests)
	io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

# Each property once: Spring joins a repeated command-line option into "a,b".
common=(--agent.tracing.export.log.enabled=false --logging.level.root=WARN --sample.scripted-model.latency=false
	--management.tracing.sampling.probability=1.0)
declare -A props=(
	[off]="--agent.tracing.enabled=false"
	[on]="--agent.tracing.export.jsonl.enabled=false"
	[jsonl]="--agent.tracing.export.jsonl.enabled=true --agent.tracing.export.jsonl.directory=$work/traces"
	[otlp-up]="--agent.tracing.export.jsonl.enabled=false --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$receiver_port/v1/traces"
	[otlp-down]="--agent.tracing.export.jsonl.enabled=false --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$closed_port/v1/traces"
	[otlp-down-spool]="--agent.tracing.export.jsonl.enabled=false --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$closed_port/v1/traces --agent.tracing.export.spool.enabled=true --agent.tracing.export.spool.directory=$work/spool --agent.tracing.export.spool.max-size=1GB"
)
cases=(off on jsonl otlp-up otlp-down)
[ -n "$only" ] && IFS=, read -r -a cases <<<"$only"

printf '%-10s %10s %9s %9s %8s %s\n' case "req/s" "p50 ms" "p99 ms" "x off" "errors"
declare -A rps
for name in "${cases[@]}"; do
	port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
	# shellcheck disable=SC2086
	java -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 "${common[@]}" ${props[$name]} \
		>"$work/$name.log" 2>&1 &
	app=$!
	pids+=($app)
	up=""
	for _ in $(seq 120); do
		curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && { up=1; break; }
		kill -0 "$app" 2>/dev/null || break
		sleep 0.5
	done
	if [ -z "$up" ]; then
		echo "case $name: the sample did not start; its output:" >&2
		tail -40 "$work/$name.log" >&2
		exit 1
	fi
	url="http://127.0.0.1:$port/api/chat"
	wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$work/chat.lua" "$url" >/dev/null
	line="$(wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$work/chat.lua" "$url" | grep '^RESULT')"
	if [[ "$name" == otlp-down* ]]; then
		counters="$(curl -s "http://127.0.0.1:$port/actuator/agenttracing" | python3 -c '
import json, sys
c = json.load(sys.stdin)["counters"]
s = c.get("spool", {})
print("  otlp-http dropped=%s queue_full=%s spooled=%s spool_dropped=%s" % (c["spansDropped"].get("otlp-http"),
      c["spansDroppedQueueFull"], s.get("spansSpooled", "-"), s.get("spansDropped", "-")))')"
	fi
	kill -TERM "$app"; wait "$app" 2>/dev/null || true
	read -r _ r p50 p99 status_errors socket_errors <<<"$line"
	rps[$name]="$r"
	ratio="-"
	[ -n "${rps[off]:-}" ] && ratio="$(python3 -c "print(f'{$r / ${rps[off]}:.2f}')")"
	printf '%-10s %10s %9s %9s %8s %s\n' "$name" "$r" "$p50" "$p99" "$ratio" "http=$status_errors socket=$socket_errors"
	[ -n "${counters:-}" ] && echo "$counters" && counters=""
done

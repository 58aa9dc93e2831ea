#!/usr/bin/env bash
# Macro benchmark: the sample app's chat request over real HTTP on loopback, under a load generator
# (wrk), in five configurations by default, each in a fresh JVM, so the ratios to "off" compare like
# with like on a noisy machine:
#   off         agent.tracing.enabled=false (Boot's own tracing stays on, sampled at 1.0: the HTTP
#               server span, Spring AI's own spans, the HTTP client spans; none exported)
#   on          agent-tracing on, no destination of ours, no OTLP
#   jsonl       on + JSONL trace files
#   otlp-up     on + OTLP/HTTP to a loopback receiver that answers 200
#   otlp-down   on + OTLP/HTTP to a closed port on 127.0.0.1
#   off-otlp-up off + OTLP/HTTP to the receiver: what Boot's export of the application's other spans
#               (HTTP server, Spring AI's own, HTTP client) costs without agent-tracing, the fair
#               reference for otlp-up (not in the default set; -only to run it)
#   otlp-down-spool  otlp-down with the durable spool on (not in the default set; -only to run it);
#               prints what the spool kept and what was lost
# The sample's scripted OpenAI-compatible model runs in a process of its own (the sample's
# ScriptedOpenAiServer, started from the sample's jar), so the measured JVM does what an application
# whose model is remote does; -model inproc serves it inside the sample again, as the sample does by
# default (its CPU then counts in every case).
# Every case runs once per round, in the order given; -r N runs N rounds (alternating pairs with
# -only off,on). Each case's ratios are to the "off" of its round; with more than one round the
# medians over the rounds follow, with every round's ratio (and otlp-up / off-otlp-up when both ran).
# Prints per case: requests/s, p50 and p99 latency, the sample's CPU per request (user + system time of
# its process from /proc/PID/stat over the measured window, less its JIT compiler threads', divided by
# the requests: less sensitive to neighbours than throughput), the JIT's CPU per request (apart,
# because on 2 shared cores the compiler still takes a third of the CPU after the warm-up, more for
# the case with more code), the model server's CPU per request, and the ratios to "off" of
# throughput and of CPU per request.
# Options: -d SECONDS per case (default 20), -w SECONDS warm-up (default 30), -c CONNECTIONS (4),
#          -t THREADS of wrk (2), -only CASE[,CASE] to run some cases (a case may repeat), -r ROUNDS (1),
#          -model separate|inproc (separate), -prof DIR to profile the measured window of every case
#          with async-profiler (ASYNC_PROFILER_LIB=path to libasyncProfiler.so; writes DIR/CASE-ROUND.collapsed
#          and the window's request count, then prints CPU per request by code base with profile-shares.py;
#          profiled figures are not for comparison), -x to skip the build (run what is built).
#          Everything stays on 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
root="$here/.."
duration=20 warmup=30 connections=4 threads=2 only="" build=1 rounds=1 model=separate prof=""
while [ $# -gt 0 ]; do
	case "$1" in
		-d) duration="$2"; shift 2 ;;
		-w) warmup="$2"; shift 2 ;;
		-c) connections="$2"; shift 2 ;;
		-t) threads="$2"; shift 2 ;;
		-only) only="$2"; shift 2 ;;
		-r) rounds="$2"; shift 2 ;;
		-model) model="$2"; shift 2 ;;
		-prof) prof="$2"; shift 2 ;;
		-x) build=""; shift ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
case "$model" in separate | inproc) ;; *) echo "-model is separate or inproc" >&2; exit 2 ;; esac
if [ -n "$prof" ]; then
	mkdir -p "$prof"
	prof="$(cd "$prof" && pwd)"
	[ -f "${ASYNC_PROFILER_LIB:-}" ] || { echo "-prof needs ASYNC_PROFILER_LIB=path to libasyncProfiler.so" >&2; exit 2; }
fi

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
await_file "$work/receiver.port"
receiver_port="$(head -1 "$work/receiver.port")"
# A port nothing listens on: bind one, note it, release it.
closed_port="$(free_port)"

# The scripted model in a process of its own: the sample's class, from the sample's jar.
model_pid="" model_props=()
if [ "$model" = separate ]; then
	java -Xmx256m -cp "$jar" -Dloader.main=dev.agenttracing.sample.scripted.ScriptedOpenAiServer \
		org.springframework.boot.loader.launch.PropertiesLauncher "$work/model.url" >"$work/model.log" 2>&1 &
	model_pid=$!
	pids+=($model_pid)
	await_file "$work/model.url"
	model_props=(--spring.ai.openai.base-url="$(cat "$work/model.url")" --spring.ai.openai.api-key=)
fi

cat >"$work/chat.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"message":"A weekend in Paris?","conversationId":"bench-1"}'
done = function(summary, latency, requests)
	io.write(string.format("RESULT %.1f %.3f %.3f %d %d %d\n", summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
		summary.requests))
end
LUA

# CPU time (user + system) of a process so far, in clock ticks, and of its JIT compiler threads: fields
# 14 and 15 of a stat line, counted after the command name (which may hold spaces) ends. A compiler
# thread that exits leaves its time in the process's total only, so the JIT figure can only be low.
cpu_ticks() {
	if [ -z "$1" ]; then echo 0; return; fi
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
jit_ticks() {
	grep -l '^C[12] CompilerThre' /proc/"$1"/task/*/comm 2>/dev/null | sed 's/comm$/stat/' | xargs -r cat 2>/dev/null |
		sed 's/^.*) //' | awk '{ sum += $12 + $13 } END { print sum + 0 }'
}
ticks_per_second="$(getconf CLK_TCK)"

# Each property once: Spring joins a repeated command-line option into "a,b".
common=(--agent.tracing.export.log.enabled=false --logging.level.root=WARN --sample.scripted-model.latency=false
	--management.tracing.sampling.probability=1.0 "${model_props[@]}")
declare -A props=(
	[off]="--agent.tracing.enabled=false"
	[on]="--agent.tracing.export.jsonl.enabled=false"
	[jsonl]="--agent.tracing.export.jsonl.enabled=true --agent.tracing.export.jsonl.directory=$work/traces"
	[otlp-up]="--agent.tracing.export.jsonl.enabled=false --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$receiver_port/v1/traces"
	[otlp-down]="--agent.tracing.export.jsonl.enabled=false --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$closed_port/v1/traces"
	[off-otlp-up]="--agent.tracing.enabled=false --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$receiver_port/v1/traces"
	[otlp-down-spool]="--agent.tracing.export.jsonl.enabled=false --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$closed_port/v1/traces --agent.tracing.export.spool.enabled=true --agent.tracing.export.spool.directory=$work/spool --agent.tracing.export.spool.max-size=1GB"
)
cases=(off on jsonl otlp-up otlp-down)
[ -n "$only" ] && IFS=, read -r -a cases <<<"$only"

echo "model: $model; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-16s %9s %8s %8s %9s %7s %8s %7s %7s %s\n' case "req/s" "p50 ms" "p99 ms" "cpu us/r" "jit us" "model us" \
	"x off" "cpu x" "errors"
declare -A rps cpu
results="$work/results"
for round in $(seq "$rounds"); do
	[ "$rounds" -gt 1 ] && echo "round $round (load $(cut -d' ' -f1-3 /proc/loadavg))"
	for name in "${cases[@]}"; do
		port="$(free_port)"
		# shellcheck disable=SC2086
		java -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 "${common[@]}" ${props[$name]} \
			>"$work/$name.log" 2>&1 &
		app=$!
		pids+=($app)
		await_sample "case $name" "$port" "$app" "$work/$name.log"
		url="http://127.0.0.1:$port/api/chat"
		wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$work/chat.lua" "$url" >/dev/null
		# jcmd reads KEY=VALUE as an option of its own: the profiler's options go quoted, as one argument.
		[ -z "$prof" ] || jcmd "$app" JVMTI.agent_load "$ASYNC_PROFILER_LIB" '"start,event=cpu,interval=1ms"' >/dev/null
		app_before="$(cpu_ticks "$app")" jit_before="$(jit_ticks "$app")" model_before="$(cpu_ticks "$model_pid")"
		line="$(wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$work/chat.lua" "$url" | grep '^RESULT')"
		app_after="$(cpu_ticks "$app")" jit_after="$(jit_ticks "$app")" model_after="$(cpu_ticks "$model_pid")"
		[ -z "$prof" ] || jcmd "$app" JVMTI.agent_load "$ASYNC_PROFILER_LIB" \
			"\"stop,collapsed,file=$prof/$name-$round.collapsed\"" >/dev/null
		if [[ "$name" == otlp-down* ]]; then
			counters="$(curl -s "http://127.0.0.1:$port/actuator/agenttracing" | python3 -c '
import json, sys
c = json.load(sys.stdin)["counters"]
s = c.get("spool", {})
print("  otlp-http dropped=%s queue_full=%s spooled=%s spool_dropped=%s" % (c["spansDropped"].get("otlp-http"),
      c["spansDroppedQueueFull"], s.get("spansSpooled", "-"), s.get("spansDropped", "-")))')"
		fi
		kill -TERM "$app"; wait "$app" 2>/dev/null || true
		read -r _ r p50 p99 status_errors socket_errors requests <<<"$line"
		# profile-shares.py divides the profile's samples by the requests of its window.
		[ -z "$prof" ] || echo "$requests" >"$prof/$name-$round.requests"
		# Microseconds of CPU per request: the sample without its JIT compiler threads, the JIT, and the
		# model server.
		per_request() { python3 -c "print(f'{($1) * 1e6 / $ticks_per_second / max($requests, 1):.0f}')"; }
		cpu_us="$(per_request "$app_after - $app_before - ($jit_after - $jit_before)")"
		jit_us="$(per_request "$jit_after - $jit_before")"
		model_us="-"
		[ -z "$model_pid" ] || model_us="$(per_request "$model_after - $model_before")"
		rps[$name]="$r" cpu[$name]="$cpu_us"
		ratio="-" cpu_ratio="-"
		if [ -n "${rps[off]:-}" ]; then
			ratio="$(python3 -c "print(f'{$r / ${rps[off]}:.2f}' if ${rps[off]} > 0 else '-')")"
			cpu_ratio="$(python3 -c "print(f'{$cpu_us / ${cpu[off]}:.2f}' if ${cpu[off]} > 0 else '-')")"
		fi
		echo "$name $r $p50 $p99 $cpu_us $jit_us $model_us $ratio $cpu_ratio" >>"$results"
		printf '%-16s %9s %8s %8s %9s %7s %8s %7s %7s %s\n' "$name" "$r" "$p50" "$p99" "$cpu_us" "$jit_us" "$model_us" \
			"$ratio" "$cpu_ratio" "http=$status_errors socket=$socket_errors"
		[ -n "${counters:-}" ] && echo "$counters" && counters=""
	done
	# The next round's ratios are to its own "off".
	unset 'rps[off]' 'cpu[off]'
done

if [ "$rounds" -gt 1 ]; then
	echo "medians over $rounds rounds (ratios per round in brackets)"
	python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *values = line.split()
    rows.setdefault(name, []).append(values)
def median(values):
    numbers = [float(v) for v in values if v != "-"]
    return statistics.median(numbers) if numbers else None
print("%-16s %9s %9s %7s %7s %7s  %s" % ("case", "req/s", "cpu us/r", "jit us", "x off", "cpu x",
      "x off / cpu x per round"))
for name, runs in rows.items():
    column = lambda i: [run[i] for run in runs]
    def show(value, digits):
        return "-" if value is None else f"{value:.{digits}f}"
    print("%-16s %9s %9s %7s %7s %7s  %s" % (name, show(median(column(0)), 1), show(median(column(3)), 0),
          show(median(column(4)), 0), show(median(column(6)), 2), show(median(column(7)), 2),
          " ".join(f"{r[6]}/{r[7]}" for r in runs)))
# otlp-up against its fair reference: the same OTLP export without agent-tracing, round by round.
if "otlp-up" in rows and "off-otlp-up" in rows and len(rows["otlp-up"]) == len(rows["off-otlp-up"]):
    pairs = [(float(a[0]) / float(b[0]), float(a[3]) / float(b[3]))
             for a, b in zip(rows["otlp-up"], rows["off-otlp-up"]) if float(b[0]) > 0 and float(b[3]) > 0]
    print("otlp-up / off-otlp-up: req/s median %.2f, cpu median %.2f (rounds: %s)" % (
        statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs),
        " ".join(f"{p[0]:.2f}/{p[1]:.2f}" for p in pairs)))
PY
fi

if [ -n "$prof" ]; then
	echo
	python3 "$here/profile-shares.py" "$prof"
fi

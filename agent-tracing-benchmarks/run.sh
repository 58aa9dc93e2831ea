#!/usr/bin/env bash
# Builds the benchmarks (with the modules they measure) and runs them; prints one table.
# Any JMH option passes through, e.g.:  ./run.sh ToolCallBenchmarks -i 10
# -rounds N (this runner's own) runs the selection N times, interleaved; ratios per round.
# Defaults: 1 fork, 6 x 1 s warmup, 10 x 1 s measurement, -prof gc (about 9 minutes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
mvn -B -q -pl agent-tracing-benchmarks -am package -DskipTests
cd "$here"
exec java -cp "target/classes:$(cat target/benchmark.classpath)" dev.agenttracing.benchmarks.BenchmarkRunner "$@"

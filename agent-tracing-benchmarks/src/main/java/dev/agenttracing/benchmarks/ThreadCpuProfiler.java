package dev.agenttracing.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time the benchmark threads spent per operation ({@code cpu.thread.norm},
 * ns/op), beside JMH's wall-clock time. On a shared machine whose load average is several
 * times its core count, a benchmark thread waits for a core for much of an iteration, and
 * the wall clock counts that wait; the thread's own CPU time does not. What one call
 * costs the caller's thread (cache misses included) is what it measures; what other
 * threads do (Boot's batch processor exporting on the other core) is left out. Use with
 * {@code -prof dev.agenttracing.benchmarks.ThreadCpuProfiler}; {@link BenchmarkRunner}
 * then prints each round's CPU ratios to case 4.
 *
 * @author agent-tracing
 */
public class ThreadCpuProfiler implements InternalProfiler {

	static final String METRIC = "cpu.thread.norm";

	private static final String WORKER = "jmh-worker";

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Map<Long, Long> before = new HashMap<>();

	@Override
	public String getDescription() {
		return "CPU time of the benchmark threads per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.before.clear();
		for (Thread thread : workers()) {
			this.before.put(thread.getId(), this.threads.getThreadCpuTime(thread.getId()));
		}
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long cpu = 0;
		for (Thread thread : workers()) {
			long now = this.threads.getThreadCpuTime(thread.getId());
			if (now >= 0) {
				cpu += now - this.before.getOrDefault(thread.getId(), 0L);
			}
		}
		long ops = result.getMetadata().getMeasuredOps();
		if (ops <= 0) {
			return List.of();
		}
		return List.of(new ScalarResult(METRIC, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
	}

	/**
	 * Each case's CPU time per operation as a ratio to the reference case's in the same
	 * round (each the median of its iterations), when this profiler ran.
	 * @param rounds the results of each round
	 * @param reference the method name of the reference case
	 * @return lines of text, empty when there is no CPU time
	 */
	static String ratios(List<Collection<RunResult>> rounds, String reference) {
		Map<String, List<String>> byCase = new LinkedHashMap<>();
		for (Collection<RunResult> round : rounds) {
			@Nullable Double base = null;
			for (RunResult result : round) {
				if (RunResults.method(result).equals(reference)) {
					base = cpuPerOp(result);
				}
			}
			for (RunResult result : round) {
				@Nullable Double cpu = cpuPerOp(result);
				if (base != null && cpu != null) {
					byCase.computeIfAbsent(RunResults.method(result), (key) -> new ArrayList<>())
						.add(String.format(Locale.ROOT, "%.0f ns %.2f", cpu, cpu / base));
				}
			}
		}
		if (byCase.isEmpty()) {
			return "";
		}
		StringBuilder lines = new StringBuilder("\nCPU time of the benchmark thread per operation, and its ratio to "
				+ reference + " in the same round, each round:\n\n");
		byCase.forEach((method, values) -> lines.append("- ")
			.append(method)
			.append(": ")
			.append(String.join("; ", values))
			.append('\n'));
		return lines.toString();
	}

	// The median of the measurement iterations, as for the wall-clock time.
	private static @Nullable Double cpuPerOp(RunResult result) {
		List<Double> values = new ArrayList<>();
		for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
			for (IterationResult iteration : benchmark.getIterationResults()) {
				Result<?> cpu = iteration.getSecondaryResults().get(METRIC);
				if (cpu != null) {
					values.add(cpu.getScore());
				}
			}
		}
		return values.isEmpty() ? null : RunResults.median(values);
	}

	private static List<Thread> workers() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().contains(WORKER))
			.toList();
	}

}

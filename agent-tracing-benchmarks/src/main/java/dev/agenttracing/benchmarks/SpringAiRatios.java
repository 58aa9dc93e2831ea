package dev.agenttracing.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.openjdk.jmh.results.RunResult;

/**
 * The ratios of the Spring AI cases, each taken within its round and for each parameter
 * set: the integration's turn against Spring AI's own (9b / 9a, 9b / 9c), the
 * observations against none (9a / 9n, 9b / 9n), and one observation under agent-tracing's
 * handlers against Spring AI's (10b / 10a); with {@link CpuTimeProfiler} also the CPU
 * time per operation.
 *
 * @author agent-tracing
 */
final class SpringAiRatios {

	private SpringAiRatios() {
	}

	/**
	 * The ratios of the Spring AI cases in a run.
	 * @param rounds the results of each round
	 * @return the lines to print below the table, empty without Spring AI cases
	 */
	static String of(List<Collection<RunResult>> rounds) {
		StringBuilder lines = new StringBuilder();
		pairRatios(rounds, "springAiTraced", "springAiObserved", "9b / 9a", lines);
		pairRatios(rounds, "springAiTraced", "springAiObservedStarterApp", "9b / 9c", lines);
		pairRatios(rounds, "springAiObserved", "springAiNoObservations", "9a / 9n", lines);
		pairRatios(rounds, "springAiTraced", "springAiNoObservations", "9b / 9n", lines);
		pairRatios(rounds, "agentTracingHandlers", "springAiHandlers", "10b / 10a", lines);
		return lines.isEmpty() ? "" : "\nSpring AI cases, ratio within each round:\n\n" + lines;
	}

	private static void pairRatios(List<Collection<RunResult>> rounds, String method, String base, String label,
			StringBuilder lines) {
		Map<String, List<Double>> byParams = new LinkedHashMap<>();
		Map<String, List<CpuRatio>> cpuByParams = new LinkedHashMap<>();
		for (Collection<RunResult> round : rounds) {
			for (RunResult result : round) {
				if (!RunResults.method(result).equals(method)) {
					continue;
				}
				round.stream()
					.filter((other) -> RunResults.method(other).equals(base)
							&& RunResults.params(other).equals(RunResults.params(result)))
					.findFirst()
					.ifPresent((other) -> {
						byParams.computeIfAbsent(RunResults.params(result), (key) -> new ArrayList<>())
							.add(RunResults.nanosPerOp(result) / RunResults.nanosPerOp(other));
						Double cpu = RunResults.secondary(result, "cpu.time.norm");
						Double baseCpu = RunResults.secondary(other, "cpu.time.norm");
						if (cpu != null && baseCpu != null) {
							cpuByParams.computeIfAbsent(RunResults.params(result), (key) -> new ArrayList<>())
								.add(new CpuRatio(cpu, baseCpu, jitOf(result), jitOf(other)));
						}
					});
			}
		}
		byParams.forEach((params, ratios) -> {
			lines.append(String.format(Locale.ROOT, "- %s%s: median %.3f, rounds", label, params,
					RunResults.median(ratios)));
			for (double ratio : ratios) {
				lines.append(String.format(Locale.ROOT, " %.3f", ratio));
			}
			lines.append('\n');
		});
		// CPU time per operation (CpuTimeProfiler), which a neighbour taking the core
		// does
		// not inflate.
		cpuByParams.forEach((params, ratios) -> lines
			.append(String.format(Locale.ROOT, "- %s%s, CPU per operation: median %.3f, rounds %s%n", label, params,
					RunResults.median(ratios.stream().map(CpuRatio::ratio).toList()),
					String.join(", ", ratios.stream().map(CpuRatio::toString).toList()))));
	}

	private static double jitOf(RunResult result) {
		return Objects.requireNonNullElse(RunResults.secondary(result, "cpu.jit.norm"), 0.0);
	}

	/** One round's CPU time per operation of a case and of its base, in nanoseconds. */
	private record CpuRatio(double cpu, double baseCpu, double jit, double baseJit) {

		double ratio() {
			return this.cpu / this.baseCpu;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.3f (%.1f / %.1f µs, JIT %.1f / %.1f µs)", ratio(), this.cpu / 1000,
					this.baseCpu / 1000, this.jit / 1000, this.baseJit / 1000);
		}

	}

}

package dev.agenttracing.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * What the runner reads from JMH's results: a case's name and parameters, its time per
 * operation (the median of its measurement iterations), its allocation and its profilers'
 * figures, and the median of a list of figures.
 *
 * @author agent-tracing
 */
final class RunResults {

	private RunResults() {
	}

	static @Nullable Double secondary(RunResult result, String label) {
		Result<?> value = result.getSecondaryResults().get(label);
		return (value != null) ? value.getScore() : null;
	}

	static String caseKey(RunResult result) {
		return method(result) + params(result);
	}

	static String method(RunResult result) {
		String benchmark = result.getParams().getBenchmark();
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	static String params(RunResult result) {
		StringBuilder params = new StringBuilder();
		for (String key : result.getParams().getParamsKeys()) {
			params.append(", ").append(key).append('=').append(result.getParams().getParam(key));
		}
		return params.toString();
	}

	static double median(List<Double> values) {
		List<Double> sorted = sorted(values);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static List<Double> sorted(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted;
	}

	/**
	 * The median of the measurement iterations, in nanoseconds per operation. On a shared
	 * machine a neighbour's build slows some iterations several-fold; the median keeps
	 * those out of the figure, where the mean would not.
	 */
	static double nanosPerOp(RunResult result) {
		return median(iterationNanos(result));
	}

	static List<Double> iterationNanos(RunResult result) {
		List<Double> nanos = new ArrayList<>();
		for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
			for (IterationResult iteration : benchmark.getIterationResults()) {
				nanos.add(toNanosPerOp(iteration.getPrimaryResult()));
			}
		}
		nanos.sort(null);
		return nanos;
	}

	static double toNanosPerOp(Result<?> primary) {
		String unit = primary.getScoreUnit();
		double score = primary.getScore();
		if (unit.endsWith("/op")) {
			return score * nanosIn(unit.substring(0, unit.length() - 3));
		}
		if (unit.startsWith("ops/")) {
			return nanosIn(unit.substring(4)) / score;
		}
		throw new IllegalArgumentException("Unexpected unit " + unit);
	}

	static double nanosIn(String unit) {
		return switch (unit) {
			case "ns" -> 1;
			case "us" -> 1e3;
			case "ms" -> 1e6;
			case "s" -> 1e9;
			default -> throw new IllegalArgumentException("Unexpected time unit " + unit);
		};
	}

	static @Nullable Result<?> allocation(RunResult result) {
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
				return entry.getValue();
			}
		}
		return null;
	}

}

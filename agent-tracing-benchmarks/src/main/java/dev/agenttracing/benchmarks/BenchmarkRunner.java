package dev.agenttracing.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks with sound defaults for a small, shared machine and prints one table:
 * each case's time per operation (the median of its measurement iterations, with their
 * range), its allocation per operation (JMH's GC profiler, {@code gc.alloc.rate.norm}), and
 * its ratio to case 4 (the hand-written OpenTelemetry span) measured in the same run, so that
 * the table survives a noisy machine.
 * Any JMH command-line option overrides the defaults, e.g. {@code -i 10} or a benchmark regex.
 *
 * @author agent-tracing
 */
public final class BenchmarkRunner {

	private static final String REFERENCE = "handWrittenSpan";

	private static final List<Case> CASES = List.of(
			new Case("proxyNoTracing", "1", "Baseline: Spring proxy, advice only proceeds, no tracing", false),
			new Case("toolTracingDisabled", "2", "@Tool, agent.tracing.enabled=false (no proxy)", false),
			new Case("toolTraced", "3", "@Tool traced: span, batch processor, no-op exporter", false),
			new Case("toolProgrammatic", "3a", "Same span via AgentTracer.tool(spec, work), no proxy", false),
			new Case("toolTracedWithMetrics", "3b", "@Tool traced, with Boot metrics (span + gen_ai histogram)", false),
			new Case(REFERENCE, "4", "Same span by hand, OpenTelemetry API (reference)", false),
			new Case("handWrittenSpanStarterApp", "4b", "Same span by hand, in the app of case 3 (starter on)", false),
			new Case("observed", "5", "@Observed, Boot's OTel tracing bridge (tracing only)", false),
			new Case("observedWithMetrics", "5b", "@Observed, tracing bridge + Boot metrics", false),
			new Case("agentRun", "6", "@AgentRun: 2 @Tool + 1 @LlmCall, 4 spans, Boot metrics", false),
			new Case("toolContentRedacted", "7", "@Tool traced, argument recorded + redacted", false),
			new Case("jsonlExport", "8a", "JSONL export, 512-span batches", true),
			new Case("otlpHttpExport", "8b", "OTLP/HTTP export, 512-span batches, loopback", true));

	private BenchmarkRunner() {
	}

	public static void main(String[] args) throws Exception {
		CommandLineOptions commandLine = new CommandLineOptions(args);
		if (commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListProfilers()
				|| commandLine.shouldListResultFormats() || commandLine.shouldListWithParams()) {
			org.openjdk.jmh.Main.main(args);
			return;
		}
		ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine);
		if (commandLine.getIncludes().isEmpty()) {
			options.include("dev\\.agenttracing\\.benchmarks\\..*");
		}
		if (!commandLine.getForkCount().hasValue()) {
			options.forks(1);
		}
		if (!commandLine.getWarmupIterations().hasValue()) {
			options.warmupIterations(6);
		}
		if (!commandLine.getWarmupTime().hasValue()) {
			options.warmupTime(TimeValue.seconds(1));
		}
		if (!commandLine.getMeasurementIterations().hasValue()) {
			options.measurementIterations(10);
		}
		if (!commandLine.getMeasurementTime().hasValue()) {
			options.measurementTime(TimeValue.seconds(1));
		}
		if (!commandLine.getJvmArgs().hasValue()) {
			options.jvmArgs("-Xms1g", "-Xmx1g");
		}
		if (commandLine.getProfilers().stream().noneMatch((profiler) -> profiler.getKlass().endsWith("GCProfiler")
				|| profiler.getKlass().equals("gc"))) {
			options.addProfiler(GCProfiler.class);
		}
		if (!commandLine.getResult().hasValue()) {
			options.result("target/jmh-result.json").resultFormat(ResultFormatType.JSON);
		}
		Collection<RunResult> results = new Runner(options.build()).run();
		String table = table(results);
		System.out.println();
		System.out.println(table);
		Files.writeString(Path.of("target", "benchmark-table.md"), table);
	}

	static String table(Collection<RunResult> results) throws IOException {
		Map<String, List<RunResult>> byMethod = new LinkedHashMap<>();
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			byMethod.computeIfAbsent(benchmark.substring(benchmark.lastIndexOf('.') + 1), (key) -> new ArrayList<>())
				.add(result);
		}
		List<RunResult> reference = byMethod.get(REFERENCE);
		Double referenceNanos = (reference != null) ? nanosPerOp(reference.get(0)) : null;
		StringBuilder table = new StringBuilder();
		table.append(machine()).append("\n\n");
		table.append(String.format(Locale.ROOT, "| %-4s | %-58s | %10s | %19s | %8s | %7s | %12s |%n", "case",
				"what", "ns/op", "iterations min-max", "B/op", "x (4)", "spans/s"));
		table.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(6), "-".repeat(60),
				"-".repeat(11) + ":", "-".repeat(20) + ":", "-".repeat(9) + ":", "-".repeat(8) + ":",
				"-".repeat(13) + ":"));
		List<String> seen = new ArrayList<>();
		for (Case c : CASES) {
			for (RunResult result : byMethod.getOrDefault(c.method(), List.of())) {
				seen.add(c.method());
				table.append(row(c.number(), c.description() + params(result), result, referenceNanos, c.perSpan()));
			}
		}
		byMethod.forEach((method, methodResults) -> {
			if (!seen.contains(method)) {
				methodResults.forEach((result) -> table
					.append(row("", method + params(result), result, referenceNanos, false)));
			}
		});
		return table.toString();
	}

	private static String params(RunResult result) {
		StringBuilder params = new StringBuilder();
		for (String key : result.getParams().getParamsKeys()) {
			params.append(", ").append(key).append('=').append(result.getParams().getParam(key));
		}
		return params.toString();
	}

	private static String row(String number, String description, RunResult result, @Nullable Double referenceNanos,
			boolean perSpan) {
		double nanos = nanosPerOp(result);
		List<Double> iterations = iterationNanos(result);
		Result<?> allocation = allocation(result);
		String bytes = (allocation != null) ? String.format(Locale.ROOT, "%.0f", allocation.getScore()) : "-";
		String ratio = (referenceNanos != null) ? String.format(Locale.ROOT, "%.2f", nanos / referenceNanos) : "-";
		String spansPerSecond = perSpan ? String.format(Locale.ROOT, "%,.0f", 1e9 / nanos) : "";
		String spread = String.format(Locale.ROOT, "%.1f-%.1f", iterations.get(0),
				iterations.get(iterations.size() - 1));
		return String.format(Locale.ROOT, "| %-4s | %-58s | %10.1f | %19s | %8s | %7s | %12s |%n", number,
				description, nanos, spread, bytes, ratio, spansPerSecond);
	}

	/**
	 * The median of the measurement iterations, in nanoseconds per operation. On a shared
	 * machine a neighbour's build slows some iterations several-fold; the median keeps those
	 * out of the figure, where the mean would not.
	 */
	private static double nanosPerOp(RunResult result) {
		List<Double> nanos = iterationNanos(result);
		int middle = nanos.size() / 2;
		return (nanos.size() % 2 == 1) ? nanos.get(middle) : (nanos.get(middle - 1) + nanos.get(middle)) / 2;
	}

	private static List<Double> iterationNanos(RunResult result) {
		List<Double> nanos = new ArrayList<>();
		for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
			for (IterationResult iteration : benchmark.getIterationResults()) {
				nanos.add(toNanosPerOp(iteration.getPrimaryResult()));
			}
		}
		nanos.sort(null);
		return nanos;
	}

	private static double toNanosPerOp(Result<?> primary) {
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

	private static double nanosIn(String unit) {
		return switch (unit) {
			case "ns" -> 1;
			case "us" -> 1e3;
			case "ms" -> 1e6;
			case "s" -> 1e9;
			default -> throw new IllegalArgumentException("Unexpected time unit " + unit);
		};
	}

	private static @Nullable Result<?> allocation(RunResult result) {
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static String machine() throws IOException {
		return String.format(Locale.ROOT, "Machine: %d cores (%s), %s %s; JDK %s (%s)",
				Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name"),
				System.getProperty("os.arch"), System.getProperty("java.runtime.version"),
				System.getProperty("java.vm.vendor"));
	}

	private static String cpuModel() throws IOException {
		Path cpuinfo = Path.of("/proc/cpuinfo");
		if (Files.isReadable(cpuinfo)) {
			for (String line : Files.readAllLines(cpuinfo)) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		return "unknown CPU";
	}

	private record Case(String method, String number, String description, boolean perSpan) {

	}

}

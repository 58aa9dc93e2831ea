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
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks with sound defaults for a small, shared machine and prints one
 * table: each case's time per operation (the median of its measurement iterations, with
 * their range), its allocation per operation (JMH's GC profiler,
 * {@code gc.alloc.rate.norm}), and its ratio to case 4 (the hand-written OpenTelemetry
 * span) measured in the same run, so that the table survives a noisy machine. Any JMH
 * command-line option overrides the defaults, e.g. {@code -i 10} or a benchmark regex.
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
			new Case("proxyOnly", "1n", "Proxy, advice only proceeds; no app, no SDK", false),
			new Case("toolAdviceNoopOpenTelemetry", "3n", "@Tool advice + AgentTracer on a no-op OpenTelemetry", false),
			new Case("toolProgrammaticNoopOpenTelemetry", "3an",
					"AgentTracer.tool(spec, work) on a no-op OpenTelemetry", false),
			new Case("handWrittenSpanNoopOpenTelemetry", "4n", "Same span by hand on a no-op OpenTelemetry", false),
			new Case("handWrittenAdviceNoopOpenTelemetry", "4pn",
					"Same span by hand in a proxy's interceptor, no-op OpenTelemetry", false),
			new Case(REFERENCE, "4", "Same span by hand, OpenTelemetry API (reference)", false),
			new Case("handWrittenSpanStarterApp", "4b", "Same span by hand, in the app of case 3 (starter on)", false),
			new Case("handWrittenSpanAdvice", "4p", "Same span by hand, in a Spring AOP interceptor on the tool",
					false),
			new Case("observed", "5", "@Observed, Boot's OTel tracing bridge (tracing only)", false),
			new Case("observedWithMetrics", "5b", "@Observed, tracing bridge + Boot metrics", false),
			new Case("agentRun", "6", "@AgentRun: 2 @Tool + 1 @LlmCall, 4 spans, Boot metrics", false),
			new Case("toolContentRedacted", "7", "@Tool traced, argument recorded + redacted", false),
			new Case("redact", "7r", "Redactor.redact alone, every built-in detector", false),
			new Case("jsonlExport", "8a", "JSONL export, 512-span batches", true),
			new Case("otlpHttpExport", "8b", "OTLP/HTTP export, 512-span batches, loopback", true),
			new Case("jsonlDestination", "8c", "JSONL destination: processor + exporter, 512-span batches", true),
			new Case(
					"springAiNoObservations", "9n", "Spring AI ChatClient turn, loopback HTTP, no observations", false),
			new Case("springAiObserved", "9a", "Spring AI turn, Spring AI's own observations", false),
			new Case("springAiObservedStarterApp", "9c", "Spring AI's observations, agent-tracing on, integration off",
					false),
			new Case("springAiTraced", "9b", "Spring AI turn, agent-tracing's Spring AI integration", false),
			new Case("springAiHandlers", "10a", "One Spring AI observation, Spring AI's own handlers", false),
			new Case("agentTracingHandlers", "10b", "One Spring AI observation, agent-tracing's handlers", false));

	private BenchmarkRunner() {
	}

	public static void main(String[] args) throws Exception {
		List<String> jmhArgs = new ArrayList<>(List.of(args));
		int rounds = rounds(jmhArgs);
		CommandLineOptions commandLine = new CommandLineOptions(jmhArgs.toArray(String[]::new));
		if (commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListProfilers()
				|| commandLine.shouldListResultFormats() || commandLine.shouldListWithParams()) {
			org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
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
		if (commandLine.getProfilers()
			.stream()
			.noneMatch((profiler) -> profiler.getKlass().endsWith("GCProfiler") || profiler.getKlass().equals("gc"))) {
			options.addProfiler(GCProfiler.class);
		}
		List<Collection<RunResult>> results = new ArrayList<>();
		try {
			for (int round = 1; round <= rounds; round++) {
				if (!commandLine.getResult().hasValue()) {
					String file = (rounds > 1) ? "target/jmh-result-round-" + round + ".json"
							: "target/jmh-result.json";
					options.result(file).resultFormat(ResultFormatType.JSON);
				}
				results.add(new Runner(options.build()).run());
			}
		}
		finally {
			// Only now: see ExportBenchmarks.JsonlFiles#stop.
			ExportBenchmarks.deleteDiskFiles();
		}
		String table = table(results);
		System.out.println();
		System.out.println(table);
		Files.writeString(Path.of("target", "benchmark-table.md"), table);
	}

	/**
	 * Take {@code -rounds N} out of the arguments: how many times the whole selection
	 * runs, one case after the other in each round, so that a slow spell of a shared
	 * machine touches every case of a round alike instead of the few that happen to run
	 * then.
	 */
	private static int rounds(List<String> args) {
		int index = args.indexOf("-rounds");
		if (index < 0) {
			return 1;
		}
		if (index + 1 >= args.size()) {
			throw new IllegalArgumentException("-rounds needs a number, e.g. -rounds 5");
		}
		int rounds = Integer.parseInt(args.get(index + 1));
		if (rounds < 1) {
			throw new IllegalArgumentException("-rounds must be at least 1, was " + rounds);
		}
		args.subList(index, index + 2).clear();
		return rounds;
	}

	/**
	 * The table of one run, or of several rounds: a case's time is then the median of its
	 * rounds' medians, its ratio the median of its per-round ratios (each to case 4 of
	 * the same round), and the range is that of the rounds' medians.
	 */
	static String table(List<Collection<RunResult>> rounds) throws IOException {
		// Each case (method and parameters) once, in the order of the first round.
		Map<String, RunResult> byCase = new LinkedHashMap<>();
		for (Collection<RunResult> round : rounds) {
			for (RunResult result : round) {
				byCase.putIfAbsent(RunResults.caseKey(result), result);
			}
		}
		List<@Nullable Double> referenceByRound = new ArrayList<>();
		for (Collection<RunResult> round : rounds) {
			referenceByRound.add(round.stream()
				.filter((result) -> RunResults.method(result).equals(REFERENCE))
				.map(RunResults::nanosPerOp)
				.findFirst()
				.orElse(null));
		}
		StringBuilder table = new StringBuilder();
		table.append(machine());
		if (rounds.size() > 1) {
			table.append("; ").append(rounds.size()).append(" rounds");
		}
		table.append("\n\n");
		String spreadHeader = (rounds.size() > 1) ? "rounds min-max" : "iterations min-max";
		table.append(String.format(Locale.ROOT, "| %-4s | %-58s | %10s | %19s | %8s | %7s | %12s |%n", "case", "what",
				"ns/op", spreadHeader, "B/op", "x (4)", "spans/s"));
		table.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(6), "-".repeat(60),
				"-".repeat(11) + ":", "-".repeat(20) + ":", "-".repeat(9) + ":", "-".repeat(8) + ":",
				"-".repeat(13) + ":"));
		StringBuilder perRound = new StringBuilder();
		List<String> seen = new ArrayList<>();
		for (Case c : CASES) {
			byCase.forEach((key, first) -> {
				if (RunResults.method(first).equals(c.method())) {
					seen.add(key);
					Row row = row(c.number(), c.description() + RunResults.params(first), rounds, key, referenceByRound,
							c.perSpan());
					table.append(row.line());
					perRound.append(row.ratios());
				}
			});
		}
		byCase.forEach((key, first) -> {
			if (!seen.contains(key)) {
				Row row = row("", RunResults.method(first) + RunResults.params(first), rounds, key, referenceByRound,
						false);
				table.append(row.line());
				perRound.append(row.ratios());
			}
		});
		if (rounds.size() > 1 && !perRound.isEmpty()) {
			table.append("\nx (4) in each round:\n\n").append(perRound);
		}
		table.append(SpringAiRatios.of(rounds));
		table.append(ThreadCpuProfiler.ratios(rounds, REFERENCE));
		return table.toString();
	}

	private static Row row(String number, String description, List<Collection<RunResult>> rounds, String key,
			List<@Nullable Double> referenceByRound, boolean perSpan) {
		List<Double> roundNanos = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		List<Double> bytes = new ArrayList<>();
		List<Double> iterations = List.of();
		for (int i = 0; i < rounds.size(); i++) {
			for (RunResult result : rounds.get(i)) {
				if (RunResults.caseKey(result).equals(key)) {
					double nanos = RunResults.nanosPerOp(result);
					roundNanos.add(nanos);
					iterations = RunResults.iterationNanos(result);
					Double reference = referenceByRound.get(i);
					if (reference != null) {
						ratios.add(nanos / reference);
					}
					Result<?> allocation = RunResults.allocation(result);
					if (allocation != null) {
						bytes.add(allocation.getScore());
					}
				}
			}
		}
		double nanos = RunResults.median(roundNanos);
		List<Double> spread = (rounds.size() > 1) ? RunResults.sorted(roundNanos) : iterations;
		String ratio = ratios.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", RunResults.median(ratios));
		String allocated = bytes.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", RunResults.median(bytes));
		String spansPerSecond = perSpan ? String.format(Locale.ROOT, "%,.0f", 1e9 / nanos) : "";
		String range = String.format(Locale.ROOT, "%.1f-%.1f", spread.get(0), spread.get(spread.size() - 1));
		String line = String.format(Locale.ROOT, "| %-4s | %-58s | %10.1f | %19s | %8s | %7s | %12s |%n", number,
				description, nanos, range, allocated, ratio, spansPerSecond);
		StringBuilder perRound = new StringBuilder();
		if (!ratios.isEmpty() && !key.equals(REFERENCE)) {
			perRound.append(String.format(Locale.ROOT, "- %s %s:", number.isEmpty() ? "-" : number, description));
			for (double r : ratios) {
				perRound.append(String.format(Locale.ROOT, " %.2f", r));
			}
			perRound.append('\n');
		}
		return new Row(line, perRound.toString());
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

	private record Row(String line, String ratios) {

	}

}

package dev.agenttracing.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.agenttracing.export.RunTree;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * {@code stats DIR}: per agent (its runs, subagents included) and per agent and model
 * (the LLM calls each agent made itself): count, errors, p50 and p95 duration, tokens and
 * cost.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
		description = "Runs, errors, p50/p95 duration, tokens and cost per agent and per model.")
final class StatsCommand implements Callable<Integer> {

	private static final String SEPARATOR = "\u0000";

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "DIR", defaultValue = "./agent-traces",
			description = "Directory of trace files or one file. Default: ${DEFAULT-VALUE}")
	private Path directory;

	@Option(names = "--since", paramLabel = "WHEN", converter = Since.class,
			description = "Only runs started since then: an age (30m, 2h, 7d) or a time.")
	private @Nullable Instant since;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		Map<String, Group> agents = new TreeMap<>();
		Map<String, Group> models = new TreeMap<>();
		int runs = 0;
		for (RunTree run : TraceFiles.runs(TraceFiles.find(this.directory), Problems.to(this.spec))) {
			if (this.since != null && run.span().getStartEpochNanos() < this.since.getEpochSecond() * 1_000_000_000L
					+ this.since.getNano()) {
				continue;
			}
			runs++;
			collect(run, "-", agents, models);
		}
		if (runs == 0) {
			out.println("No agent runs found in " + this.directory);
			out.flush();
			return 0;
		}
		out.println(runs + " runs");
		out.println();
		print(out, "AGENT", "RUNS", agents);
		out.println();
		print(out, "MODEL", "CALLS", models);
		return 0;
	}

	private static void collect(RunTree tree, String agent, Map<String, Group> agents, Map<String, Group> models) {
		SpanData span = tree.span();
		Attributes attributes = span.getAttributes();
		String operation = attributes.get(GenAiAttributes.OPERATION_NAME);
		String current = agent;
		if (GenAiAttributes.OPERATION_INVOKE_AGENT.equals(operation)) {
			String name = attributes.get(GenAiAttributes.AGENT_NAME);
			current = (name != null) ? name : span.getName();
			agents.computeIfAbsent(current, (key) -> new Group()).add(span);
		}
		else if (!GenAiAttributes.OPERATION_EXECUTE_TOOL.equals(operation) && operation != null) {
			// The model asked for: the one the code names and the price list uses.
			String model = attributes.get(GenAiAttributes.REQUEST_MODEL);
			if (model == null) {
				model = attributes.get(GenAiAttributes.RESPONSE_MODEL);
			}
			models.computeIfAbsent(agent + SEPARATOR + ((model != null) ? model : "-"), (key) -> new Group()).add(span);
		}
		for (RunTree child : tree.children()) {
			collect(child, current, agents, models);
		}
	}

	private static void print(PrintWriter out, String name, String count, Map<String, Group> groups) {
		boolean byModel = name.equals("MODEL");
		Table table = byModel
				? new Table("AGENT", name, count, "ERRORS", "P50", "P95", "TOKENS IN", "TOKENS OUT", "COST")
					.rightAligned(2, 3, 4, 5, 6, 7, 8)
				: new Table(name, count, "ERRORS", "P50", "P95", "TOKENS IN", "TOKENS OUT", "COST").rightAligned(1, 2,
						3, 4, 5, 6, 7);
		groups.forEach((key, group) -> {
			List<String> row = new ArrayList<>(List.of(byModel ? key.split(SEPARATOR, 2) : new String[] { key }));
			row.addAll(List.of(String.valueOf(group.durations.size()), String.valueOf(group.errors),
					Formats.duration(group.percentile(0.50)), Formats.duration(group.percentile(0.95)),
					String.valueOf(group.input), String.valueOf(group.output),
					Formats.cost(group.cost, group.currency)));
			table.add(row.toArray(String[]::new));
		});
		table.print(out);
	}

	private static final class Group {

		private final List<Double> durations = new ArrayList<>();

		private int errors;

		private long input;

		private long output;

		private @Nullable Double cost;

		private @Nullable String currency;

		void add(SpanData span) {
			this.durations.add((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0);
			if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
				this.errors++;
			}
			Attributes attributes = span.getAttributes();
			Long in = attributes.get(GenAiAttributes.USAGE_INPUT_TOKENS);
			Long out = attributes.get(GenAiAttributes.USAGE_OUTPUT_TOKENS);
			this.input += (in != null) ? in : 0;
			this.output += (out != null) ? out : 0;
			Double spanCost = attributes.get(GenAiAttributes.COST);
			if (spanCost != null) {
				this.cost = (this.cost != null) ? this.cost + spanCost : spanCost;
				this.currency = attributes.get(GenAiAttributes.COST_CURRENCY);
			}
		}

		// Nearest rank: the smallest duration with at least p of the values at or below
		// it.
		double percentile(double p) {
			List<Double> sorted = new ArrayList<>(this.durations);
			sorted.sort(null);
			int rank = (int) Math.ceil(p * sorted.size());
			return sorted.get(Math.max(0, rank - 1));
		}

	}

}

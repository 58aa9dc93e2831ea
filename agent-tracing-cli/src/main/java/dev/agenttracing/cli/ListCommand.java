package dev.agenttracing.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.agenttracing.export.runs.RunSummary;

/**
 * {@code list DIR}: one line per top-level agent run, newest first.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
		description = "List agent runs from trace files, newest first.")
final class ListCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "DIR", defaultValue = "./agent-traces",
			description = "Directory of trace files (*.jsonl, *.json, searched recursively) or one file. Default: ${DEFAULT-VALUE}")
	private Path directory;

	@Option(names = "--errors", description = "Only runs that ended in error.")
	private boolean errors;

	@Option(names = "--agent", paramLabel = "NAME", description = "Only runs of this agent.")
	private @Nullable String agent;

	@Option(names = "--user", paramLabel = "ID", description = "Only runs of this user (user.id).")
	private @Nullable String user;

	@Option(names = "--since", paramLabel = "WHEN", converter = Since.class,
			description = "Only runs started since then: an age (30m, 2h, 7d) or a time (2026-12-04, 2026-12-04T18:00:00Z).")
	private @Nullable Instant since;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "100",
			description = "At most N runs. Default: ${DEFAULT-VALUE}")
	private int limit;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		List<RunSummary> runs = TraceFiles.runs(TraceFiles.find(this.directory), Problems.to(this.spec))
			.stream()
			.map(RunSummary::of)
			.filter(this::matches)
			.sorted((a, b) -> b.start().compareTo(a.start()))
			.limit(Math.max(0, this.limit))
			.toList();
		if (runs.isEmpty()) {
			out.println("No agent runs found in " + this.directory);
			out.flush();
			return 0;
		}
		Table table = new Table("START (UTC)", "TRACE ID", "AGENT", "DURATION", "STATUS", "ERROR TYPE", "SPAN ERRORS",
				"TOKENS IN / OUT", "COST", "USER", "CONVERSATION", "SPANS")
			.rightAligned(3, 6, 7, 8, 11);
		for (RunSummary run : runs) {
			table.add(Formats.time(run.start()), run.traceId(), run.agent(), Formats.duration(run.durationMillis()),
					run.status(), Formats.orDash(run.errorType()), Formats.number(run.errorCount()),
					Formats.tokens(run.inputTokens(), run.outputTokens()), Formats.cost(run.cost(), run.currency()),
					Formats.orDash(run.user()), Formats.orDash(run.conversation()), Formats.number(run.spanCount()));
		}
		table.print(out);
		return 0;
	}

	private boolean matches(RunSummary run) {
		return (!this.errors || run.failed()) && (this.agent == null || this.agent.equals(run.agent()))
				&& (this.user == null || this.user.equals(run.user()))
				&& (this.since == null || !run.start().isBefore(this.since));
	}

}

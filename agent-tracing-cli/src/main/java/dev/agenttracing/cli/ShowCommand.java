package dev.agenttracing.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.agenttracing.export.RunTree;
import dev.agenttracing.export.RunTreeFormatter;
import dev.agenttracing.export.runs.RunSummary;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * {@code show TRACE_ID|FILE}: the span tree of each run, as the console run log prints
 * it, and the errors of its spans.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
		description = "Show the span tree of a run, with tokens, cost and errors.")
final class ShowCommand implements Callable<Integer> {

	private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "TRACE_ID|FILE", description = "A trace id, or a trace file.")
	private String target;

	@Option(names = { "-d", "--dir" }, paramLabel = "DIR", defaultValue = "./agent-traces",
			description = "Where to look for a trace id. Default: ${DEFAULT-VALUE}")
	private Path directory;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		Path file = Path.of(this.target);
		List<RunTree> runs;
		if (Files.isRegularFile(file)) {
			runs = TraceFiles.runs(List.of(file), Problems.to(this.spec));
		}
		else {
			String traceId = this.target.toLowerCase(Locale.ROOT);
			// agent-tracing's JSONL files are named by trace id: look for that file
			// first, in
			// each day directory (a few), without reading the others.
			List<Path> named = TraceFiles.named(this.directory, traceId + ".jsonl");
			List<Path> files = named.isEmpty() ? TraceFiles.find(this.directory) : named;
			runs = TraceFiles.runs(files, Problems.to(this.spec))
				.stream()
				.filter((run) -> run.span().getTraceId().equals(traceId))
				.toList();
		}
		if (runs.isEmpty()) {
			this.spec.commandLine().getErr().println("No agent run found for " + this.target);
			this.spec.commandLine().getErr().flush();
			return 1;
		}
		for (int i = 0; i < runs.size(); i++) {
			if (i > 0) {
				out.println();
			}
			print(out, runs.get(i));
		}
		out.flush();
		return 0;
	}

	private static void print(PrintWriter out, RunTree run) {
		RunSummary summary = RunSummary.of(run);
		StringBuilder header = new StringBuilder("Agent run ").append(summary.agent())
			.append(" (trace ")
			.append(summary.traceId())
			.append("), started ")
			.append(Formats.time(summary.start()))
			.append(" UTC");
		if (summary.user() != null) {
			header.append(", user ").append(summary.user());
		}
		if (summary.conversation() != null) {
			header.append(", conversation ").append(summary.conversation());
		}
		out.println(header);
		out.println(RunTreeFormatter.format(run));
		List<String> errors = new ArrayList<>();
		collectErrors(run, errors);
		if (!errors.isEmpty()) {
			out.println("Errors:");
			errors.forEach((error) -> out.println("  " + error));
		}
	}

	private static void collectErrors(RunTree tree, List<String> errors) {
		SpanData span = tree.span();
		if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
			String type = span.getAttributes().get(GenAiAttributes.ERROR_TYPE);
			String message = span.getStatus().getDescription();
			for (EventData event : span.getEvents()) {
				String exceptionMessage = event.getAttributes().get(EXCEPTION_MESSAGE);
				if ("exception".equals(event.getName()) && exceptionMessage != null) {
					message = exceptionMessage;
				}
			}
			errors.add(span.getName() + ": " + ((type != null) ? type : "error")
					+ (message.isEmpty() ? "" : ": " + message));
		}
		for (RunTree child : tree.children()) {
			collectErrors(child, errors);
		}
	}

}

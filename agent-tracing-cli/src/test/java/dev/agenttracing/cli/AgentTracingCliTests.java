package dev.agenttracing.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.agenttracing.AgentContext;
import dev.agenttracing.AgentContextSpanProcessor;
import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.LlmCallSpec;
import dev.agenttracing.LlmResult;
import dev.agenttracing.ModelPricing;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.export.jsonl.JsonlSpanExporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands on trace files written by the starter's own JSONL exporter (one trace a
 * file, in day directories), and on the same spans as one OTLP/JSON file of many traces,
 * as the Collector's file exporter writes it.
 */
class AgentTracingCliTests {

	@TempDir
	Path directory;

	private OpenTelemetrySdk openTelemetry;

	private AgentTracer tracer;

	private final List<String> traceIds = new ArrayList<>();

	@BeforeEach
	void writeTraces() {
		Path traces = this.directory.resolve("agent-traces");
		this.openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder()
				.addSpanProcessor(new AgentContextSpanProcessor((value) -> value))
				.addSpanProcessor(SimpleSpanProcessor.create(JsonlSpanExporter.builder(traces).build()))
				.build())
			.build();
		this.tracer = AgentTracer.builder(this.openTelemetry)
			.pricing(new ModelPricing("USD",
					Map.of("m-1", new ModelPricing.Price(new BigDecimal("2.50"), new BigDecimal("10.00"), null))))
			.build();
		plan("traveller-1", "Paris", 100, false, false);
		plan("traveller-1", "Kyoto", 200, false, false);
		plan("traveller-2", "Atlantis", 300, true, false);
		plan("traveller-3", "Lisbon", 400, true, true);
		this.openTelemetry.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
	}

	@AfterEach
	void close() {
		this.openTelemetry.close();
		Since.clock = Clock.systemUTC();
	}

	@Test
	void listShowsEveryRunNewestFirstWithItsSummary() {
		Result result = run("list", traces());
		assertThat(result.status()).isZero();
		List<String> lines = result.lines();
		assertThat(lines).hasSize(5);
		assertThat(lines.get(0)).startsWith("START (UTC)").contains("TRACE ID", "TOKENS IN / OUT", "COST", "SPANS");
		assertThat(lines.get(1)).contains(this.traceIds.get(3), "planner", "error", "java.lang.IllegalStateException",
				"400 / 40", "0.001400 USD", "traveller-3", "conv-traveller-3");
		assertThat(lines.get(4)).contains(this.traceIds.get(0), "ok", "100 / 10", "0.000350 USD", "traveller-1");
		assertThat(lines.get(3).split("\\s+")).contains(this.traceIds.get(1), "200", "/", "20", "0.000700");
	}

	@Test
	void listFiltersByErrorsAgentUserAndTime() {
		assertThat(run("list", traces(), "--errors").lines()).hasSize(2)
			.last()
			.satisfies((line) -> assertThat(line).contains(this.traceIds.get(3)));
		assertThat(run("list", traces(), "--user", "traveller-1").lines()).hasSize(3)
			.noneMatch((line) -> line.contains("traveller-2"));
		assertThat(run("list", traces(), "--agent", "local-guide").lines())
			.containsExactly("No agent runs found in " + traces());
		assertThat(run("list", traces(), "--agent", "planner").lines()).hasSize(5);
		Since.clock = Clock.fixed(Instant.now().plusSeconds(3600), ZoneOffset.UTC);
		assertThat(run("list", traces(), "--since", "30m").lines())
			.containsExactly("No agent runs found in " + traces());
		assertThat(run("list", traces(), "--since", "2h").lines()).hasSize(5);
		assertThat(run("list", traces(), "--since", "2000-01-01").lines()).hasSize(5);
		Result bad = run("list", traces(), "--since", "yesterday");
		assertThat(bad.status()).isEqualTo(2);
		assertThat(bad.err()).contains("'yesterday' is neither an age");
	}

	@Test
	void showPrintsTheTreeAsTheRunLogDoesWithErrors() {
		Result result = run("show", this.traceIds.get(2), "--dir", traces());
		assertThat(result.status()).isZero();
		assertThat(result.out().replaceAll("\\d+\\.\\d ms|\\d+ ms", "N ms")).isEqualTo("""
				Agent run planner (trace %s), started %s UTC, user traveller-2, conversation conv-traveller-2
				invoke_agent planner  N ms  tokens 300 in / 30 out  0.001050 USD
				  chat m-1  N ms  tokens 300 in / 30 out  0.001050 USD
				  execute_tool get_weather  N ms  ERROR java.lang.IllegalStateException
				  execute_tool find_activities  N ms
				    invoke_agent local-guide  N ms
				Errors:
				  execute_tool get_weather: java.lang.IllegalStateException: no weather for Atlantis
				""".formatted(this.traceIds.get(2), startOf(this.traceIds.get(2))));
	}

	@Test
	void showReadsOneFileAndReportsAnUnknownTrace() throws IOException {
		Path file = traceFiles().stream()
			.filter((path) -> path.getFileName().toString().startsWith(this.traceIds.get(3)))
			.findFirst()
			.orElseThrow();
		Result result = run("show", file.toString());
		assertThat(result.lines()).first().asString().startsWith("Agent run planner (trace " + this.traceIds.get(3));
		assertThat(result.out()).contains("invoke_agent planner", "ERROR java.lang.IllegalStateException", "Errors:",
				"invoke_agent planner: java.lang.IllegalStateException: no plan for Lisbon");
		Result unknown = run("show", "0af7651916cd43dd8448eb211c80319c", "--dir", traces());
		assertThat(unknown.status()).isEqualTo(1);
		assertThat(unknown.err()).contains("No agent run found for 0af7651916cd43dd8448eb211c80319c");
	}

	@Test
	void statsSumsUpPerAgentAndPerAgentAndModel() {
		List<String> lines = run("stats", traces()).lines();
		assertThat(lines.get(0)).isEqualTo("4 runs");
		assertThat(lines.get(2).split("\\s+")).containsExactly("AGENT", "RUNS", "ERRORS", "P50", "P95", "TOKENS", "IN",
				"TOKENS", "OUT", "COST");
		// local-guide ran in three runs (the failed one stopped before it), planner in
		// four, one failed.
		assertThat(columns(lines.get(3))).startsWith("local-guide", "3", "0");
		assertThat(columns(lines.get(4))).startsWith("planner", "4", "1").endsWith("1000", "100", "0.003500", "USD");
		assertThat(columns(lines.get(6))).startsWith("AGENT", "MODEL", "CALLS");
		assertThat(columns(lines.get(7))).startsWith("planner", "m-1", "4", "0")
			.endsWith("1000", "100", "0.003500", "USD");
	}

	@Test
	void readsACollectorFileOfManyTracesAsTheJsonlFiles() throws IOException {
		// The Collector's file exporter: every export request a line, all traces in one
		// file.
		Path collector = this.directory.resolve("collector/traces.json");
		Files.createDirectories(collector.getParent());
		List<String> lines = new ArrayList<>();
		for (Path file : traceFiles()) {
			lines.addAll(Files.readAllLines(file));
		}
		Files.write(collector, lines);
		assertThat(run("list", collector.toString()).lines().subList(1, 5))
			.isEqualTo(run("list", traces()).lines().subList(1, 5));
		assertThat(run("stats", collector.getParent().toString()).out()).isEqualTo(run("stats", traces()).out());
	}

	@Test
	void anUnreadableLineIsReportedAndTheRestIsRead() throws IOException {
		Path file = traceFiles().get(0);
		Files.writeString(file, "not json\n" + Files.readString(file));
		Result result = run("list", traces());
		assertThat(result.lines()).hasSize(5);
		assertThat(result.err()).contains("warning: " + file + ":1: not an OTLP/JSON trace request");
	}

	private void plan(String user, String city, long tokens, boolean toolFails, boolean runFails) {
		try (Scope scope = AgentContext.builder().userId(user).conversationId("conv-" + user).makeCurrent()) {
			this.tracer.agentRun(AgentRunSpec.named("planner"), () -> {
				this.traceIds.add(io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId());
				this.tracer.llmCall(LlmCallSpec.chat("m-1"), () -> new Usage(tokens, tokens / 10));
				try {
					this.tracer.tool(ToolSpec.named("get_weather"), () -> {
						if (toolFails) {
							throw new IllegalStateException("no weather for " + city);
						}
						return "sunny";
					});
				}
				catch (IllegalStateException ex) {
					if (runFails) {
						throw new IllegalStateException("no plan for " + city);
					}
				}
				return this.tracer.tool(ToolSpec.named("find_activities"),
						() -> this.tracer.agentRun(AgentRunSpec.named("local-guide"), () -> "museum"));
			});
		}
		catch (IllegalStateException ex) {
			assertThat(runFails).isTrue();
		}
	}

	private String startOf(String traceId) {
		return run("list", traces()).lines()
			.stream()
			.filter((line) -> line.contains(traceId))
			.findFirst()
			.orElseThrow()
			.substring(0, 19);
	}

	private String traces() {
		return this.directory.resolve("agent-traces").toString();
	}

	private List<Path> traceFiles() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory.resolve("agent-traces"))) {
			return files.filter((file) -> file.toString().endsWith(".jsonl")).sorted().toList();
		}
	}

	private static List<String> columns(String line) {
		return List.of(line.trim().split("\\s+"));
	}

	private static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = AgentTracingCli.commandLine();
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int status = commandLine.execute(args);
		return new Result(status, out.toString(), err.toString());
	}

	record Result(int status, String out, String err) {

		List<String> lines() {
			return this.out.lines().toList();
		}

	}

	record Usage(Long inputTokens, Long outputTokens) implements LlmResult {

	}

}

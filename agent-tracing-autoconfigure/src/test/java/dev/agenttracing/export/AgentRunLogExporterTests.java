package dev.agenttracing.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.export.log.AgentRunLogExporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class AgentRunLogExporterTests {

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.spans)).build())
		.build();

	private final AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void logsEachTopLevelRunOnceAsAnIndentedTree(CapturedOutput output) {
		runPlanner();
		AgentRunLogExporter exporter = new AgentRunLogExporter();
		// Delivered in two batches, as Boot's batch processor may do: children first.
		List<SpanData> finished = this.spans.getFinishedSpanItems();
		exporter.export(finished.subList(0, 2));
		assertThat(output).doesNotContain("Agent run finished");
		exporter.export(finished.subList(2, finished.size()));
		String traceId = finished.get(0).getTraceId();
		assertThat(output).containsOnlyOnce("Agent run finished (trace " + traceId + ")");
		assertThat(output.toString().replaceAll("\\d+(\\.\\d)? ms", "N ms")).contains("""
				invoke_agent trip-planner  N ms
				  execute_tool get_weather  N ms  ERROR java.lang.IllegalStateException
				  execute_tool find_activities  N ms
				    invoke_agent local-guide  N ms
				""");
	}

	@Test
	void assemblerForgetsSpansOfCompletedRunsAndBoundsTheRest() {
		runPlanner();
		RunTreeAssembler assembler = new RunTreeAssembler(2, Long.MAX_VALUE);
		List<RunTree> runs = assembler.add(this.spans.getFinishedSpanItems());
		assertThat(runs).singleElement().satisfies((run) -> assertThat(run.size()).isEqualTo(4));
		assertThat(assembler.bufferedSpans()).isZero();
		this.spans.reset();
		// Outside any run, each below a framework span that is never exported: they wait
		// for a run or their trace's root, within the bound (oldest trace out first).
		for (int i = 0; i < 5; i++) {
			Span unexported = this.openTelemetry.getTracer("other").spanBuilder("GET /").startSpan();
			try (Scope scope = unexported.makeCurrent()) {
				this.tracer.tool(ToolSpec.named("standalone"), () -> "outside any run");
			}
		}
		assembler.add(this.spans.getFinishedSpanItems());
		assertThat(assembler.bufferedSpans()).isEqualTo(2);
	}

	@Test
	void assemblerDropsATraceWithoutRunsOnceItsLocalRootArrives() {
		RunTreeAssembler assembler = new RunTreeAssembler(10, Long.MAX_VALUE);
		Tracer framework = this.openTelemetry.getTracer("org.springframework.boot");
		Span client = framework.spanBuilder("spring_ai chat_client").startSpan();
		try (Scope scope = client.makeCurrent()) {
			this.tracer.tool(ToolSpec.named("get_weather"), () -> "rainy");
		}
		assertThat(assembler.add(this.spans.getFinishedSpanItems())).isEmpty();
		assertThat(assembler.bufferedSpans()).isOne();
		this.spans.reset();
		client.end();
		assertThat(assembler.add(this.spans.getFinishedSpanItems())).isEmpty();
		assertThat(assembler.bufferedSpans()).isZero();

		// A span of ours that is its trace's root is never held.
		this.spans.reset();
		this.tracer.tool(ToolSpec.named("standalone"), () -> "outside any run");
		assembler.add(this.spans.getFinishedSpanItems());
		assertThat(assembler.bufferedSpans()).isZero();

		// Nor what is below a span whose parent is in another process, once that span
		// ends.
		this.spans.reset();
		SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
				TraceFlags.getSampled(), TraceState.getDefault());
		Span server = framework.spanBuilder("POST /ask").setParent(Context.root().with(Span.wrap(remote))).startSpan();
		try (Scope scope = server.makeCurrent()) {
			this.tracer.tool(ToolSpec.named("get_weather"), () -> "rainy");
		}
		finally {
			server.end();
		}
		assertThat(this.spans.getFinishedSpanItems()).hasSize(2);
		assertThat(assembler.add(this.spans.getFinishedSpanItems())).isEmpty();
		assertThat(assembler.bufferedSpans()).isZero();
	}

	@Test
	void ignoresSpansOfOtherInstrumentations(CapturedOutput output) {
		Span foreign = this.openTelemetry.getTracer("other").spanBuilder("GET /").startSpan();
		foreign.end();
		RunTreeAssembler assembler = new RunTreeAssembler(10, Long.MAX_VALUE);
		assertThat(assembler.add(this.spans.getFinishedSpanItems())).isEmpty();
		assertThat(assembler.bufferedSpans()).isZero();
	}

	@Test
	void spansOfOursBelowAForeignSpanHangUnderTheirNearestAncestorOfOurs(CapturedOutput output) {
		Tracer framework = this.openTelemetry.getTracer("org.springframework.boot");
		this.tracer.agentRun(AgentRunSpec.named("trip-planner"), () -> {
			Span client = framework.spanBuilder("spring_ai chat_client").startSpan();
			try (Scope scope = client.makeCurrent()) {
				Span advisor = framework.spanBuilder("call").startSpan();
				try (Scope inner = advisor.makeCurrent()) {
					this.tracer.tool(ToolSpec.named("get_weather"), () -> "rainy");
					Span http = framework.spanBuilder("POST").startSpan();
					http.end();
				}
				finally {
					advisor.end();
				}
				return this.tracer.tool(ToolSpec.named("find_activities"), () -> "museum");
			}
			finally {
				client.end();
			}
		});
		List<SpanData> finished = this.spans.getFinishedSpanItems();
		assertThat(finished).hasSize(6);
		RunTreeAssembler assembler = new RunTreeAssembler(10, Long.MAX_VALUE);
		// In the order they ended, in two batches: the foreign spans after the first of
		// ours.
		assertThat(assembler.add(finished.subList(0, 3))).isEmpty();
		List<RunTree> runs = assembler.add(finished.subList(3, finished.size()));
		assertThat(runs).singleElement().satisfies((run) -> {
			assertThat(run.size()).isEqualTo(3);
			assertThat(run.children()).extracting((child) -> child.span().getName())
				.containsExactly("execute_tool get_weather", "execute_tool find_activities");
		});
		assertThat(assembler.bufferedSpans()).isZero();

		// One batch with the foreign spans first, as an OTLP/JSON file groups spans by
		// scope.
		List<SpanData> foreignFirst = new ArrayList<>(finished);
		foreignFirst.sort(Comparator.comparing((SpanData span) -> RunTreeAssembler.isOurs(span)));
		assertThat(RunTreeAssembler.isOurs(foreignFirst.get(0))).isFalse();
		assertThat(new RunTreeAssembler(10, Long.MAX_VALUE).add(foreignFirst)).singleElement()
			.satisfies((run) -> assertThat(run.size()).isEqualTo(3));
	}

	private void runPlanner() {
		this.tracer.agentRun(AgentRunSpec.named("trip-planner"), () -> {
			try {
				this.tracer.tool(ToolSpec.named("get_weather"), () -> {
					throw new IllegalStateException("no weather");
				});
			}
			catch (IllegalStateException ex) {
				// the agent goes on without the weather
			}
			return this.tracer.tool(ToolSpec.named("find_activities"),
					() -> this.tracer.agentRun(AgentRunSpec.named("local-guide"), () -> "museum"));
		});
		assertThat(this.spans.getFinishedSpanItems()).hasSize(4);
	}

	@Test
	void exportFailsAfterShutdown() {
		AgentRunLogExporter exporter = new AgentRunLogExporter();
		assertThat(exporter.shutdown().isSuccess()).isTrue();
		assertThat(exporter.shutdown().isSuccess()).isTrue();
		assertThat(exporter.export(List.of()).isSuccess()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> {
			try (Scope scope = Span.getInvalid().makeCurrent()) {
				throw new IllegalStateException("scope closes");
			}
		});
	}

}

package dev.agenttracing;

import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool execution started directly inside one of the same name is the same execution: a
 * framework's tool call and the annotated method it invokes give one span.
 */
class NestedToolExecutionTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.setPropagators(ContextPropagators.noop())
		.build();

	private final AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();

	@AfterEach
	void tearDown() {
		this.openTelemetry.close();
	}

	@Test
	void toolOfTheSameNameDirectlyInsideIsTracedOnce() {
		StartedOperation outer = this.tracer.startTool(ToolSpec.named("get_weather").callId("call_1"), null);
		String result;
		try (Scope scope = outer.makeCurrent()) {
			result = this.tracer.tool(ToolSpec.named("get_weather"), () -> "sunny");
			assertThat(this.tracer.currentTool().isRecording()).isTrue();
		}
		outer.end(result);
		assertThat(result).isEqualTo("sunny");
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).singleElement().satisfies((span) -> {
			assertThat(span.getName()).isEqualTo("execute_tool get_weather");
			assertThat(span.getAttributes().get(dev.agenttracing.semconv.GenAiAttributes.TOOL_CALL_ID))
				.isEqualTo("call_1");
		});
	}

	@Test
	void failureOfTheInnerStartReachesTheCallerAndTheOuterSpan() {
		StartedOperation outer = this.tracer.startTool(ToolSpec.named("get_weather"), null);
		IllegalStateException failure = new IllegalStateException("down");
		try (Scope scope = outer.makeCurrent()) {
			this.tracer.tool(ToolSpec.named("get_weather"), () -> {
				throw failure;
			});
		}
		catch (IllegalStateException ex) {
			assertThat(ex).isSameAs(failure);
			outer.endExceptionally(ex);
		}
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies(
					(span) -> assertThat(span.getAttributes().get(dev.agenttracing.semconv.GenAiAttributes.ERROR_TYPE))
						.isEqualTo(IllegalStateException.class.getName()));
	}

	@Test
	void toolOfAnotherNameInsideIsAChild() {
		this.tracer.tool(ToolSpec.named("plan_trip"),
				() -> this.tracer.tool(ToolSpec.named("get_weather"), () -> "sunny"));
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).extracting(SpanData::getName)
			.containsExactly("execute_tool get_weather", "execute_tool plan_trip");
		assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
	}

	@Test
	void toolOfTheSameNameBelowAnotherOperationIsASecondExecution() {
		this.tracer.tool(ToolSpec.named("ask"), () -> this.tracer.llmCall(LlmCallSpec.chat("gpt-4o"),
				() -> this.tracer.tool(ToolSpec.named("ask"), () -> "yes")));
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).extracting(SpanData::getName)
			.containsExactly("execute_tool ask", "chat gpt-4o", "execute_tool ask");
		assertThat(spans.get(1).getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
	}

	@Test
	void sameNameAfterTheOuterEndedIsASecondExecution() {
		StartedOperation outer = this.tracer.startTool(ToolSpec.named("get_weather"), null);
		try (Scope scope = outer.makeCurrent()) {
			outer.end("done");
			this.tracer.tool(ToolSpec.named("get_weather"), () -> "again");
		}
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(2);
	}

}

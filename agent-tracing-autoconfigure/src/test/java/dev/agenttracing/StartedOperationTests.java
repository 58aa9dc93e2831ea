package dev.agenttracing;

import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handle API for integrations whose hooks report start and end separately: spans,
 * nesting, run roll-up, ending once, and the current tool.
 */
class StartedOperationTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void llmCallStartedAndEndedInSeparateCallsIsOneClientSpanUnderTheRunThatSumsItsTokens() {
		StartedOperation run = this.tracer.startAgentRun(AgentRunSpec.named("planner").provider("openai"), null);
		StartedOperation call;
		try (Scope scope = run.makeCurrent()) {
			call = this.tracer.startLlmCall(LlmCallSpec.chat("gpt-4o").provider("openai"), null);
		}
		// The end arrives on another callback, after the caller's scope is gone.
		call.setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
			.result(new Answer("gpt-4o-2024-08-06", List.of("tool_calls"), 120L, 30L));
		call.end(null);
		run.end(null);
		SpanData chat = span("chat gpt-4o");
		SpanData agent = span("invoke_agent planner");
		assertThat(chat).hasKind(SpanKind.CLIENT)
			.hasParentSpanId(agent.getSpanId())
			.hasAttribute(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
			.hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("tool_calls"))
			.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 120L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 30L);
		assertThat(agent).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 120L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 30L);
	}

	@Test
	void operationEndsOnceWhateverEndsItFirst() {
		StartedOperation tool = this.tracer.startTool(ToolSpec.named("lookup"), Map.of("q", "x"));
		assertThat(tool.isRecording()).isTrue();
		tool.endExceptionally(new IllegalStateException("boom"));
		tool.end("late");
		tool.endWithError("tool_error");
		tool.setAttribute(AttributeKey.stringKey("late.attribute"), "ignored");
		assertThat(tool.isRecording()).isFalse();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		SpanData span = span("execute_tool lookup");
		assertThat(span).hasStatusSatisfying((status) -> status.hasCode(StatusCode.ERROR))
			.hasAttribute(GenAiAttributes.ERROR_TYPE, IllegalStateException.class.getName());
		assertThat(span.getAttributes().get(AttributeKey.stringKey("late.attribute"))).isNull();
	}

	@Test
	void errorReportedAsAValueSetsErrorTypeWithoutAnExceptionEvent() {
		StartedOperation tool = this.tracer.startTool(ToolSpec.named("search"), null);
		tool.endWithError("tool_error");
		SpanData span = span("execute_tool search");
		assertThat(span).hasStatusSatisfying((status) -> status.hasCode(StatusCode.ERROR))
			.hasAttribute(GenAiAttributes.ERROR_TYPE, "tool_error");
		assertThat(span.getEvents()).isEmpty();
	}

	@Test
	void streamedMarksTheCallAsStreamedWithTimeToFirstChunkOnce() {
		StartedOperation call = this.tracer.startLlmCall(LlmCallSpec.chat("gpt-4o"), null);
		call.streamed(null).streamed(null);
		call.end(null);
		SpanData chat = span("chat gpt-4o");
		assertThat(chat).hasAttribute(GenAiAttributes.REQUEST_STREAM, true);
		assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isNotNull()
			.isGreaterThanOrEqualTo(0.0);
	}

	@Test
	void currentToolIsTheToolWhoseContextIsCurrentAndNothingOutsideIt() {
		assertThat(this.tracer.currentTool().isRecording()).isFalse();
		StartedOperation tool = this.tracer.startTool(ToolSpec.named("weather"), null);
		try (Scope scope = tool.makeCurrent()) {
			this.tracer.currentTool().setAttribute(AttributeKey.stringKey("mcp.method.name"), "tools/call");
			assertThat(Span.current().getSpanContext()).isEqualTo(Span.fromContext(tool.context()).getSpanContext());
		}
		tool.end(null);
		assertThat(span("execute_tool weather")).hasAttribute(AttributeKey.stringKey("mcp.method.name"), "tools/call");
	}

	@Test
	void cancelledOperationIsMarkedCancelledNotFailed() {
		StartedOperation call = this.tracer.startLlmCall(LlmCallSpec.chat("gpt-4o"), null);
		call.cancel();
		assertThat(span("chat gpt-4o")).hasAttribute(GenAiAttributes.CANCELLED, true)
			.hasStatusSatisfying((status) -> status.hasCode(StatusCode.UNSET));
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + this.exporter.getFinishedSpanItems()));
	}

	record Answer(String responseModel, List<String> finishReasons, Long inputTokens,
			Long outputTokens) implements LlmResult {
	}

}

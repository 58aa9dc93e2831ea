package dev.agenttracing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.metrics.MicrometerOperationMetrics;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An LLM call inside an agent run, with no price configured: found by the benchmarks,
 * where adding a call's unknown cost to its run threw, so the call's metrics were never
 * recorded.
 *
 * @author agent-tracing
 */
class LlmCallInRunWithoutPricingTests {

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.spans))
		.build();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AgentTracer tracer = AgentTracer
		.builder(OpenTelemetrySdk.builder().setTracerProvider(this.tracerProvider).build())
		.metrics(new MicrometerOperationMetrics(this.registry))
		.build();

	@AfterEach
	void close() {
		this.tracerProvider.close();
	}

	@Test
	void llmCallInRunRecordsMetricsAndRunTotals() {
		String answer = this.tracer.agentRun(AgentRunSpec.named("planner"),
				() -> this.tracer.llmCall(LlmCallSpec.chat("gpt-4o-mini").provider("openai"), () -> new Reply())
					.text());
		assertThat(answer).isEqualTo("ok");
		assertThat(this.registry.find(MicrometerOperationMetrics.OPERATION_DURATION)
			.tag("gen_ai.operation.name", "chat")
			.meters()).isNotEmpty();
		SpanData agent = this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().startsWith(GenAiAttributes.OPERATION_INVOKE_AGENT))
			.findFirst()
			.orElseThrow();
		assertThat(agent).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 120L)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 30L);
	}

	record Reply(String text) implements LlmResult {

		Reply() {
			this("ok");
		}

		@Override
		public @Nullable Long inputTokens() {
			return 120L;
		}

		@Override
		public @Nullable Long outputTokens() {
			return 30L;
		}

	}

}

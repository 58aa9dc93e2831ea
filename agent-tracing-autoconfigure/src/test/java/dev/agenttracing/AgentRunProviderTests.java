package dev.agenttracing;

import java.util.List;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * {@code gen_ai.provider.name} is required on {@code invoke_agent}: every run span has
 * it.
 *
 * @author agent-tracing
 */
class AgentRunProviderTests {

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.spans))
		.build();

	private final AgentTracer tracer = AgentTracer
		.builder(OpenTelemetrySdk.builder().setTracerProvider(this.tracerProvider).build())
		.build();

	@AfterEach
	void close() {
		this.tracerProvider.close();
	}

	@Test
	void subagentWithoutProviderTakesItsParentRuns() {
		this.tracer.agentRun(AgentRunSpec.named("planner").provider("anthropic"),
				() -> this.tracer.agentRun(AgentRunSpec.named("guide"), () -> "sights"));
		assertThat(span("invoke_agent guide")).hasAttribute(GenAiAttributes.PROVIDER_NAME, "anthropic");
		assertThat(span("invoke_agent planner")).hasAttribute(GenAiAttributes.PROVIDER_NAME, "anthropic");
		SemconvCheck.assertNoFindings(this.spans.getFinishedSpanItems());
	}

	@Test
	void runWithoutAnyProviderSaysUnknownAndPassesTheSemconvCheck() {
		this.tracer.agentRun(AgentRunSpec.named("healthcheck"),
				() -> this.tracer.agentRun(AgentRunSpec.named("probe"), () -> "ok"));
		assertThat(span("invoke_agent healthcheck")).hasAttribute(GenAiAttributes.PROVIDER_NAME, "unknown");
		assertThat(span("invoke_agent probe")).hasAttribute(GenAiAttributes.PROVIDER_NAME, "unknown");
		SemconvCheck.assertNoFindings(this.spans.getFinishedSpanItems());
	}

	@Test
	void runWithoutProviderTakesTheFirstOneItsLlmCallsUsedNotUnknownFromASubagent() {
		this.tracer.agentRun(AgentRunSpec.named("planner"), () -> {
			this.tracer.agentRun(AgentRunSpec.named("probe"), () -> "ok");
			return this.tracer.llmCall(LlmCallSpec.chat("gpt-4o").provider("openai"), () -> "answer");
		});
		assertThat(span("invoke_agent probe")).hasAttribute(GenAiAttributes.PROVIDER_NAME, "unknown");
		assertThat(span("invoke_agent planner")).hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai");
		SemconvCheck.assertNoFindings(this.spans.getFinishedSpanItems());
	}

	private SpanData span(String name) {
		List<SpanData> finished = this.spans.getFinishedSpanItems();
		return finished.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

}

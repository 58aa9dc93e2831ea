package dev.agenttracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.redact.Redactor;
import dev.agenttracing.semconv.GenAiAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result an integration hands to {@link StartedOperation#end(Object)} after a stream
 * is the whole answer (a framework's aggregated response): its content is recorded like a
 * call's.
 */
class StartedOperationStreamContentTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.setPropagators(ContextPropagators.noop())
		.build();

	@AfterEach
	void tearDown() {
		this.openTelemetry.close();
	}

	@Test
	void outputOfAStreamedCallIsRecordedFromTheResultItEndsWith() {
		AgentTracer tracer = AgentTracer.builder(this.openTelemetry)
			.content(ContentRecorder.builder(Redactor.builder().build()).enabled(true).build())
			.build();
		StartedOperation call = tracer.startLlmCall(LlmCallSpec.chat("gpt-4o"), Map.of("messages", "Weather?"));
		call.streamed(null);
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("type", "text");
		part.put("content", "Sunny");
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("parts", List.of(part));
		message.put("finish_reason", "stop");
		call.end(new Answer(List.of(message)));
		SpanData span = this.exporter.getFinishedSpanItems().get(0);
		assertThat(span.getAttributes().get(GenAiAttributes.REQUEST_STREAM)).isTrue();
		assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isEqualTo(
				"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Sunny\"}],\"finish_reason\":\"stop\"}]");
	}

	@Test
	void withoutContentRecordingNothingIsRecorded() {
		AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();
		StartedOperation call = tracer.startLlmCall(LlmCallSpec.chat("gpt-4o"), Map.of("messages", "Weather?"));
		call.streamed(null);
		call.end(new Answer("Sunny"));
		SpanData span = this.exporter.getFinishedSpanItems().get(0);
		assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
		assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
	}

	record Answer(@Nullable Object content) implements LlmResult {
	}

}

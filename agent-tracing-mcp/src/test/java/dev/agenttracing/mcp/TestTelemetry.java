package dev.agenttracing.mcp;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.AgentTracerBuilder;
import dev.agenttracing.content.ContentRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real OpenTelemetry SDK with W3C propagation, an in-memory exporter and a simple meter
 * registry, and the {@link McpTracing} and {@link AgentTracer} built on them.
 */
final class TestTelemetry implements AutoCloseable {

	final InMemorySpanExporter spans = InMemorySpanExporter.create();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final OpenTelemetrySdk openTelemetry;

	final AgentTracer agentTracer;

	final McpTracing mcpTracing;

	TestTelemetry() {
		this(null);
	}

	TestTelemetry(ContentRecorder content) {
		this.openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(
					SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.spans)).build())
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		AgentTracerBuilder agent = AgentTracer.builder(this.openTelemetry);
		if (content != null) {
			agent.content(content);
		}
		this.agentTracer = agent.build();
		this.mcpTracing = McpTracing.builder(this.openTelemetry)
			.agentTracer(this.agentTracer)
			.content(content)
			.meterRegistry(this.meters)
			.build();
	}

	List<SpanData> finished() {
		return this.spans.getFinishedSpanItems();
	}

	SpanData span(SpanKind kind, String name) {
		List<SpanData> matching = finished().stream()
			.filter((span) -> span.getKind() == kind && span.getName().equals(name))
			.toList();
		assertThat(matching).as("%s spans named '%s' among %s", kind, name, names()).hasSize(1);
		return matching.get(0);
	}

	List<String> names() {
		return finished().stream().map((span) -> span.getKind() + " " + span.getName()).toList();
	}

	@Override
	public void close() {
		this.openTelemetry.close();
	}

}

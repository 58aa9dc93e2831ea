package dev.agenttracing;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * Spring's own observations inside a tool (an HTTP client call) nest under the tool span,
 * also when the run itself is inside an observation (an HTTP server request): Micrometer
 * Tracing sees our span as the current one.
 */
class MicrometerObservationNestingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AgentTracingAutoConfiguration.class))
		.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	@Test
	void observationInsideAToolOfARunInsideAnObservationHasTheToolAsParent() {
		this.contextRunner.run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Tracer micrometerTracer = context.getBean(Tracer.class);
			AgentTracer tracer = context.getBean(AgentTracer.class);
			AtomicReference<String> currentForMicrometer = new AtomicReference<>();
			AtomicReference<String> toolSpanId = new AtomicReference<>();
			Observation.createNotStarted("http.server.requests", registry)
				.observe(() -> tracer.agentRun(AgentRunSpec.named("planner"),
						() -> tracer.tool(ToolSpec.named("fetch"), () -> {
							toolSpanId.set(Span.current().getSpanContext().getSpanId());
							currentForMicrometer.set(micrometerTracer.currentSpan().context().spanId());
							return Observation.createNotStarted("http.client.requests", registry)
								.observe(() -> "fetched");
						})));
			assertThat(currentForMicrometer.get()).as("Micrometer's current span inside the tool")
				.isEqualTo(toolSpanId.get());
			SpanData server = span("http.server.requests");
			SpanData planner = span("invoke_agent planner");
			SpanData tool = span("execute_tool fetch");
			assertThat(planner).hasParent(server);
			assertThat(tool).hasParent(planner);
			assertThat(span("http.client.requests")).hasParent(tool);
			assertThat(micrometerTracer.currentSpan()).as("nothing left current afterwards").isNull();
		});
	}

	private SpanData span(String name) {
		List<SpanData> spans = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
		assertThat(spans).as("spans named %s in %s", name, this.exporter.getFinishedSpanItems()).hasSize(1);
		return spans.get(0);
	}

}

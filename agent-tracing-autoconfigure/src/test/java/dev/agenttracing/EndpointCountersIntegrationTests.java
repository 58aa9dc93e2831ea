package dev.agenttracing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;

import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;
import dev.agenttracing.export.ExportAccounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code agenttracing} endpoint's counters with two exporters: each span is counted
 * once per exporter that exported it, under that exporter's name, never summed over
 * exporters.
 *
 * @author agent-tracing
 */
class EndpointCountersIntegrationTests {

	@TempDir
	Path traces;

	@Test
	void twoExportersOfTheSameSpansAreCountedEachNotAddedUp() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			DeliveryTestSupport.runner()
				.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
				.withPropertyValues("management.endpoints.web.exposure.include=agenttracing",
						"management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"agent.tracing.export.jsonl.enabled=true",
						"agent.tracing.export.jsonl.directory=" + this.traces)
				.run((context) -> {
					AgentTracer tracer = context.getBean(AgentTracer.class);
					for (int i = 0; i < 5; i++) {
						DeliveryTestSupport.run(tracer);
					}
					ExportAccounting accounting = context.getBean(ExportAccounting.class);
					await().atMost(Duration.ofSeconds(15))
						.until(() -> accounting.getExporters().size() == 2
								&& accounting.getExporters().stream().allMatch((stats) -> stats.getExported() == 20));
					assertThat(receiver.spans()).hasSize(20);
					Map<String, Object> counters = context.getBean(AgentTracingEndpoint.class).status().counters();
					assertThat(counters).containsEntry("spansExported", Map.of("otlp-http", 20L, "jsonl", 20L))
						.containsEntry("spansDropped", Map.of("otlp-http", 0L, "jsonl", 0L))
						.containsEntry("exportFailures", Map.of("otlp-http", 0L, "jsonl", 0L))
						.containsEntry("spansDroppedQueueFull", 0L);
				});
		}
	}

}

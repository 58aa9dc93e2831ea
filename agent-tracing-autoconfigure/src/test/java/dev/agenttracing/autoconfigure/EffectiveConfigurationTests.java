package dev.agenttracing.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code agenttracing} endpoint says Boot is configured to do: Boot's own
 * values, read from Boot's properties classes, never a copy of their defaults.
 */
class EffectiveConfigurationTests {

	private final MockEnvironment environment = new MockEnvironment();

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void withNothingSetBootsOwnDefaultsAreShown() {
		OpenTelemetryTracingProperties openTelemetry = new OpenTelemetryTracingProperties();
		OtlpTracingProperties otlp = new OtlpTracingProperties();
		Map<String, Object> description = describe();
		assertThat(section(description, "sampling"))
			.containsEntry("probability", new TracingProperties().getSampling().getProbability())
			.containsEntry("sampler", "parent-based-trace-id-ratio");
		assertThat(section(description, "batch"))
			.containsEntry("maxQueueSize", openTelemetry.getExport().getMaxQueueSize())
			.containsEntry("maxBatchSize", openTelemetry.getExport().getMaxBatchSize())
			.containsEntry("scheduleDelay", String.valueOf(openTelemetry.getExport().getScheduleDelay()))
			.containsEntry("timeout", String.valueOf(openTelemetry.getExport().getTimeout()));
		assertThat(section(description, "otlp")).containsEntry("enabled", false)
			.containsEntry("transport", "http")
			.containsEntry("compression", "none")
			.containsEntry("timeout", String.valueOf(otlp.getTimeout()))
			.containsEntry("headers", List.of());
	}

	@Test
	void propertiesAreBoundAsBootBindsThem() {
		this.environment.withProperty("management.tracing.sampling.probability", "0.5")
			.withProperty("management.opentelemetry.tracing.sampler", "always-on")
			.withProperty("management.opentelemetry.tracing.export.max-queue-size", "100")
			.withProperty("management.opentelemetry.tracing.export.otlp.endpoint",
					"https://user:pw@collector:4318/v1/traces?key=secret")
			.withProperty("management.opentelemetry.tracing.export.otlp.transport", "grpc")
			.withProperty("management.opentelemetry.tracing.export.otlp.headers.api-key", "secret");
		Map<String, Object> description = describe();
		assertThat(section(description, "sampling")).containsEntry("probability", 0.5f)
			.containsEntry("sampler", "always-on");
		assertThat(section(description, "batch")).containsEntry("maxQueueSize", 100);
		assertThat(section(description, "otlp")).containsEntry("enabled", true)
			.containsEntry("endpoint", "https://collector:4318/v1/traces")
			.containsEntry("transport", "grpc")
			.containsEntry("headers", List.of("api-key"));
		assertThat(description.toString()).doesNotContain("secret").doesNotContain("user:pw");
	}

	@Test
	void bootsBoundBeanIsPreferred() {
		TracingProperties tracing = new TracingProperties();
		tracing.getSampling().setProbability(0.25f);
		this.beanFactory.registerSingleton("tracingProperties", tracing);
		this.environment.withProperty("management.tracing.sampling.probability", "0.5");
		assertThat(section(describe(), "sampling")).containsEntry("probability", 0.25f);
	}

	private Map<String, Object> describe() {
		return EffectiveConfiguration.describe(this.environment, this.beanFactory, new AgentTracingProperties());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> section(Map<String, Object> description, String name) {
		return (Map<String, Object>) description.get(name);
	}

}

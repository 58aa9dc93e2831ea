package dev.agenttracing.autoconfigure;

import java.time.Duration;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.export.InFlightAgentRuns;
import dev.agenttracing.export.TraceFlusher;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for a graceful shutdown that loses no span:
 * agent runs in flight finish first, then every buffered span is flushed within
 * {@code agent.tracing.shutdown.flush-timeout}, then the SDK shuts down.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
// After Boot's tracing auto-configuration, so that the in-flight counter is registered after
// Boot's batch processor and runs after it for every ending span: a run counted as finished
// has then been queued for export, and the final flush cannot miss it.
@AutoConfiguration(after = AgentTracingDeliveryAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(SdkTracerProvider.class)
@ConditionalOnAgentTracingEnabled
@ConditionalOnEnabledOpenTelemetry
@EnableConfigurationProperties(AgentTracingProperties.class)
public final class AgentTracingShutdownAutoConfiguration {

	AgentTracingShutdownAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	InFlightAgentRuns agentTracingInFlightAgentRuns() {
		return new InFlightAgentRuns();
	}

	@Bean
	@ConditionalOnMissingBean
	TraceFlusher agentTracingTraceFlusher(ObjectProvider<SdkTracerProvider> tracerProvider,
			ObjectProvider<InFlightAgentRuns> inFlightRuns, AgentTracingProperties properties) {
		Duration timeout = properties.getShutdown().getFlushTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidAgentTracingPropertyException(AgentTracingProperties.PREFIX + ".shutdown.flush-timeout",
					timeout, "the flush timeout must be positive", "set it to a positive duration such as 10s");
		}
		return new TraceFlusher(tracerProvider::getIfAvailable, inFlightRuns.getIfAvailable(), timeout);
	}

}

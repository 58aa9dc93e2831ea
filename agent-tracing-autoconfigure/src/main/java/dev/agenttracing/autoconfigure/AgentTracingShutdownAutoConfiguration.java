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

import dev.agenttracing.AgentTracer;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.TraceFlusher;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for a graceful shutdown that loses
 * no span: agent runs in flight finish first, then every buffered span is flushed within
 * {@code agent.tracing.shutdown.flush-timeout}, then the SDK shuts down.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = { AgentTracingAutoConfiguration.class, AgentTracingDeliveryAutoConfiguration.class })
@ConditionalOnClass(SdkTracerProvider.class)
@ConditionalOnAgentTracingEnabled
@ConditionalOnEnabledOpenTelemetry
@EnableConfigurationProperties(AgentTracingProperties.class)
public final class AgentTracingShutdownAutoConfiguration {

	AgentTracingShutdownAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TraceFlusher agentTracingTraceFlusher(ObjectProvider<SdkTracerProvider> tracerProvider,
			ObjectProvider<AgentTracer> agentTracer, ObjectProvider<ExportAccounting> accounting,
			AgentTracingProperties properties) {
		Duration timeout = properties.getShutdown().getFlushTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidAgentTracingPropertyException(AgentTracingProperties.PREFIX + ".shutdown.flush-timeout",
					timeout, "the flush timeout must be positive", "set it to a positive duration such as 10s");
		}
		return new TraceFlusher(tracerProvider::getIfAvailable, agentTracer.getIfAvailable(), timeout,
				accounting.getIfAvailable());
	}

}

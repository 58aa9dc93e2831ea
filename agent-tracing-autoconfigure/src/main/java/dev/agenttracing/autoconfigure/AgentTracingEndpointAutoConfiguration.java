package dev.agenttracing.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.TraceFlusher;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code agenttracing}
 * actuator endpoint, and for keeping OTLP header values (API keys) out of the {@code env}
 * and {@code configprops} endpoints even when those show values.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = { AgentTracingDeliveryAutoConfiguration.class, AgentTracingShutdownAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAgentTracingEnabled
public final class AgentTracingEndpointAutoConfiguration {

	AgentTracingEndpointAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(AgentTracingEndpoint.class)
	@ConditionalOnBean(ExportAccounting.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AgentTracingEndpoint agentTracingEndpoint(Environment environment, BeanFactory beanFactory,
				AgentTracingProperties properties, ExportAccounting accounting, ObjectProvider<TraceFlusher> flusher,
				ObjectProvider<AgentTracer> agentTracer) {
			return new AgentTracingEndpoint(() -> EffectiveConfiguration.describe(environment, beanFactory, properties),
					accounting, flusher.getIfAvailable(), agentTracer.getIfAvailable());
		}

	}

	@Bean
	@ConditionalOnMissingBean(name = "agentTracingOtlpHeadersSanitizingFunction")
	SanitizingFunction agentTracingOtlpHeadersSanitizingFunction() {
		return (data) -> isOtlpHeader(data.getLowerCaseKey()) ? data.withSanitizedValue() : data;
	}

	static boolean isOtlpHeader(String lowerCaseKey) {
		return lowerCaseKey.contains("otlp") && lowerCaseKey.contains("headers");
	}

}

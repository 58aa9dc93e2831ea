package dev.agenttracing.autoconfigure;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import org.aspectj.weaver.Advice;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.aop.AgentRunAspect;
import dev.agenttracing.aop.ToolAspect;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for agent-tracing: the
 * {@link AgentTracer} on Boot's {@link OpenTelemetry} and the aspects for the
 * {@code @AgentRun} and {@code @Tool} annotations.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
// After Boot's SDK so that its OpenTelemetry bean is the one we trace with.
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({ OpenTelemetry.class, Context.class })
@ConditionalOnAgentTracingEnabled
@EnableConfigurationProperties(AgentTracingProperties.class)
public final class AgentTracingAutoConfiguration {

	AgentTracingAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	AgentTracer agentTracer(ObjectProvider<OpenTelemetry> openTelemetry, AgentTracingProperties properties) {
		// Without an OpenTelemetry bean (management.opentelemetry.enabled=false) spans are no-ops.
		return AgentTracer.builder(openTelemetry.getIfAvailable(OpenTelemetry::noop))
			.defaultProvider(properties.getDefaultProvider())
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Advice.class)
	static class AspectsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AgentRunAspect agentRunAspect(AgentTracer agentTracer, AgentTracingProperties properties) {
			return new AgentRunAspect(agentTracer, properties.getAspectOrder());
		}

		@Bean
		@ConditionalOnMissingBean
		ToolAspect toolAspect(AgentTracer agentTracer, AgentTracingProperties properties) {
			return new ToolAspect(agentTracer, properties.getAspectOrder());
		}

	}

}

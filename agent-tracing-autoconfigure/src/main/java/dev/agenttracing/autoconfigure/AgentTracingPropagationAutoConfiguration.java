package dev.agenttracing.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.opentelemetry.context.Context;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

import dev.agenttracing.context.OpenTelemetryContextTaskDecorator;
import dev.agenttracing.context.OpenTelemetryContextThreadLocalAccessor;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that carries the OpenTelemetry
 * {@link Context}, and with it the current agent run, across threads: a
 * {@link TaskDecorator} that Boot applies to the executors and schedulers it builds
 * ({@code applicationTaskExecutor}, {@code @Async}, {@code @Scheduled}, virtual threads
 * included), and, when Micrometer's context-propagation library is present, a
 * {@code ThreadLocalAccessor} registered in the global {@link ContextRegistry} for
 * context snapshots and Reactor.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({ Context.class, TaskDecorator.class })
@ConditionalOnAgentTracingEnabled
public final class AgentTracingPropagationAutoConfiguration {

	AgentTracingPropagationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	OpenTelemetryContextTaskDecorator agentTracingContextTaskDecorator() {
		return new OpenTelemetryContextTaskDecorator();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ContextRegistry.class)
	static class ContextPropagationConfiguration {

		// Registered when the bean is created, so that an application which defines its
		// own
		// accessor bean decides itself whether and when to register it.
		@Bean
		@ConditionalOnMissingBean
		OpenTelemetryContextThreadLocalAccessor agentTracingContextThreadLocalAccessor() {
			OpenTelemetryContextThreadLocalAccessor accessor = new OpenTelemetryContextThreadLocalAccessor();
			ContextRegistry.getInstance().registerThreadLocalAccessor(accessor);
			return accessor;
		}

		// Nothing injects the accessor: with lazy initialization it would never be
		// registered.
		@Bean
		@ConditionalOnMissingBean(name = "agentTracingContextThreadLocalAccessorLazyInitializationExcludeFilter")
		static LazyInitializationExcludeFilter agentTracingContextThreadLocalAccessorLazyInitializationExcludeFilter() {
			return LazyInitializationExcludeFilter.forBeanTypes(OpenTelemetryContextThreadLocalAccessor.class);
		}

	}

}

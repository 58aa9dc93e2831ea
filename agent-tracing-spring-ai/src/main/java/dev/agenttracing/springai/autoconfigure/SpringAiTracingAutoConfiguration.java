package dev.agenttracing.springai.autoconfigure;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.ConditionalOnAgentTracingEnabled;
import dev.agenttracing.springai.ChatClientCallerContextHandler;
import dev.agenttracing.springai.ChatModelTracingObservationHandler;
import dev.agenttracing.springai.ConfiguredServers;
import dev.agenttracing.springai.InactiveChatModelMeterObservationHandler;
import dev.agenttracing.springai.SpringAiTokenUsageCounterFilter;
import dev.agenttracing.springai.StreamingChatTracingAdvisor;
import dev.agenttracing.springai.ToolCallingTracingObservationHandler;
import dev.agenttracing.springai.ToolFailureRecordingProcessor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that traces Spring AI with no user code: observation handlers that
 * give Spring AI's chat model and tool calling observations agent-tracing's spans instead
 * of Micrometer's, the caller's context for streamed {@code ChatClient} calls, the first
 * chunk of streams, the failure of tools, and Spring AI's token counter kept out (our
 * histogram replaces it). It runs before Spring AI's chat observation auto-configuration,
 * whose token counter handler backs off when the application has one.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentTracingAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		beforeName = "org.springframework.ai.model.chat.observation.autoconfigure.ChatObservationAutoConfiguration")
@ConditionalOnClass({ ChatModel.class, ObservationHandler.class, Tracer.class, OtelSpan.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnBooleanProperty(name = SpringAiTracingProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean(AgentTracer.class)
@EnableConfigurationProperties(SpringAiTracingProperties.class)
public final class SpringAiTracingAutoConfiguration {

	SpringAiTracingAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Tracer.class)
	ChatModelTracingObservationHandler agentTracingChatModelObservationHandler(AgentTracer agentTracer, Tracer tracer,
			ObjectProvider<StreamingChatTracingAdvisor> streamingAdvisor, Environment environment) {
		return new ChatModelTracingObservationHandler(agentTracer, tracer, streamingAdvisor.getIfUnique(),
				ConfiguredServers.from(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Tracer.class)
	ToolCallingTracingObservationHandler agentTracingToolCallingObservationHandler(AgentTracer agentTracer,
			Tracer tracer) {
		return new ToolCallingTracingObservationHandler(agentTracer, tracer);
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ToolFailureRecordingPostProcessor agentTracingToolFailureRecordingPostProcessor(
			ObjectProvider<AgentTracer> agentTracer) {
		return new ToolFailureRecordingPostProcessor(agentTracer);
	}

	/**
	 * Spring AI's token counter, which agent-tracing's histogram of the same name
	 * replaces: its chat-model handler kept out, the counter of its other models denied.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterFilter.class)
	static class TokenCounterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpringAiTokenUsageCounterFilter agentTracingSpringAiTokenUsageCounterFilter() {
			return new SpringAiTokenUsageCounterFilter();
		}

		// Spring AI's ChatObservationAutoConfiguration backs off when this bean exists,
		// which is why this auto-configuration runs before it.
		@Bean
		@ConditionalOnMissingBean
		ChatModelMeterObservationHandler agentTracingInactiveChatModelMeterObservationHandler() {
			return new InactiveChatModelMeterObservationHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ChatClientCustomizer.class)
	static class ChatClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ChatClientCallerContextHandler agentTracingChatClientCallerContextHandler() {
			return new ChatClientCallerContextHandler();
		}

		@Bean
		@ConditionalOnMissingBean
		StreamingChatTracingAdvisor agentTracingStreamingChatAdvisor() {
			return new StreamingChatTracingAdvisor();
		}

		@Bean
		@ConditionalOnMissingBean(name = "agentTracingChatClientCustomizer")
		ChatClientCustomizer agentTracingChatClientCustomizer(StreamingChatTracingAdvisor advisor) {
			return (builder) -> builder.defaultAdvisors(advisor);
		}

	}

	/**
	 * Decorates the {@link ToolExecutionExceptionProcessor} beans so a tool's failure
	 * reaches its span; what Spring AI hands to the model stays what the processor
	 * returns.
	 */
	static final class ToolFailureRecordingPostProcessor implements BeanPostProcessor {

		private final ObjectProvider<AgentTracer> agentTracer;

		ToolFailureRecordingPostProcessor(ObjectProvider<AgentTracer> agentTracer) {
			this.agentTracer = agentTracer;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (bean instanceof ToolExecutionExceptionProcessor processor
					&& !(bean instanceof ToolFailureRecordingProcessor)) {
				AgentTracer tracer = this.agentTracer.getIfAvailable();
				if (tracer != null) {
					return new ToolFailureRecordingProcessor(processor, tracer);
				}
			}
			return bean;
		}

	}

}

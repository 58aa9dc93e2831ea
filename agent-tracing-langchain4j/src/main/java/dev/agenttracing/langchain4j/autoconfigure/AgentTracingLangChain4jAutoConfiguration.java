package dev.agenttracing.langchain4j.autoconfigure;

import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.ConditionalOnAgentTracingEnabled;
import dev.agenttracing.langchain4j.AgentTracingChatModelListener;
import dev.agenttracing.langchain4j.LangChain4jTracing;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that traces LangChain4j: installs the {@link AgentTracer} for
 * LangChain4j's AI services (their calls, model calls and tools), provides an
 * {@link AgentTracingChatModelListener} for models the application calls directly and,
 * with langchain4j-agentic, traces the agentic systems declared as beans (supervisors,
 * planner-based agents).
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentTracingAutoConfiguration.class)
@ConditionalOnClass({ ChatModel.class, AiServices.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnBooleanProperty(name = "agent.tracing.langchain4j.enabled", matchIfMissing = true)
@ConditionalOnBean(AgentTracer.class)
@EnableConfigurationProperties(LangChain4jTracingProperties.class)
public final class AgentTracingLangChain4jAutoConfiguration {

	// Static: post-processes the bean factory before the application's AI service beans
	// exist.
	@Bean
	@ConditionalOnMissingBean
	static LangChain4jTracingExpectation langChain4jTracingExpectation() {
		return new LangChain4jTracingExpectation();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LangChain4jTracing langChain4jTracing(AgentTracer agentTracer, LangChain4jTracingProperties properties) {
		return LangChain4jTracing.install(agentTracer, properties.getAgentNames());
	}

	@Bean
	@ConditionalOnMissingBean
	AgentTracingChatModelListener agentTracingChatModelListener(AgentTracer agentTracer) {
		return AgentTracingChatModelListener.of(agentTracer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AgenticServices.class)
	static class AgenticConfiguration {

		// Static and infrastructure, as Spring's own post-processors: created before the
		// beans
		// it processes, without the configuration class.
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean
		static AgenticRootAgentPostProcessor agenticRootAgentPostProcessor() {
			return new AgenticRootAgentPostProcessor();
		}

	}

}

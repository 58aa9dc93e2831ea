package dev.agenttracing.langchain4j.autoconfigure;

import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.agenttracing.langchain4j.internal.AgenticRootAgents;

/**
 * Traces the langchain4j-agentic systems that an application declares as beans, such as a
 * supervisor or a planner-based agent, which langchain4j-agentic builds without an
 * extension point: a bean that is an agent with subagents gets agent-tracing's listener
 * ({@link AgenticRootAgents}) and is returned as it is, neither replaced nor proxied. A
 * workflow that already carries it from its builder is skipped.
 *
 * @author agent-tracing
 */
final class AgenticRootAgentPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		AgenticRootAgents.trace(bean);
		return bean;
	}

}

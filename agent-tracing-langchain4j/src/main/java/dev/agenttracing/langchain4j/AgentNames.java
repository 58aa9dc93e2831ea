package dev.agenttracing.langchain4j;

import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.agenttracing.annotation.AgentRun;

/**
 * The agent name of an AI service method's runs: the name configured for its interface,
 * else agent-tracing's {@code @AgentRun(name)} on the method or the interface, else
 * langchain4j-agentic's {@code @Agent(name)} on the method, else the interface's simple
 * name.
 *
 * @author agent-tracing
 */
final class AgentNames {

	private static final boolean agenticPresent = ClassUtils.isPresent("dev.langchain4j.agentic.Agent",
			AgentNames.class.getClassLoader());

	private AgentNames() {
	}

	static String nameOf(Class<?> aiServiceClass, @Nullable Method method, Map<String, String> configured) {
		String name = configured(aiServiceClass, configured);
		if (name != null) {
			return name;
		}
		if (method != null) {
			name = agentRunName(method);
			if (name != null) {
				return name;
			}
		}
		name = agentRunName(aiServiceClass);
		if (name != null) {
			return name;
		}
		if (method != null && agenticPresent) {
			name = AgenticAgentName.of(method);
			if (name != null) {
				return name;
			}
		}
		return aiServiceClass.getSimpleName();
	}

	static @Nullable String configured(Class<?> aiServiceClass, Map<String, String> configured) {
		if (configured.isEmpty()) {
			return null;
		}
		String name = configured.get(aiServiceClass.getName().replace('$', '.'));
		return StringUtils.hasText(name) ? name : null;
	}

	private static @Nullable String agentRunName(java.lang.reflect.AnnotatedElement element) {
		AgentRun agentRun = AnnotatedElementUtils.findMergedAnnotation(element, AgentRun.class);
		return (agentRun != null && StringUtils.hasText(agentRun.name())) ? agentRun.name() : null;
	}

	// Loaded only when langchain4j-agentic is on the class path.
	private static final class AgenticAgentName {

		static @Nullable String of(Method method) {
			dev.langchain4j.agentic.Agent agent = method.getAnnotation(dev.langchain4j.agentic.Agent.class);
			return (agent != null && StringUtils.hasText(agent.name())) ? agent.name() : null;
		}

	}

}

package dev.agenttracing.langchain4j;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;

/**
 * Lets tests in other packages see which tracer AI services report to.
 *
 * @author agent-tracing
 */
public final class LangChain4jTracingAccess {

	private LangChain4jTracingAccess() {
	}

	public static @Nullable AgentTracer installed() {
		return LangChain4jTracing.current();
	}

}

package dev.agenttracing.langchain4j;

import dev.langchain4j.service.AiServiceContext;
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

	public static boolean isTraced(AiServiceContext context) {
		return context instanceof TracedAiServiceContext;
	}

	public static boolean isPlain(AiServiceContext context) {
		return context.getClass() == TracingAiServiceContextFactory.PlainAiServiceContext.class;
	}

}

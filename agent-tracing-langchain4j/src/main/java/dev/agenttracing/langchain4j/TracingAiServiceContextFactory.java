package dev.agenttracing.langchain4j;

import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.spi.services.AiServiceContextFactory;

/**
 * Gives every LangChain4j AI service a {@link TracedAiServiceContext}, registered through
 * {@code META-INF/services}: LangChain4j creates AI service contexts with the first factory
 * its {@code ServiceLoader} finds. The contexts trace only while a tracer is installed
 * ({@link LangChain4jTracing}); otherwise they behave exactly like LangChain4j's own.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class TracingAiServiceContextFactory implements AiServiceContextFactory {

	@Override
	public AiServiceContext create(Class<?> aiServiceClass) {
		return new TracedAiServiceContext(aiServiceClass);
	}

}

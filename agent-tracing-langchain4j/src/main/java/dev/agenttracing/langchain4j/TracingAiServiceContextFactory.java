package dev.agenttracing.langchain4j;

import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.spi.services.AiServiceContextFactory;

/**
 * Gives every LangChain4j AI service a {@link TracedAiServiceContext}, registered through
 * {@code META-INF/services}: LangChain4j creates AI service contexts with the first
 * factory its {@code ServiceLoader} finds. While no tracer is installed or expected
 * ({@link LangChain4jTracing}), for instance with {@code agent.tracing.enabled=false}, it
 * hands back LangChain4j's own plain context (a subclass that declares nothing, as its
 * constructor is protected), so nothing of agent-tracing's is created but this factory,
 * which {@code ServiceLoader} instantiates for any jar on the class path. A traced
 * context traces only while a tracer is installed and otherwise behaves like
 * LangChain4j's own.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class TracingAiServiceContextFactory implements AiServiceContextFactory {

	@Override
	public AiServiceContext create(Class<?> aiServiceClass) {
		return LangChain4jTracing.active() ? new TracedAiServiceContext(aiServiceClass)
				: new PlainAiServiceContext(aiServiceClass);
	}

	/**
	 * LangChain4j's own context, unchanged: its constructor is protected, so this
	 * subclass declares nothing but the constructor that calls it.
	 */
	static final class PlainAiServiceContext extends AiServiceContext {

		PlainAiServiceContext(Class<?> aiServiceClass) {
			super(aiServiceClass);
		}

	}

}

package dev.agenttracing;

import org.jspecify.annotations.Nullable;

/**
 * The work {@link AgentTracer} traces: a {@code Callable} that may throw any exception,
 * so checked exceptions pass through unchanged.
 *
 * @param <T> the result type
 * @param <E> the exception type the work may throw
 * @author agent-tracing
 * @since 0.1.0
 */
@FunctionalInterface
public interface TracedCallable<T extends @Nullable Object, E extends Throwable> {

	/**
	 * Do the work.
	 * @return the result, which may be a {@link java.util.concurrent.CompletionStage}
	 * @throws E when the work fails
	 */
	T call() throws E;

}

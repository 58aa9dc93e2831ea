package dev.agenttracing;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps an operation's span open over a Reactor {@link Flux} or {@link Mono} until it
 * terminates or is cancelled. Only touched when {@link TracedOperation#REACTOR_PRESENT}, so
 * Reactor stays optional.
 *
 * @author agent-tracing
 */
final class ReactorSupport {

	private ReactorSupport() {
	}

	static boolean isReactive(Object value) {
		return value instanceof Flux<?> || value instanceof Mono<?>;
	}

	static Object decorate(Object value, TracedOperation operation) {
		if (value instanceof Flux<?> flux) {
			operation.markStreaming();
			return flux.doOnNext(operation::onStreamElement)
				.doOnError(operation::endExceptionally)
				.doOnComplete(operation::end)
				.doOnCancel(operation::cancel);
		}
		Mono<?> mono = (Mono<?>) value;
		return mono.doOnNext(operation::onValue)
			.doOnError(operation::endExceptionally)
			.doOnSuccess((result) -> operation.end())
			.doOnCancel(operation::cancel);
	}

}

package dev.agenttracing;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agenttracing.context.ScopedPublishers;

/**
 * Keeps an operation's span open over a Reactor {@link Flux} or {@link Mono} until it
 * terminates or is cancelled, run in the operation's context (see
 * {@link ScopedPublishers}). Only touched when {@link ResultCompletion#REACTOR_PRESENT},
 * so Reactor stays optional.
 *
 * @author agent-tracing
 */
final class ReactiveCompletion {

	private ReactiveCompletion() {
	}

	static boolean isReactive(Object value) {
		return value instanceof Flux<?> || value instanceof Mono<?>;
	}

	static Object decorate(Object value, OperationSignals operation) {
		if (value instanceof Flux<?> flux) {
			operation.markStreaming();
			return ScopedPublishers.scoped(flux.doOnNext(operation::onStreamElement)
				.doOnError(operation::endExceptionally)
				.doOnComplete(operation::end)
				.doOnCancel(operation::cancel), operation.context());
		}
		Mono<?> mono = (Mono<?>) value;
		return ScopedPublishers.scoped(mono.doOnNext(operation::onValue)
			.doOnError(operation::endExceptionally)
			.doOnSuccess((result) -> operation.end())
			.doOnCancel(operation::cancel), operation.context());
	}

}

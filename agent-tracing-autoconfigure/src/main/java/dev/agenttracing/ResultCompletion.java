package dev.agenttracing;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.agenttracing.support.TracingFaults;

/**
 * Ends an operation when the value its traced work returned is complete: a
 * {@link CompletionStage} or a Reactor publisher keeps it open until it completes,
 * anything else ends it at once.
 *
 * @author agent-tracing
 */
final class ResultCompletion {

	static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Flux",
			ResultCompletion.class.getClassLoader());

	private ResultCompletion() {
	}

	/**
	 * Handle the value the traced work returned.
	 * @param operation the operation
	 * @param result the traced work's return value
	 * @return the value to hand to the caller: {@code result} itself, or for a Reactor
	 * type the same stream with end-of-span hooks
	 */
	static @Nullable Object complete(OperationSignals operation, @Nullable Object result) {
		try {
			if (result == null || result instanceof String) {
				// The commonest results, told apart by one class comparison:
				// testing for an interface (CompletionStage) scans the class's
				// interfaces on every call.
				operation.onValue(result);
				operation.endReturned();
				return result;
			}
			if (result instanceof CompletionStage<?> stage) {
				stage.whenComplete((value, failure) -> {
					if (failure == null) {
						operation.onValue(value);
						operation.end();
					}
					else {
						operation.endExceptionally(unwrap(failure));
					}
				});
				return result;
			}
			if (REACTOR_PRESENT && ReactiveCompletion.isReactive(result)) {
				return ReactiveCompletion.decorate(result, operation);
			}
			operation.onValue(result);
			operation.endReturned();
		}
		catch (Throwable ex) {
			TracingFaults.report("completing a span", ex);
			operation.end();
		}
		return result;
	}

	// A future's failure arrives wrapped; the error type is the cause the work threw.
	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}

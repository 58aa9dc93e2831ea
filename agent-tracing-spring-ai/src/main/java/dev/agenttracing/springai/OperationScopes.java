package dev.agenttracing.springai;

import java.util.ArrayDeque;

import io.micrometer.observation.Observation;
import io.opentelemetry.context.Scope;

import dev.agenttracing.StartedOperation;

/**
 * The scopes our operations have open for Spring AI observations, per thread. Micrometer
 * opens and closes an observation's scopes in order on each thread, possibly on several
 * threads at once (Reactor's context propagation); one stack per thread keeps each close
 * matched with its open. A thread keeps its (empty) stack between observations: dropping
 * it when empty made every model call and tool allocate a new one, and an empty
 * {@link ArrayDeque} is a few dozen bytes per thread that ever opened a scope.
 *
 * @author agent-tracing
 */
final class OperationScopes {

	private static final ThreadLocal<ArrayDeque<Entry>> OPEN = ThreadLocal.withInitial(() -> new ArrayDeque<>(4));

	private OperationScopes() {
	}

	static void open(Observation.Context context, StartedOperation operation) {
		OPEN.get().push(new Entry(context, operation.makeCurrent()));
	}

	static void close(Observation.Context context) {
		ArrayDeque<Entry> open = OPEN.get();
		Entry top = open.peek();
		if (top != null && top.context() == context) {
			open.pop();
			top.scope().close();
		}
	}

	/**
	 * Micrometer resets the scopes of the current observation: close every one we opened
	 * for it.
	 */
	static void reset(Observation.Context context) {
		ArrayDeque<Entry> open = OPEN.get();
		while (!open.isEmpty() && open.peek().context() == context) {
			open.pop().scope().close();
		}
	}

	private record Entry(Observation.Context context, Scope scope) {
	}

}

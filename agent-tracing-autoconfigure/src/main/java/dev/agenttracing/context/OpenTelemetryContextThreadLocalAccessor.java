package dev.agenttracing.context;

import java.util.ArrayDeque;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ThreadLocalAccessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * A Micrometer context-propagation {@link ThreadLocalAccessor} for the current
 * OpenTelemetry {@link Context}. Registered in the global {@link ContextRegistry}, it
 * lets everything that propagates with {@link ContextSnapshot}s carry the OpenTelemetry
 * context, and with it the current agent run: Spring's
 * {@code ContextPropagatingTaskDecorator}
 * ({@code spring.task.execution.propagate-context=true}), Reactor's {@code handle} and
 * {@code tap} operators, and every operator once Reactor's automatic context propagation
 * is on ({@code spring.reactor.context-propagation=auto}).
 * <p>
 * Accessors are applied in registration order and restored in reverse. Registered after
 * the ones that Micrometer loads itself (such as the observation accessor), this one is
 * applied last: a restored observation (an HTTP server span) does not hide the agent
 * run's span.
 * <p>
 * Each value is made current with {@link Context#makeCurrent()}; the scopes are kept per
 * thread and closed in reverse order on restore. A snapshot without this key leaves the
 * current context alone rather than clearing it.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class OpenTelemetryContextThreadLocalAccessor implements ThreadLocalAccessor<Context> {

	/**
	 * The key under which the OpenTelemetry context is registered and stored in snapshots
	 * and in Reactor's context.
	 */
	public static final String KEY = "dev.agenttracing.otel-context";

	// Shared by all instances: a scope opened by one instance is closed even if another
	// instance was registered in between.
	private static final ThreadLocal<@Nullable ArrayDeque<Scope>> scopes = new ThreadLocal<>();

	@Override
	public Object key() {
		return KEY;
	}

	/**
	 * The current context, or {@code null} when it is the root context (nothing to
	 * carry).
	 * @return the current context or {@code null}
	 */
	@Override
	public @Nullable Context getValue() {
		Context current = Context.current();
		return (current != Context.root()) ? current : null;
	}

	@Override
	public void setValue(Context value) {
		push(value.makeCurrent());
	}

	/**
	 * Leaves the current context as it is. A snapshot without this key (a Reactor context
	 * that only holds an observation, with automatic propagation on) must not clear the
	 * OpenTelemetry context: other accessors, such as the observation's, have just
	 * restored their span into it.
	 */
	@Override
	public void setValue() {
		push(Scope.noop());
	}

	@Override
	public void restore(Context previousValue) {
		closeLatest();
	}

	@Override
	public void restore() {
		closeLatest();
	}

	private static void push(Scope scope) {
		ArrayDeque<Scope> stack = scopes.get();
		if (stack == null) {
			stack = new ArrayDeque<>(4);
			scopes.set(stack);
		}
		stack.push(scope);
	}

	private static void closeLatest() {
		ArrayDeque<Scope> stack = scopes.get();
		if (stack == null) {
			return;
		}
		Scope scope = stack.poll();
		if (stack.isEmpty()) {
			// Pooled threads keep nothing once every scope is closed.
			scopes.remove();
		}
		if (scope != null) {
			scope.close();
		}
	}

}

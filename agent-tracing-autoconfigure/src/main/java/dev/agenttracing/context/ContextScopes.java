package dev.agenttracing.context;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import dev.agenttracing.support.TracingFaults;

/**
 * Makes an OpenTelemetry context current without ever throwing into the traced code.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ContextScopes {

	private ContextScopes() {
	}

	/**
	 * Make a context current; a fault is reported and leaves the current context as it
	 * is.
	 * @param context the context
	 * @return the scope to close
	 */
	public static Scope attach(Context context) {
		try {
			return context.makeCurrent();
		}
		catch (Throwable ex) {
			TracingFaults.report("making a span current", ex);
			return Scope.noop();
		}
	}

}

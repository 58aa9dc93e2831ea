package dev.agenttracing.springai;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;

import dev.agenttracing.StartedOperation;

/**
 * What the chat model and tool calling handlers share: the operation each observation
 * started (kept in the observation's context), made current in the observation's scopes,
 * and the order that puts them ahead of Micrometer's default tracing handler.
 *
 * @param <T> the observation context this handler traces
 * @author agent-tracing
 * @since 0.1.0
 */
public abstract class OperationObservationHandler<T extends Observation.Context>
		implements TracingObservationHandler<T>, Ordered {

	/** Ahead of Micrometer's default tracing handler and its propagating ones. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private final Class<T> contextType;

	private final Tracer tracer;

	OperationObservationHandler(Class<T> contextType, Tracer tracer) {
		Assert.notNull(tracer, "'tracer' must not be null");
		this.contextType = contextType;
		this.tracer = tracer;
	}

	/** The operation this observation started, if tracing could start one. */
	static @Nullable StartedOperation operationOf(Observation.Context context) {
		return context.get(StartedOperation.class);
	}

	@Override
	public void onScopeOpened(T context) {
		StartedOperation operation = operationOf(context);
		if (operation != null) {
			OperationScopes.open(context, operation);
		}
	}

	@Override
	public void onScopeClosed(T context) {
		OperationScopes.close(context);
	}

	@Override
	public void onScopeReset(T context) {
		OperationScopes.reset(context);
	}

	@Override
	public void onEvent(Observation.Event event, T context) {
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.contextType.isInstance(context);
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

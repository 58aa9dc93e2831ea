package dev.agenttracing;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * One started operation (agent run, tool execution or LLM call): its span and the context
 * that makes it current. Ends exactly once, whatever path gets there first; never throws.
 *
 * @author agent-tracing
 */
final class TracedOperation {

	private final Span span;

	private final Context context;

	private final AtomicBoolean ended = new AtomicBoolean();

	TracedOperation(Span span, Context context) {
		this.span = span;
		this.context = context;
	}

	Span span() {
		return this.span;
	}

	Context context() {
		return this.context;
	}

	@Nullable Scope makeCurrent() {
		try {
			return this.context.makeCurrent();
		}
		catch (Throwable ex) {
			TracingFaults.report("making a span current", ex);
			return null;
		}
	}

	/**
	 * Handle the value the traced work returned: an asynchronous result keeps the span open
	 * until it completes; anything else ends it now. The value itself is returned untouched.
	 * @param result the traced work's return value
	 */
	void completeWith(@Nullable Object result) {
		try {
			if (result instanceof CompletionStage<?> stage) {
				stage.whenComplete((value, failure) -> {
					if (failure == null) {
						end();
					}
					else {
						endExceptionally(unwrap(failure));
					}
				});
				return;
			}
			end();
		}
		catch (Throwable ex) {
			TracingFaults.report("completing a span", ex);
		}
	}

	/**
	 * End the span after a failure. A cancellation is recorded as such, not as an error.
	 * @param cause what the traced work threw or its future completed with
	 */
	void endExceptionally(Throwable cause) {
		try {
			if (cause instanceof CancellationException) {
				this.span.setAttribute(GenAiAttributes.CANCELLED, true);
			}
			else {
				this.span.setStatus(StatusCode.ERROR);
				this.span.setAttribute(GenAiAttributes.ERROR_TYPE, cause.getClass().getName());
				this.span.recordException(cause);
			}
			end();
		}
		catch (Throwable ex) {
			TracingFaults.report("recording a failure on a span", ex);
		}
	}

	void end() {
		if (this.ended.compareAndSet(false, true)) {
			try {
				this.span.end();
			}
			catch (Throwable ex) {
				TracingFaults.report("ending a span", ex);
			}
		}
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

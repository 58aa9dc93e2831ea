package dev.agenttracing;

import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * What an asynchronous result reports to the operation that returned it, so that
 * {@link ResultCompletion} and {@link ReactiveCompletion} know the operation by these
 * signals alone.
 *
 * @author agent-tracing
 */
interface OperationSignals {

	/** The context the result runs in: the operation's. */
	Context context();

	/** The result is a stream of elements. */
	void markStreaming();

	/** A streamed element arrived. */
	void onStreamElement(@Nullable Object element);

	/** The traced work returned a plain value on the caller's thread: end now. */
	void endReturned();

	/** The single value arrived. */
	void onValue(@Nullable Object value);

	/** The result failed. */
	void endExceptionally(Throwable cause);

	/** The result completed. */
	void end();

	/** The subscriber cancelled. */
	void cancel();

}

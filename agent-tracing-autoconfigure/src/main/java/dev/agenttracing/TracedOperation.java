package dev.agenttracing;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.context.ContextScopes;
import dev.agenttracing.internal.MicrometerTracingBridge;
import dev.agenttracing.metrics.FinishedOperation;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * What every started operation shares, whatever its kind: its span, the context that
 * makes it current, ending exactly once whatever path gets there first (return, failure,
 * future, stream, cancellation), and the content of its successful result. Never throws.
 * What a kind adds (a run's roll-up, an LLM call's usage, a tool's name) lives in its
 * subclass: {@link AgentRunOperation}, {@link ToolOperation}, {@link LlmCallOperation}.
 *
 * @author agent-tracing
 */
abstract class TracedOperation implements OperationSignals {

	private static final AtomicIntegerFieldUpdater<TracedOperation> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(TracedOperation.class, "ended");

	final Instruments instruments;

	final Span span;

	/**
	 * The run this operation is or belongs to; {@code null} for an operation outside
	 * runs.
	 */
	final @Nullable RunState run;

	final String operationName;

	private final Context context;

	// Read for metrics (and an LLM call's time to first chunk) only: not taken otherwise.
	final long startNanos;

	// 0 or 1, set once through the updater: no AtomicBoolean object per operation.
	private volatile int ended;

	private volatile boolean streaming;

	/**
	 * Where the successful result's content goes; {@code null} when content is not
	 * recorded.
	 */
	private volatile @Nullable OutputContent output;

	TracedOperation(Instruments instruments, Span span, Context parent, String operationName, @Nullable RunState run,
			boolean timed) {
		this.instruments = instruments;
		this.span = span;
		this.operationName = operationName;
		this.run = run;
		this.startNanos = (timed || instruments.recordsMetrics()) ? System.nanoTime() : 0;
		this.context = storeIn(MicrometerTracingBridge.withoutBridgeSpan(parent).with(span));
	}

	/**
	 * Add what finds this operation to its context; called from the constructor (base
	 * fields set).
	 */
	abstract Context storeIn(Context context);

	/**
	 * Before the span ends: write usage and cost to it and report them to the run;
	 * returns them.
	 */
	abstract @Nullable TokenUsage summarize();

	/** What the operation's metrics record; an LLM call adds its model and usage. */
	FinishedOperation finished(@Nullable String errorType, double durationSeconds, @Nullable TokenUsage totals) {
		return new FinishedOperation(this.operationName, provider(), null, null, errorType, durationSeconds, null, null,
				null, null, this.instruments.pricing().currency());
	}

	/** The provider the metrics name, if any. */
	@Nullable String provider() {
		return null;
	}

	/** Called once the span has ended (and reached every span processor). */
	void afterEnd() {
	}

	/** Apply what an LLM result says; only an LLM call reads it. */
	void record(LlmResult result) {
	}

	/** A streamed element; only an LLM call reads it. */
	@Override
	public void onStreamElement(@Nullable Object element) {
	}

	final Span span() {
		return this.span;
	}

	/**
	 * The context that makes this operation current: its span, and its run or LLM call.
	 */
	@Override
	public final Context context() {
		return this.context;
	}

	final boolean isEnded() {
		return this.ended != 0;
	}

	final Scope makeCurrent() {
		return ContextScopes.attach(this.context);
	}

	/**
	 * Handle the value the traced work returned (see {@link ResultCompletion}).
	 * @param result the traced work's return value
	 * @return the value to hand to the caller
	 */
	final @Nullable Object completeWith(@Nullable Object result) {
		return ResultCompletion.complete(this, result);
	}

	/**
	 * Record the content of the successful result under {@code key}, as {@code render}
	 * makes it (redacted JSON, or {@code null} to record nothing). Never for a stream's
	 * elements.
	 * @param key the attribute key
	 * @param render turns the result into the attribute value
	 */
	final void captureOutput(AttributeKey<String> key, Function<Object, @Nullable String> render) {
		this.output = new OutputContent(key, render);
	}

	/**
	 * Record content that is known at once (input, arguments), if it could be made safe.
	 */
	final void setContent(AttributeKey<String> key, @Nullable String value) {
		if (value != null) {
			safely(() -> this.span.setAttribute(key, value));
		}
	}

	/** The final value: its content (when recorded) and what its kind reads from it. */
	@Override
	public final void onValue(@Nullable Object value) {
		onValue(value, !this.streaming);
	}

	/**
	 * The result an integration reports when it ends the operation: the whole answer,
	 * also after a stream (a framework's aggregated response), so its content is
	 * recorded.
	 */
	final void onResult(@Nullable Object value) {
		onValue(value, true);
	}

	/**
	 * Read the final value.
	 * @param value the value, or {@code null}
	 * @param recordContent whether its content is recorded (not for a stream's last
	 * element)
	 */
	void onValue(@Nullable Object value, boolean recordContent) {
		OutputContent output = this.output;
		if (output != null && value != null && recordContent) {
			recordOutput(output.key(), () -> output.render().apply(value));
		}
	}

	/** Record the output content {@code render} makes, unless the operation has ended. */
	final void recordOutput(AttributeKey<String> key, Supplier<@Nullable String> render) {
		if (this.ended == 0) {
			try {
				setContent(key, render.get());
			}
			catch (Throwable ex) {
				TracingFaults.report("recording output content", ex);
			}
		}
	}

	@Override
	public void markStreaming() {
		this.streaming = true;
	}

	/**
	 * End the span after a failure. A cancellation is recorded as such, not as an error.
	 * @param cause what the traced work threw or its future completed with
	 */
	@Override
	public final void endExceptionally(Throwable cause) {
		if (cause instanceof CancellationException) {
			cancel();
			return;
		}
		if (this.ended != 0) {
			return;
		}
		String errorType = cause.getClass().getName();
		safely(() -> {
			this.span.setStatus(StatusCode.ERROR);
			this.span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
			this.span.addEvent(GenAiAttributes.EXCEPTION_EVENT,
					ExceptionEvent.attributes(cause, this.instruments.content()));
		});
		finish(errorType);
	}

	/**
	 * End the span as failed without an exception: an error the traced work reported as a
	 * value (a tool result marked as an error, a protocol error code).
	 * @param errorType the {@code error.type} value
	 */
	final void endWithError(String errorType) {
		if (this.ended != 0) {
			return;
		}
		safely(() -> {
			this.span.setStatus(StatusCode.ERROR);
			this.span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
		});
		finish(errorType);
	}

	@Override
	public final void cancel() {
		if (this.ended == 0) {
			safely(() -> this.span.setAttribute(GenAiAttributes.CANCELLED, true));
			finish(null);
		}
	}

	@Override
	public final void end() {
		finish(null);
	}

	private void finish(@Nullable String errorType) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			summarizeAndEnd(errorType);
		}
	}

	/**
	 * End after the traced work returned a plain value, on the caller's thread. Only
	 * futures and streams can end an operation from elsewhere, so nothing races this end
	 * and it needs no compare-and-set.
	 */
	@Override
	public final void endReturned() {
		if (this.ended == 0) {
			ENDED.lazySet(this, 1);
			summarizeAndEnd(null);
		}
	}

	private void summarizeAndEnd(@Nullable String errorType) {
		try {
			TokenUsage totals = summarize();
			// Without metrics nothing reads the finished operation: it is not built.
			if (this.instruments.recordsMetrics()) {
				this.instruments.record(finished(errorType, (System.nanoTime() - this.startNanos) / 1e9, totals));
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("summarizing an operation", ex);
		}
		try {
			this.span.end();
		}
		catch (Throwable ex) {
			TracingFaults.report("ending a span", ex);
		}
		finally {
			afterEnd();
		}
	}

	/** Write a cost and its currency to the span, when known. */
	final void writeCost(@Nullable Double cost) {
		if (cost != null) {
			this.span.setAttribute(GenAiAttributes.COST, cost);
			this.span.setAttribute(GenAiAttributes.COST_CURRENCY, this.instruments.pricing().currency());
		}
	}

	static void safely(Runnable action) {
		try {
			action.run();
		}
		catch (Throwable ex) {
			TracingFaults.report("setting a span attribute", ex);
		}
	}

	private record OutputContent(AttributeKey<String> key, Function<Object, @Nullable String> render) {
	}

}

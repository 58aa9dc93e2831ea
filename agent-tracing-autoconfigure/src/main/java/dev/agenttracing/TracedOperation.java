package dev.agenttracing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * One started operation (agent run, tool execution or LLM call): its span, the context that
 * makes it current, and what it learns until it ends. Ends exactly once, whatever path gets
 * there first (return, failure, future, stream, cancellation); never throws.
 *
 * @author agent-tracing
 */
final class TracedOperation {

	enum Kind {

		AGENT, TOOL, LLM

	}

	static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Flux",
			TracedOperation.class.getClassLoader());

	private static final ContextKey<TracedOperation> LLM_CALL = ContextKey.named("dev.agenttracing.llm-call");

	static final ContextKey<TracedOperation> TOOL_KEY = ContextKey.named("dev.agenttracing.tool");

	private final Instruments instruments;

	private final Kind kind;

	private final Span span;

	private final Context context;

	private final String operationName;

	private final @Nullable String provider;

	private final @Nullable String requestModel;

	/** The run this operation is (AGENT) or belongs to (TOOL, LLM); {@code null} outside runs. */
	private final @Nullable RunState run;

	// Read for metrics and for an LLM call's time to first chunk only: not taken otherwise.
	private final long startNanos;

	private final @Nullable TokenUsage usage;

	private static final AtomicIntegerFieldUpdater<TracedOperation> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(TracedOperation.class, "ended");

	private static final AtomicIntegerFieldUpdater<TracedOperation> FIRST_CHUNK_SEEN = AtomicIntegerFieldUpdater
		.newUpdater(TracedOperation.class, "firstChunkSeen");

	// 0 or 1, set once through the updaters: no AtomicBoolean objects per operation.
	private volatile int ended;

	private volatile int firstChunkSeen;

	private volatile @Nullable String responseModel;

	private volatile @Nullable Double timeToFirstChunkSeconds;

	private volatile boolean streaming;

	// Set once, before the operation is current anywhere.
	private @Nullable String toolName;

	/** Where the successful result's content goes; {@code null} when content is not recorded. */
	private volatile @Nullable OutputContent output;

	TracedOperation(Instruments instruments, Kind kind, Span span, Context parent, String operationName,
			@Nullable String provider, @Nullable String requestModel, @Nullable RunState run) {
		this.instruments = instruments;
		this.kind = kind;
		this.span = span;
		this.operationName = operationName;
		this.provider = provider;
		this.requestModel = requestModel;
		this.run = run;
		this.usage = (kind == Kind.LLM) ? new TokenUsage() : null;
		this.startNanos = (kind == Kind.LLM || instruments.recordsMetrics()) ? System.nanoTime() : 0;
		Context context = MicrometerTracingBridge.withoutBridgeSpan(parent).with(span);
		if (kind == Kind.AGENT && run != null) {
			context = run.storeIn(context);
		}
		else if (kind == Kind.LLM) {
			context = context.with(LLM_CALL, this);
		}
		else if (kind == Kind.TOOL) {
			context = context.with(TOOL_KEY, this);
		}
		this.context = context;
		if (kind == Kind.AGENT) {
			instruments.runsInFlight().started();
		}
	}

	static @Nullable TracedOperation currentLlmCall() {
		return Context.current().get(LLM_CALL);
	}

	static @Nullable TracedOperation currentTool() {
		return Context.current().get(TOOL_KEY);
	}

	Kind kind() {
		return this.kind;
	}

	/** A tool execution's tool name, to recognise a nested start of the same execution. */
	@Nullable String toolName() {
		return this.toolName;
	}

	void setToolName(String toolName) {
		this.toolName = toolName;
	}

	Span span() {
		return this.span;
	}

	/** The context that makes this operation current: its span, and its run or LLM call. */
	Context context() {
		return this.context;
	}

	boolean isEnded() {
		return this.ended != 0;
	}

	Scope makeCurrent() {
		return attach(this.context);
	}

	/**
	 * Make a context current; a fault is reported and leaves the current context as it is.
	 * @param context the context
	 * @return the scope to close
	 */
	static Scope attach(Context context) {
		try {
			return context.makeCurrent();
		}
		catch (Throwable ex) {
			TracingFaults.report("making a span current", ex);
			return Scope.noop();
		}
	}

	/**
	 * Handle the value the traced work returned: an asynchronous result keeps the span open
	 * until it completes; anything else ends it now.
	 * @param result the traced work's return value
	 * @return the value to hand to the caller: {@code result} itself, or for a Reactor type the
	 * same stream with end-of-span hooks
	 */
	@Nullable Object completeWith(@Nullable Object result) {
		try {
			if (result instanceof CompletionStage<?> stage) {
				stage.whenComplete((value, failure) -> {
					if (failure == null) {
						onValue(value);
						end();
					}
					else {
						endExceptionally(unwrap(failure));
					}
				});
				return result;
			}
			if (result != null && REACTOR_PRESENT && ReactorSupport.isReactive(result)) {
				return ReactorSupport.decorate(result, this);
			}
			onValue(result);
			endReturned();
		}
		catch (Throwable ex) {
			TracingFaults.report("completing a span", ex);
			end();
		}
		return result;
	}

	/**
	 * Record the content of the successful result under {@code key}, as {@code render} makes
	 * it (redacted JSON, or {@code null} to record nothing). Never for a stream's elements.
	 * @param key the attribute key
	 * @param render turns the result into the attribute value
	 */
	void captureOutput(AttributeKey<String> key, Function<Object, @Nullable String> render) {
		this.output = new OutputContent(key, render);
	}

	/** Record content that is known at once (input, arguments), if it could be made safe. */
	void setContent(AttributeKey<String> key, @Nullable String value) {
		if (value != null) {
			safely(() -> this.span.setAttribute(key, value));
		}
	}

	/** The final value: its content (when recorded) and, for an LLM call, its response and usage. */
	void onValue(@Nullable Object value) {
		onValue(value, !this.streaming);
	}

	/**
	 * The result an integration reports when it ends the operation: the whole answer, also
	 * after a stream (a framework's aggregated response), so its content is recorded.
	 */
	void onResult(@Nullable Object value) {
		onValue(value, true);
	}

	private void onValue(@Nullable Object value, boolean recordContent) {
		OutputContent output = this.output;
		if (output != null && value != null && recordContent && this.ended == 0) {
			try {
				setContent(output.key(), output.render().apply(value));
			}
			catch (Throwable ex) {
				TracingFaults.report("recording output content", ex);
			}
		}
		readLlmResult(value);
	}

	/** Read an LLM call's final value or stream element (response attributes and usage). */
	private void readLlmResult(@Nullable Object value) {
		if (this.kind != Kind.LLM || value == null) {
			return;
		}
		LlmResult result = this.instruments.readResult(value);
		if (result != null) {
			record(result);
		}
	}

	/** A streamed element: the first one marks the time to first chunk. */
	void onStreamElement(@Nullable Object element) {
		if (this.kind == Kind.LLM && FIRST_CHUNK_SEEN.compareAndSet(this, 0, 1)) {
			double seconds = (System.nanoTime() - this.startNanos) / 1e9;
			this.timeToFirstChunkSeconds = seconds;
			safely(() -> this.span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, seconds));
		}
		readLlmResult(element);
	}

	void markStreaming() {
		this.streaming = true;
		if (this.kind == Kind.LLM) {
			safely(() -> this.span.setAttribute(GenAiAttributes.REQUEST_STREAM, true));
		}
	}

	/** Apply what an LLM result says; later results win for the counts they report. */
	void record(LlmResult result) {
		if (this.usage == null || this.ended != 0) {
			return;
		}
		try {
			String model = result.responseModel();
			if (model != null) {
				this.responseModel = model;
				this.span.setAttribute(GenAiAttributes.RESPONSE_MODEL, model);
			}
			String id = result.responseId();
			if (id != null) {
				this.span.setAttribute(GenAiAttributes.RESPONSE_ID, id);
			}
			List<String> finishReasons = result.finishReasons();
			if (finishReasons != null && !finishReasons.isEmpty()) {
				this.span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.copyOf(finishReasons));
			}
			this.usage.set(result);
		}
		catch (Throwable ex) {
			TracingFaults.report("reading an LLM result", ex);
		}
	}

	/**
	 * End the span after a failure. A cancellation is recorded as such, not as an error.
	 * @param cause what the traced work threw or its future completed with
	 */
	void endExceptionally(Throwable cause) {
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
			this.span.addEvent(GenAiAttributes.EXCEPTION_EVENT, exceptionAttributes(cause));
		});
		finish(errorType);
	}

	/**
	 * End the span as failed without an exception: an error the traced work reported as a value
	 * (a tool result marked as an error, a protocol error code).
	 * @param errorType the {@code error.type} value
	 */
	void endWithError(String errorType) {
		if (this.ended != 0) {
			return;
		}
		safely(() -> {
			this.span.setStatus(StatusCode.ERROR);
			this.span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
		});
		finish(errorType);
	}

	void cancel() {
		if (this.ended == 0) {
			safely(() -> this.span.setAttribute(GenAiAttributes.CANCELLED, true));
			finish(null);
		}
	}

	void end() {
		finish(null);
	}

	private void finish(@Nullable String errorType) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			summarizeAndEnd(errorType);
		}
	}

	/**
	 * End after the traced work returned a plain value, on the caller's thread. Only futures and
	 * streams can end an operation from elsewhere, so nothing races this end and it needs no
	 * compare-and-set.
	 */
	private void endReturned() {
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
				this.instruments.record(new FinishedOperation(this.operationName, effectiveProvider(),
						this.requestModel, this.responseModel, errorType, (System.nanoTime() - this.startNanos) / 1e9,
						(totals != null && this.kind == Kind.LLM) ? totals.input() : null,
						(totals != null && this.kind == Kind.LLM) ? totals.output() : null,
						this.timeToFirstChunkSeconds,
						(totals != null && this.kind == Kind.LLM) ? totals.cost() : null,
						this.instruments.pricing().currency()));
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
			// After the span has reached every span processor: see RunsInFlight.
			if (this.kind == Kind.AGENT) {
				this.instruments.runsInFlight().ended();
			}
		}
	}

	/** Write usage and cost to the span and report them to the run; returns what was written. */
	private @Nullable TokenUsage summarize() {
		if (this.kind == Kind.LLM && this.usage != null) {
			TokenUsage totals = this.usage.snapshot();
			ModelPricing.Price price = this.instruments.pricing().priceOf(this.responseModel, this.requestModel);
			if (price != null) {
				totals.setCost(price.cost(totals.input(), totals.output(), totals.cacheRead()));
			}
			totals.applyTo(this.span, true);
			writeCost(totals.cost());
			if (this.run != null) {
				this.run.usage().add(totals);
				this.run.offerProvider(this.provider);
			}
			return totals;
		}
		if (this.kind == Kind.AGENT && this.run != null) {
			TokenUsage totals = this.run.usage().snapshot();
			// The v1.41 invoke_agent span lists input, output and cache token counts, not reasoning.
			totals.applyTo(this.span, false);
			writeCost(totals.cost());
			if (this.provider == null && this.run.discoveredProvider() != null) {
				this.span.setAttribute(GenAiAttributes.PROVIDER_NAME, this.run.discoveredProvider());
			}
			RunState parent = this.run.parent();
			if (parent != null) {
				parent.usage().add(totals);
				parent.offerProvider(effectiveProvider());
			}
			return totals;
		}
		return null;
	}

	private void writeCost(@Nullable Double cost) {
		if (cost != null) {
			this.span.setAttribute(GenAiAttributes.COST, cost);
			this.span.setAttribute(GenAiAttributes.COST_CURRENCY, this.instruments.pricing().currency());
		}
	}

	private @Nullable String effectiveProvider() {
		if (this.provider != null) {
			return this.provider;
		}
		return (this.kind == Kind.AGENT && this.run != null) ? this.run.discoveredProvider() : null;
	}

	/**
	 * The {@code exception} event's attributes, as {@code Span.recordException} would write
	 * them but with the message and stack trace redacted (content recording on or off); a text
	 * that cannot be redacted is left out. The span status carries no description, so the
	 * message reaches the span only here.
	 */
	private Attributes exceptionAttributes(Throwable cause) {
		ContentRecorder content = this.instruments.content();
		AttributesBuilder attributes = Attributes.builder().put(GenAiAttributes.EXCEPTION_TYPE, cause.getClass().getName());
		String message = content.redactText(cause.getMessage());
		if (message != null) {
			attributes.put(GenAiAttributes.EXCEPTION_MESSAGE, message);
		}
		StringWriter stackTrace = new StringWriter();
		cause.printStackTrace(new PrintWriter(stackTrace));
		String redactedTrace = content.redactText(stackTrace.toString());
		if (redactedTrace != null) {
			attributes.put(GenAiAttributes.EXCEPTION_STACKTRACE, redactedTrace);
		}
		return attributes.build();
	}

	private record OutputContent(AttributeKey<String> key, Function<Object, @Nullable String> render) {
	}

	private static void safely(Runnable action) {
		try {
			action.run();
		}
		catch (Throwable ex) {
			TracingFaults.report("setting a span attribute", ex);
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

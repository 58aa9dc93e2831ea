package dev.agenttracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.support.TracingFaults;

/**
 * An agent run, tool execution or model call started by
 * {@link AgentTracer#startAgentRun}, {@link AgentTracer#startTool} or
 * {@link AgentTracer#startLlmCall} and ended later: the extension point for framework
 * integrations whose hooks report a start and an end in separate callbacks (observation
 * handlers, model listeners, protocol interceptors).
 *
 * <pre class="code">
 * StartedOperation call = agentTracer.startLlmCall(LlmCallSpec.chat("gpt-4o").provider("openai"), null);
 * try (Scope scope = call.makeCurrent()) {
 *     response = client.chat(request);
 * }
 * catch (RuntimeException ex) {
 *     call.endExceptionally(ex);
 *     throw ex;
 * }
 * call.end(response);  // read by the LlmResultExtractor beans
 * </pre>
 *
 * The operation ends exactly once: the first {@code end*} call wins, later ones do
 * nothing. No method throws; a fault inside tracing is logged once. An operation that
 * tracing could not start does nothing ({@link #isRecording()} is {@code false}).
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class StartedOperation {

	private static final StartedOperation NONE = new StartedOperation(null);

	private final @Nullable TracedOperation operation;

	private StartedOperation(@Nullable TracedOperation operation) {
		this.operation = operation;
	}

	static StartedOperation of(@Nullable TracedOperation operation) {
		return (operation != null) ? new StartedOperation(operation) : NONE;
	}

	/**
	 * Whether this handle stands for an operation that is traced and not yet ended.
	 * @return {@code false} when tracing could not start it, or once it has ended
	 */
	public boolean isRecording() {
		return this.operation != null && !this.operation.isEnded();
	}

	/**
	 * The context in which this operation is current: its span, and its run or model
	 * call. Hand it to work that runs elsewhere (another thread, a callback) to keep it
	 * in the trace.
	 * @return the context, or the current context when nothing is traced
	 */
	public Context context() {
		return (this.operation != null) ? this.operation.context() : Context.current();
	}

	/**
	 * Make this operation current on this thread, so that operations started inside are
	 * its children. Close the scope on the same thread.
	 * @return the scope to close
	 */
	public Scope makeCurrent() {
		return (this.operation != null) ? this.operation.makeCurrent() : Scope.noop();
	}

	/**
	 * Set an attribute on the operation's span, for attributes a framework knows and the
	 * specs do not carry (request parameters, protocol attributes). Use the keys of
	 * {@link dev.agenttracing.semconv.GenAiAttributes} where one exists. Does nothing
	 * once the operation has ended.
	 * @param <T> the value type
	 * @param key the attribute key
	 * @param value the value
	 * @return this
	 */
	public <T> StartedOperation setAttribute(AttributeKey<T> key, T value) {
		TracedOperation operation = this.operation;
		if (operation != null && !operation.isEnded()) {
			try {
				operation.span().setAttribute(key, value);
			}
			catch (Throwable ex) {
				TracingFaults.report("setting an attribute", ex);
			}
		}
		return this;
	}

	/**
	 * Report what a model call answered (model, id, finish reasons, token usage); later
	 * reports win for the values they carry. Only model calls read it.
	 * @param result the result
	 * @return this
	 */
	public StartedOperation result(LlmResult result) {
		Assert.notNull(result, "'result' must not be null");
		if (this.operation != null) {
			this.operation.record(result);
		}
		return this;
	}

	/**
	 * Mark a model call as streamed and, on its first call, record the time to first
	 * chunk. Call it for every chunk or only for the first; {@code chunk} is read for
	 * usage like {@link #result(LlmResult)} when an extractor understands it.
	 * @param chunk the streamed element, or {@code null} when the caller reads it itself
	 * @return this
	 */
	public StartedOperation streamed(@Nullable Object chunk) {
		TracedOperation operation = this.operation;
		if (operation != null && !operation.isEnded()) {
			try {
				operation.markStreaming();
				operation.onStreamElement(chunk);
			}
			catch (Throwable ex) {
				TracingFaults.report("recording a streamed chunk", ex);
			}
		}
		return this;
	}

	/**
	 * End the operation successfully. {@code value} is its result: recorded as output
	 * content when content recording is on (after a stream too: the whole answer, as a
	 * framework aggregates it), and for a model call read for usage by the
	 * {@link LlmResultExtractor} beans.
	 * @param value the result, or {@code null} for none
	 */
	public void end(@Nullable Object value) {
		TracedOperation operation = this.operation;
		if (operation != null && !operation.isEnded()) {
			try {
				operation.onResult(value);
			}
			catch (Throwable ex) {
				TracingFaults.report("reading an operation's result", ex);
			}
			operation.end();
		}
	}

	/**
	 * End the operation as failed with the exception the work threw: status ERROR,
	 * {@code error.type} its class name, a redacted {@code exception} event. A
	 * {@link java.util.concurrent.CancellationException} marks it cancelled instead.
	 * @param cause what the work threw
	 */
	public void endExceptionally(Throwable cause) {
		Assert.notNull(cause, "'cause' must not be null");
		if (this.operation != null) {
			this.operation.endExceptionally(cause);
		}
	}

	/**
	 * End the operation as failed without an exception, for an error reported as a value
	 * (a tool result flagged as an error, a protocol error code).
	 * @param errorType the {@code error.type} value, such as {@code tool_error}
	 */
	public void endWithError(String errorType) {
		Assert.hasText(errorType, "'errorType' must not be empty");
		if (this.operation != null) {
			this.operation.endWithError(errorType);
		}
	}

	/**
	 * End the operation as cancelled ({@code agent_tracing.cancelled=true}), not as an
	 * error.
	 */
	public void cancel() {
		if (this.operation != null) {
			this.operation.cancel();
		}
	}

}

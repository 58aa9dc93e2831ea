package dev.agenttracing.springai;

import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.util.Assert;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;

/**
 * Decorates the application's {@link ToolExecutionExceptionProcessor} (an interface
 * Spring AI takes for exactly this: what happens when a tool throws) to end the tool's
 * span as failed, with the tool's own exception as {@code error.type}, before Spring AI
 * turns the failure into the result the model sees. What the delegate returns or throws
 * is passed on unchanged.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ToolFailureRecordingProcessor implements ToolExecutionExceptionProcessor {

	private final ToolExecutionExceptionProcessor delegate;

	private final AgentTracer agentTracer;

	/**
	 * Decorate a processor.
	 * @param delegate the processor that decides what the model sees
	 * @param agentTracer the tracer whose current tool execution failed
	 */
	public ToolFailureRecordingProcessor(ToolExecutionExceptionProcessor delegate, AgentTracer agentTracer) {
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(agentTracer, "'agentTracer' must not be null");
		this.delegate = delegate;
		this.agentTracer = agentTracer;
	}

	@Override
	public String process(ToolExecutionException exception) {
		try {
			StartedOperation tool = this.agentTracer.currentTool();
			if (tool.isRecording()) {
				tool.endExceptionally(toolFailure(exception));
			}
		}
		catch (Throwable ex) {
			TracingFaultLog.report("recording a Spring AI tool failure", ex);
		}
		return this.delegate.process(exception);
	}

	/** The decorated processor. */
	public ToolExecutionExceptionProcessor getDelegate() {
		return this.delegate;
	}

	/**
	 * What the tool itself threw: Spring AI wraps it in a {@link ToolExecutionException}.
	 * @param failure the failure Spring AI reports
	 * @return the tool's exception, or {@code failure} when it wraps none
	 */
	static Throwable toolFailure(Throwable failure) {
		if (failure instanceof ToolExecutionException && failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

}

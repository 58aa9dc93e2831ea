package dev.agenttracing.export;

import java.time.Duration;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Counts agent runs ({@code invoke_agent} spans of agent-tracing) that have started and not yet
 * ended, so a graceful shutdown can let them finish before the final flush. A counting
 * {@link SpanProcessor} only: it exports nothing, and its callbacks never block.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class InFlightAgentRuns implements SpanProcessor {

	private final Object monitor = new Object();

	private int running;

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (isAgentRun(span)) {
			synchronized (this.monitor) {
				this.running++;
			}
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (isAgentRun(span)) {
			synchronized (this.monitor) {
				this.running = Math.max(0, this.running - 1);
				this.monitor.notifyAll();
			}
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/**
	 * Number of agent runs in flight.
	 * @return the count
	 */
	public int getRunning() {
		synchronized (this.monitor) {
			return this.running;
		}
	}

	/**
	 * Wait until no agent run is in flight, or the timeout elapses.
	 * @param timeout how long to wait at most
	 * @return {@code true} if no run is in flight
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.running > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.monitor.wait(Math.max(1, left / 1_000_000));
			}
			return true;
		}
	}

	private static boolean isAgentRun(ReadableSpan span) {
		return GenAiAttributes.INSTRUMENTATION_SCOPE.equals(span.getInstrumentationScopeInfo().getName())
				&& GenAiAttributes.OPERATION_INVOKE_AGENT.equals(span.getAttribute(GenAiAttributes.OPERATION_NAME));
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "InFlightAgentRuns{running=" + getRunning() + "}";
	}

}

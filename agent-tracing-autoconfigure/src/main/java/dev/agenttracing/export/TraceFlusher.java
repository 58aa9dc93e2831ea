package dev.agenttracing.export;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

import dev.agenttracing.AgentTracer;

/**
 * Flushes every buffered span on a graceful shutdown, after in-flight agent runs have
 * finished, and on demand (the actuator {@code flush} operation).
 * <p>
 * As a {@link SmartLifecycle} it stops in phase {@link #PHASE}, below the web server's
 * stop phase: by then the server has drained its requests. It waits for agent runs still
 * in flight, then calls {@link SdkTracerProvider#forceFlush()} and waits for it, all
 * within the flush timeout. The final shutdown of the SDK stays with bean destruction.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class TraceFlusher implements SmartLifecycle {

	/**
	 * Lifecycle phase: 1024 below Boot's web server start/stop phase
	 * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}), so it stops after
	 * the server has stopped accepting and finished its requests.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private static final Log logger = LogFactory.getLog(TraceFlusher.class);

	private final Supplier<@Nullable SdkTracerProvider> tracerProvider;

	private final @Nullable AgentTracer agentTracer;

	private final Duration timeout;

	private final @Nullable ExportStatistics accounting;

	private volatile boolean running;

	/**
	 * Create a flusher.
	 * @param tracerProvider supplies the SDK tracer provider, or {@code null} if there is
	 * none
	 * @param agentTracer the tracer whose agent runs in flight a shutdown waits for, or
	 * {@code null} not to wait for runs
	 * @param timeout how long a flush (including the wait for runs) may take
	 */
	public TraceFlusher(Supplier<@Nullable SdkTracerProvider> tracerProvider, @Nullable AgentTracer agentTracer,
			Duration timeout) {
		this(tracerProvider, agentTracer, timeout, null);
	}

	/**
	 * Create a flusher that names, when a shutdown flush does not finish, the queues
	 * still holding spans.
	 * @param tracerProvider supplies the SDK tracer provider, or {@code null} if there is
	 * none
	 * @param agentTracer the tracer whose agent runs in flight a shutdown waits for, or
	 * {@code null} not to wait for runs
	 * @param timeout how long a flush (including the wait for runs) may take
	 * @param accounting the export counters with the batch queues, or {@code null}
	 */
	public TraceFlusher(Supplier<@Nullable SdkTracerProvider> tracerProvider, @Nullable AgentTracer agentTracer,
			Duration timeout, @Nullable ExportStatistics accounting) {
		this.tracerProvider = tracerProvider;
		this.agentTracer = agentTracer;
		this.timeout = timeout;
		this.accounting = accounting;
	}

	/**
	 * Flush every buffered span to every exporter, waiting at most the configured
	 * timeout.
	 * @return the outcome
	 */
	public FlushResult flush() {
		return flush(this.timeout);
	}

	private FlushResult flush(Duration timeout) {
		long start = System.nanoTime();
		SdkTracerProvider provider = this.tracerProvider.get();
		if (provider == null) {
			return new FlushResult(Outcome.NO_SDK, Duration.ZERO);
		}
		try {
			CompletableResultCode result = provider.forceFlush()
				.join(Math.max(1, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
			Outcome outcome = !result.isDone() ? Outcome.TIMED_OUT
					: result.isSuccess() ? Outcome.FLUSHED : Outcome.FAILED;
			return new FlushResult(outcome, Duration.ofNanos(System.nanoTime() - start));
		}
		catch (RuntimeException ex) {
			logger.warn("Flushing spans failed", ex);
			return new FlushResult(Outcome.FAILED, Duration.ofNanos(System.nanoTime() - start));
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		long start = System.nanoTime();
		if (this.agentTracer != null) {
			try {
				if (!this.agentTracer.awaitNoRunsInFlight(this.timeout)) {
					logger.warn(this.agentTracer.getRunsInFlight() + " agent run(s) still in flight after "
							+ this.timeout + "; flushing what has finished");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Duration left = this.timeout.minusNanos(System.nanoTime() - start);
		FlushResult result = flush(left.isNegative() ? Duration.ofMillis(1) : left);
		if (result.outcome() == Outcome.FLUSHED || result.outcome() == Outcome.NO_SDK) {
			logger.debug("Flushed spans on shutdown in " + result.duration().toMillis() + " ms");
		}
		else {
			logger.warn("Flushing spans on shutdown: " + result.outcome() + " after " + result.duration().toMillis()
					+ " ms (agent.tracing.shutdown.flush-timeout=" + this.timeout + ")" + stillQueued()
					+ "; see the agent-tracing export metrics for dropped spans");
		}
	}

	// Each destination has its own queue: say which ones did not drain (a hanging
	// collector's).
	private String stillQueued() {
		if (this.accounting == null) {
			return "";
		}
		String queued = this.accounting.getQueues()
			.stream()
			.filter((queue) -> queue.getSize() > 0)
			.map((queue) -> queue.getName() + " " + queue.getSize() + " of " + queue.getCapacity())
			.collect(Collectors.joining(", "));
		return queued.isEmpty() ? "" : "; spans still queued: " + queued;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The configured flush timeout.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * How a flush ended.
	 */
	public enum Outcome {

		/** Every exporter confirmed the flush. */
		FLUSHED,

		/** An exporter reported failure. */
		FAILED,

		/** The flush did not finish within the timeout. */
		TIMED_OUT,

		/** There is no OpenTelemetry SDK tracer provider to flush. */
		NO_SDK

	}

	/**
	 * The outcome of a flush.
	 *
	 * @param outcome how it ended
	 * @param duration how long it took
	 */
	public record FlushResult(Outcome outcome, Duration duration) {

	}

}

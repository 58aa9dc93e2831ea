package dev.agenttracing.export;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * What happened to the spans given to one exporter: the counting side, used by the export
 * path in this package; everything else reads it as {@link ExporterStatistics}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ExporterStats implements ExporterStatistics {

	private final String name;

	private final AtomicLong exported = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final LongAdder droppedQueueFull = new LongAdder();

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastErrorTime;

	private volatile @Nullable Instant lastSuccessTime;

	private volatile boolean failing;

	ExporterStats(String name) {
		this.name = name;
	}

	/**
	 * Record a successful export.
	 * @param spans the number of spans exported
	 */
	void exported(int spans) {
		this.exported.addAndGet(spans);
		this.lastSuccessTime = Instant.now();
		this.failing = false;
	}

	/**
	 * Record a failed export: its spans are dropped.
	 * @param spans the number of spans lost
	 * @param error a description of the error, never a secret
	 */
	void failed(int spans, String error) {
		this.dropped.addAndGet(spans);
		this.failures.incrementAndGet();
		this.lastError = error;
		this.lastErrorTime = Instant.now();
		this.failing = true;
	}

	/**
	 * Record a failed export whose spans the spool kept: a failure, not a loss.
	 * @param spans the number of spans spooled
	 * @param error a description of the error, never a secret
	 */
	void spooled(int spans, String error) {
		this.failures.incrementAndGet();
		this.lastError = error;
		this.lastErrorTime = Instant.now();
		this.failing = true;
	}

	/**
	 * Record spans this exporter never saw because its batch queue was full.
	 * @param spans the number of spans lost
	 */
	void droppedQueueFull(long spans) {
		this.droppedQueueFull.add(spans);
	}

	public String getName() {
		return this.name;
	}

	/**
	 * Spans this exporter never saw because its batch queue was full.
	 * @return the count since startup
	 */
	public long getDroppedQueueFull() {
		return this.droppedQueueFull.sum();
	}

	public long getExported() {
		return this.exported.get();
	}

	public long getDropped() {
		return this.dropped.get();
	}

	public long getFailures() {
		return this.failures.get();
	}

	public @Nullable String getLastError() {
		return this.lastError;
	}

	public @Nullable Instant getLastErrorTime() {
		return this.lastErrorTime;
	}

	public @Nullable Instant getLastSuccessTime() {
		return this.lastSuccessTime;
	}

	/**
	 * Whether the most recent export failed.
	 * @return {@code true} until the next successful export
	 */
	public boolean isFailing() {
		return this.failing;
	}

}

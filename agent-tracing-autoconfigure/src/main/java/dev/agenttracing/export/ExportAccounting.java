package dev.agenttracing.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Counts what happens to finished spans on their way out: spans exported and spans dropped
 * (the batch queue was full, or an exporter failed), export failures, the last error and the
 * last success, per exporter. The counts feed the Micrometer meters, the health contributor and
 * the {@code agenttracing} actuator endpoint. Thread-safe and allocation-free on the hot path.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ExportAccounting {

	/** Exporter tag of spans dropped before any exporter saw them (the batch queue was full). */
	public static final String ALL_EXPORTERS = "all";

	private final Map<String, ExporterStats> exporters = new ConcurrentHashMap<>();

	// Added to by every thread that ends a span while the queue is full, read rarely: an adder.
	private final LongAdder droppedQueueFull = new LongAdder();

	private final List<Consumer<ExporterStats>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Register an exporter and return its statistics.
	 * @param name the exporter name, e.g. {@code otlp} or {@code jsonl}
	 * @return the exporter's statistics, shared by every caller with the same name
	 */
	public ExporterStats register(String name) {
		ExporterStats[] created = new ExporterStats[1];
		ExporterStats stats = this.exporters.computeIfAbsent(name, (key) -> created[0] = new ExporterStats(key));
		if (created[0] != null) {
			this.listeners.forEach((listener) -> listener.accept(stats));
		}
		return stats;
	}

	/**
	 * Call {@code listener} for every exporter registered so far and every one registered later.
	 * @param listener the listener
	 */
	public synchronized void onExporter(Consumer<ExporterStats> listener) {
		this.listeners.add(listener);
		this.exporters.values().forEach(listener);
	}

	/**
	 * Record spans that the batch processor dropped because its queue was full.
	 * @param count the number of spans
	 */
	public void droppedQueueFull(long count) {
		this.droppedQueueFull.add(count);
	}

	/**
	 * Spans dropped because the batch queue was full.
	 * @return the count since startup
	 */
	public long getDroppedQueueFull() {
		return this.droppedQueueFull.sum();
	}

	/**
	 * Statistics of every registered exporter, by name.
	 * @return a snapshot of the exporters, in name order
	 */
	public List<ExporterStats> getExporters() {
		List<ExporterStats> list = new ArrayList<>(this.exporters.values());
		list.sort((a, b) -> a.getName().compareTo(b.getName()));
		return list;
	}

	/**
	 * What happened to the spans given to one exporter.
	 */
	public static final class ExporterStats {

		private final String name;

		private final AtomicLong exported = new AtomicLong();

		private final AtomicLong dropped = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

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
		public void exported(int spans) {
			this.exported.addAndGet(spans);
			this.lastSuccessTime = Instant.now();
			this.failing = false;
		}

		/**
		 * Record a failed export: its spans are dropped.
		 * @param spans the number of spans lost
		 * @param error a description of the error, never a secret
		 */
		public void failed(int spans, String error) {
			this.dropped.addAndGet(spans);
			this.failures.incrementAndGet();
			this.lastError = error;
			this.lastErrorTime = Instant.now();
			this.failing = true;
		}

		public String getName() {
			return this.name;
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

}

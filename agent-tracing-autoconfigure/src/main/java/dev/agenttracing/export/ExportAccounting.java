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
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Counts what happens to finished spans on their way out: spans exported and spans dropped
 * (a batch queue was full, or an exporter failed), export failures, the last error and the
 * last success, per exporter; and, per batch queue, its size, capacity and the spans it
 * dropped. The counts feed the Micrometer meters, the health contributor and the
 * {@code agenttracing} actuator endpoint. Thread-safe and allocation-free on the hot path.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ExportAccounting {

	/**
	 * Name of the queue of Boot's batch processor, shared by Boot's OTLP exporter and the
	 * application's {@code SpanExporter} beans.
	 */
	public static final String BOOT_QUEUE = "boot";

	private final Map<String, ExporterStats> exporters = new ConcurrentHashMap<>();

	private final Map<String, QueueStats> queues = new ConcurrentHashMap<>();

	private final List<Consumer<ExporterStats>> listeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<QueueStats>> queueListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<SpoolStats>> spoolListeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable SpoolStats spool;

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
	 * Register a batch queue and return its statistics.
	 * @param name the queue name: {@value #BOOT_QUEUE} for Boot's batch processor, else the
	 * name of the one destination it serves, e.g. {@code jsonl}
	 * @return the queue's statistics, shared by every caller with the same name
	 */
	public QueueStats queue(String name) {
		QueueStats[] created = new QueueStats[1];
		QueueStats stats = this.queues.computeIfAbsent(name, (key) -> created[0] = new QueueStats(key));
		if (created[0] != null) {
			this.queueListeners.forEach((listener) -> listener.accept(stats));
		}
		return stats;
	}

	/**
	 * Call {@code listener} for every queue registered so far and every one registered later.
	 * @param listener the listener
	 */
	public synchronized void onQueue(Consumer<QueueStats> listener) {
		this.queueListeners.add(listener);
		this.queues.values().forEach(listener);
	}

	/**
	 * Register the spool of the OTLP exporter.
	 * @param spool the spool's statistics
	 */
	public synchronized void spool(SpoolStats spool) {
		this.spool = spool;
		this.spoolListeners.forEach((listener) -> listener.accept(spool));
	}

	/**
	 * Call {@code listener} for the spool, now if there is one already or once there is.
	 * @param listener the listener
	 */
	public synchronized void onSpool(Consumer<SpoolStats> listener) {
		this.spoolListeners.add(listener);
		SpoolStats spool = this.spool;
		if (spool != null) {
			listener.accept(spool);
		}
	}

	/**
	 * The spool's statistics.
	 * @return the spool's statistics, {@code null} when there is no spool
	 */
	public @Nullable SpoolStats getSpool() {
		return this.spool;
	}

	/**
	 * Statistics of every registered batch queue, by name.
	 * @return a snapshot of the queues, in name order
	 */
	public List<QueueStats> getQueues() {
		List<QueueStats> list = new ArrayList<>(this.queues.values());
		list.sort((a, b) -> a.getName().compareTo(b.getName()));
		return list;
	}

	/**
	 * Spans dropped because a batch queue was full, all queues together.
	 * @return the count since startup
	 */
	public long getDroppedQueueFull() {
		return this.queues.values().stream().mapToLong(QueueStats::getDropped).sum();
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

		/**
		 * Record a failed export whose spans the spool kept: a failure, not a loss.
		 * @param spans the number of spans spooled
		 * @param error a description of the error, never a secret
		 */
		public void spooled(int spans, String error) {
			this.failures.incrementAndGet();
			this.lastError = error;
			this.lastErrorTime = Instant.now();
			this.failing = true;
		}

		/**
		 * Record spans this exporter never saw because its batch queue was full.
		 * @param spans the number of spans lost
		 */
		public void droppedQueueFull(long spans) {
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

	/**
	 * One batch queue: its capacity, how many spans wait in it, and the spans it dropped
	 * because it was full. A drop is also counted for every exporter the queue serves.
	 */
	public static final class QueueStats {

		private static final LongSupplier EMPTY = () -> 0;

		private final String name;

		private final List<ExporterStats> exporters = new CopyOnWriteArrayList<>();

		// Added to by every thread that ends a span while the queue is full: an adder.
		private final LongAdder dropped = new LongAdder();

		private volatile int capacity;

		private volatile LongSupplier size = EMPTY;

		QueueStats(String name) {
			this.name = name;
		}

		/**
		 * Record spans dropped because the queue was full.
		 * @param spans the number of spans
		 */
		public void dropped(long spans) {
			this.dropped.add(spans);
			for (ExporterStats exporter : this.exporters) {
				exporter.droppedQueueFull(spans);
			}
		}

		/**
		 * Add an exporter that this queue feeds.
		 * @param exporter the exporter's statistics
		 */
		public void addExporter(ExporterStats exporter) {
			if (!this.exporters.contains(exporter)) {
				this.exporters.add(exporter);
			}
		}

		/**
		 * Set the configured capacity.
		 * @param capacity the maximum number of spans the queue holds
		 */
		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		/**
		 * Set where the current size is read from.
		 * @param size supplies the number of spans waiting
		 */
		public void setSize(LongSupplier size) {
			this.size = size;
		}

		public String getName() {
			return this.name;
		}

		/**
		 * The names of the exporters this queue feeds.
		 * @return the names, in registration order
		 */
		public List<String> getExporters() {
			return this.exporters.stream().map(ExporterStats::getName).toList();
		}

		public int getCapacity() {
			return this.capacity;
		}

		/**
		 * How many spans wait in the queue now.
		 * @return the size, {@code 0} before the first span
		 */
		public long getSize() {
			try {
				return this.size.getAsLong();
			}
			catch (RuntimeException ex) {
				return 0;
			}
		}

		/**
		 * Spans dropped because the queue was full.
		 * @return the count since startup
		 */
		public long getDropped() {
			return this.dropped.sum();
		}

	}

}

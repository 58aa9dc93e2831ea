package dev.agenttracing.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Counts what happens to finished spans on their way out: spans exported and spans
 * dropped (a batch queue was full, or an exporter failed), export failures, the last
 * error and the last success, per exporter; and, per batch queue, its size, capacity and
 * the spans it dropped. The counts feed the Micrometer meters, the health contributor and
 * the {@code agenttracing} actuator endpoint, which read it as {@link ExportStatistics};
 * only the export path counts, through {@link ExporterStats} and {@link QueueStats}.
 * Thread-safe and allocation-free on the hot path.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ExportAccounting implements ExportStatistics {

	/**
	 * Name of the queue of Boot's batch processor, shared by Boot's OTLP exporter and the
	 * application's {@code SpanExporter} beans.
	 */
	public static final String BOOT_QUEUE = "boot";

	private final Map<String, ExporterStats> exporters = new ConcurrentHashMap<>();

	private final Map<String, QueueStats> queues = new ConcurrentHashMap<>();

	private final List<Consumer<? super ExporterStats>> listeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<? super QueueStats>> queueListeners = new CopyOnWriteArrayList<>();

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
	 * Call {@code listener} for every exporter registered so far and every one registered
	 * later.
	 * @param listener the listener
	 */
	@Override
	public synchronized void onExporter(Consumer<? super ExporterStatistics> listener) {
		this.listeners.add(listener);
		this.exporters.values().forEach(listener);
	}

	/**
	 * Register a batch queue and return its statistics.
	 * @param name the queue name: {@value #BOOT_QUEUE} for Boot's batch processor, else
	 * the name of the one destination it serves, e.g. {@code jsonl}
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
	 * Call {@code listener} for every queue registered so far and every one registered
	 * later.
	 * @param listener the listener
	 */
	@Override
	public synchronized void onQueue(Consumer<? super QueueStatistics> listener) {
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
	@Override
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
	@Override
	public @Nullable SpoolStats getSpool() {
		return this.spool;
	}

	/**
	 * Statistics of every registered batch queue, by name.
	 * @return a snapshot of the queues, in name order
	 */
	@Override
	public List<QueueStats> getQueues() {
		List<QueueStats> list = new ArrayList<>(this.queues.values());
		list.sort((a, b) -> a.getName().compareTo(b.getName()));
		return list;
	}

	/**
	 * Spans dropped because a batch queue was full, all queues together.
	 * @return the count since startup
	 */
	@Override
	public long getDroppedQueueFull() {
		return this.queues.values().stream().mapToLong(QueueStats::getDropped).sum();
	}

	/**
	 * Statistics of every registered exporter, by name.
	 * @return a snapshot of the exporters, in name order
	 */
	@Override
	public List<ExporterStats> getExporters() {
		List<ExporterStats> list = new ArrayList<>(this.exporters.values());
		list.sort((a, b) -> a.getName().compareTo(b.getName()));
		return list;
	}

}

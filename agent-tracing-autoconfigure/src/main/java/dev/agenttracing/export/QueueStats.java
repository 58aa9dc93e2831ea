package dev.agenttracing.export;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One batch queue: its capacity, how many spans wait in it, and the spans it dropped
 * because it was full. A drop is also counted for every exporter the queue serves. The
 * counting side: the auto-configuration wires it ({@link #addExporter},
 * {@link #setCapacity}), the export path counts; everything else reads it as
 * {@link QueueStatistics}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class QueueStats implements QueueStatistics {

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
	void dropped(long spans) {
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
	void setSize(LongSupplier size) {
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

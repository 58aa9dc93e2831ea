package dev.agenttracing.export;

import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A read-only view of {@link ExportAccounting}: what the meters, the health contributor
 * and the actuator endpoint read. Only the export path itself counts, through the
 * accounting.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public interface ExportStatistics {

	/**
	 * Every exporter registered so far, in name order.
	 * @return a snapshot
	 */
	List<? extends ExporterStatistics> getExporters();

	/**
	 * Every batch queue registered so far, in name order.
	 * @return a snapshot
	 */
	List<? extends QueueStatistics> getQueues();

	/**
	 * Spans dropped because a batch queue was full, all queues together.
	 * @return the count since startup
	 */
	long getDroppedQueueFull();

	/**
	 * The spool's statistics.
	 * @return the statistics, {@code null} when there is no spool
	 */
	@Nullable SpoolStats getSpool();

	/**
	 * Call {@code listener} for every exporter registered so far and every one registered
	 * later.
	 * @param listener the listener
	 */
	void onExporter(Consumer<? super ExporterStatistics> listener);

	/**
	 * Call {@code listener} for every queue registered so far and every one registered
	 * later.
	 * @param listener the listener
	 */
	void onQueue(Consumer<? super QueueStatistics> listener);

	/**
	 * Call {@code listener} for the spool, now if there is one already or once there is.
	 * @param listener the listener
	 */
	void onSpool(Consumer<SpoolStats> listener);

}

package dev.agenttracing.export;

import java.util.List;

/**
 * One batch queue, read-only: what the meters and the actuator endpoint see.
 * {@link QueueStats} is the counting side.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public interface QueueStatistics {

	/**
	 * The queue's name: {@value ExportAccounting#BOOT_QUEUE} for Boot's, else its
	 * destination's.
	 * @return the name
	 */
	String getName();

	/**
	 * The names of the exporters this queue feeds.
	 * @return the names, in registration order
	 */
	List<String> getExporters();

	/**
	 * The configured capacity.
	 * @return the maximum number of spans the queue holds
	 */
	int getCapacity();

	/**
	 * How many spans wait in the queue now.
	 * @return the size
	 */
	long getSize();

	/**
	 * Spans dropped because the queue was full.
	 * @return the count since startup
	 */
	long getDropped();

}

package dev.agenttracing.export;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What happened to the spans given to one exporter, read-only: what the meters, the
 * health contributor and the actuator endpoint see. {@link ExporterStats} is the counting
 * side.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public interface ExporterStatistics {

	/**
	 * The exporter's name, such as {@code otlp-http} or {@code jsonl}.
	 * @return the name
	 */
	String getName();

	/**
	 * Spans exported since startup.
	 * @return the count
	 */
	long getExported();

	/**
	 * Spans lost because an export failed.
	 * @return the count
	 */
	long getDropped();

	/**
	 * Spans lost before the exporter saw them, because its batch queue was full.
	 * @return the count
	 */
	long getDroppedQueueFull();

	/**
	 * Failed export calls.
	 * @return the count
	 */
	long getFailures();

	/**
	 * The last error, never a secret.
	 * @return the description, or {@code null} before the first failure
	 */
	@Nullable String getLastError();

	/**
	 * When the last export failed.
	 * @return the time, or {@code null}
	 */
	@Nullable Instant getLastErrorTime();

	/**
	 * When the last export succeeded.
	 * @return the time, or {@code null}
	 */
	@Nullable Instant getLastSuccessTime();

	/**
	 * Whether the last export failed.
	 * @return whether the exporter is failing now
	 */
	boolean isFailing();

}

package dev.agenttracing.semconv;

/**
 * The names, tag keys and tag values of agent-tracing's own export meters
 * ({@code agent.tracing.export.*}), declared once: the meter binder, the actuator
 * endpoint and the tests read them from here.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ExportMetricNames {

	/** Spans a destination exported. */
	public static final String SPANS_EXPORTED = "agent.tracing.export.spans.exported";

	/** Spans a destination lost, tagged with the {@link #REASON_TAG reason}. */
	public static final String SPANS_DROPPED = "agent.tracing.export.spans.dropped";

	/** Failed export calls. */
	public static final String EXPORT_FAILURES = "agent.tracing.export.failures";

	/** Spans waiting in an export queue. */
	public static final String QUEUE_SIZE = "agent.tracing.export.queue.size";

	/** Capacity of an export queue. */
	public static final String QUEUE_CAPACITY = "agent.tracing.export.queue.capacity";

	/** Spans of the spool, tagged with the {@link #OUTCOME_TAG outcome}. */
	public static final String SPOOL_SPANS = "agent.tracing.export.spool.spans";

	/** Bytes the spool uses on disk. */
	public static final String SPOOL_SIZE = "agent.tracing.export.spool.size";

	/** Tag: the destination's name, such as {@code jsonl} or {@code otlp}. */
	public static final String EXPORTER_TAG = "exporter";

	/** Tag: why spans were dropped. */
	public static final String REASON_TAG = "reason";

	/** {@link #REASON_TAG} of spans the exporter failed to deliver. */
	public static final String REASON_EXPORT_FAILED = "export_failed";

	/** {@link #REASON_TAG} of spans a full queue turned away. */
	public static final String REASON_QUEUE_FULL = "queue_full";

	/** Tag: the queue's name. */
	public static final String QUEUE_TAG = "queue";

	/** Tag: what became of spooled spans. */
	public static final String OUTCOME_TAG = "outcome";

	/** {@link #OUTCOME_TAG} of spans written to the spool. */
	public static final String OUTCOME_SPOOLED = "spooled";

	/** {@link #OUTCOME_TAG} of spans sent again from the spool. */
	public static final String OUTCOME_RESENT = "resent";

	/** {@link #OUTCOME_TAG} of spans the spool lost. */
	public static final String OUTCOME_DROPPED = "dropped";

	private ExportMetricNames() {
	}

}

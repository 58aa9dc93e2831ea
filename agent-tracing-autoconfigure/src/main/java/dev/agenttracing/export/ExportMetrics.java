package dev.agenttracing.export;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes {@link ExportAccounting} as Micrometer counters, so they reach
 * {@code /actuator/metrics}, Prometheus and OTLP metrics:
 * <ul>
 * <li>{@value #SPANS_EXPORTED} (tag {@code exporter}): spans an exporter delivered;</li>
 * <li>{@value #SPANS_DROPPED} (tags {@code exporter}, {@code reason}): spans lost, per
 * exporter, with reason {@code export_failed}, or {@code queue_full} when the exporter's batch
 * queue overflowed before it saw them;</li>
 * <li>{@value #EXPORT_FAILURES} (tag {@code exporter}): failed export calls;</li>
 * <li>{@value #QUEUE_SIZE} and {@value #QUEUE_CAPACITY} (tag {@code queue}): spans waiting in
 * each batch queue ({@code boot} for Boot's, else the destination's name) and its capacity;</li>
 * <li>{@value #SPOOL_SPANS} (tag {@code outcome}: {@code spooled}, {@code resent},
 * {@code dropped}) and {@value #SPOOL_SIZE}, when the OTLP exporter has a spool.</li>
 * </ul>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ExportMetrics implements MeterBinder {

	/** Spans exported, by exporter. */
	public static final String SPANS_EXPORTED = "agent.tracing.export.spans.exported";

	/** Spans dropped, by exporter and reason. */
	public static final String SPANS_DROPPED = "agent.tracing.export.spans.dropped";

	/** Failed export calls, by exporter. */
	public static final String EXPORT_FAILURES = "agent.tracing.export.failures";

	/** Spans waiting in a batch queue, by queue. */
	public static final String QUEUE_SIZE = "agent.tracing.export.queue.size";

	/** Capacity of a batch queue, by queue. */
	public static final String QUEUE_CAPACITY = "agent.tracing.export.queue.capacity";

	/** Spans the spool kept, sent again or could not keep, by outcome. */
	public static final String SPOOL_SPANS = "agent.tracing.export.spool.spans";

	/** Bytes the spool's files use. */
	public static final String SPOOL_SIZE = "agent.tracing.export.spool.size";

	private final ExportAccounting accounting;

	/**
	 * Create a binder for the given accounting.
	 * @param accounting the accounting to publish
	 */
	public ExportMetrics(ExportAccounting accounting) {
		this.accounting = accounting;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.accounting.onExporter((stats) -> {
			FunctionCounter.builder(SPANS_EXPORTED, stats, ExportAccounting.ExporterStats::getExported)
				.description("Spans exported by agent-tracing's export path")
				.baseUnit("spans")
				.tag("exporter", stats.getName())
				.register(registry);
			FunctionCounter.builder(SPANS_DROPPED, stats, ExportAccounting.ExporterStats::getDropped)
				.description("Spans dropped by agent-tracing's export path")
				.baseUnit("spans")
				.tag("exporter", stats.getName())
				.tag("reason", "export_failed")
				.register(registry);
			FunctionCounter.builder(SPANS_DROPPED, stats, ExportAccounting.ExporterStats::getDroppedQueueFull)
				.description("Spans dropped by agent-tracing's export path")
				.baseUnit("spans")
				.tag("exporter", stats.getName())
				.tag("reason", "queue_full")
				.register(registry);
			FunctionCounter.builder(EXPORT_FAILURES, stats, ExportAccounting.ExporterStats::getFailures)
				.description("Failed span export calls")
				.tag("exporter", stats.getName())
				.register(registry);
		});
		this.accounting.onQueue((queue) -> {
			Gauge.builder(QUEUE_SIZE, queue, ExportAccounting.QueueStats::getSize)
				.description("Spans waiting in an agent-tracing export queue")
				.baseUnit("spans")
				.tag("queue", queue.getName())
				.register(registry);
			Gauge.builder(QUEUE_CAPACITY, queue, ExportAccounting.QueueStats::getCapacity)
				.description("Capacity of an agent-tracing export queue")
				.baseUnit("spans")
				.tag("queue", queue.getName())
				.register(registry);
		});
		this.accounting.onSpool((spool) -> {
			spoolCounter(registry, spool, "spooled", SpoolStats::getSpooled);
			spoolCounter(registry, spool, "resent", SpoolStats::getResent);
			spoolCounter(registry, spool, "dropped", SpoolStats::getDropped);
			Gauge.builder(SPOOL_SIZE, spool, SpoolStats::getSizeOnDisk)
				.description("Bytes used by the spool of spans the OTLP exporter could not deliver")
				.baseUnit("bytes")
				.register(registry);
		});
	}

	private static void spoolCounter(MeterRegistry registry, SpoolStats spool, String outcome,
			ToDoubleFunction<SpoolStats> count) {
		FunctionCounter.builder(SPOOL_SPANS, spool, count)
			.description("Spans the OTLP exporter could not deliver: spooled, sent again from the spool, or lost")
			.baseUnit("spans")
			.tag("outcome", outcome)
			.register(registry);
	}

}

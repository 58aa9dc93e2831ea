package dev.agenttracing.export;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.agenttracing.semconv.ExportMetricNames;

/**
 * Publishes {@link ExportStatistics} as Micrometer counters, so they reach
 * {@code /actuator/metrics}, Prometheus and OTLP metrics:
 * <ul>
 * <li>{@value #SPANS_EXPORTED} (tag {@code exporter}): spans an exporter delivered;</li>
 * <li>{@value #SPANS_DROPPED} (tags {@code exporter}, {@code reason}): spans lost, per
 * exporter, with reason {@code export_failed}, or {@code queue_full} when the exporter's
 * batch queue overflowed before it saw them;</li>
 * <li>{@value #EXPORT_FAILURES} (tag {@code exporter}): failed export calls;</li>
 * <li>{@value #QUEUE_SIZE} and {@value #QUEUE_CAPACITY} (tag {@code queue}): spans
 * waiting in each batch queue ({@code boot} for Boot's, else the destination's name) and
 * its capacity;</li>
 * <li>{@value #SPOOL_SPANS} (tag {@code outcome}: {@code spooled}, {@code resent},
 * {@code dropped}) and {@value #SPOOL_SIZE}, when the OTLP exporter has a spool.</li>
 * </ul>
 *
 * The names and tags are declared in {@link ExportMetricNames}; the constants here repeat
 * them for existing callers.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ExportMetrics implements MeterBinder {

	/** Spans exported, by exporter. */
	public static final String SPANS_EXPORTED = ExportMetricNames.SPANS_EXPORTED;

	/** Spans dropped, by exporter and reason. */
	public static final String SPANS_DROPPED = ExportMetricNames.SPANS_DROPPED;

	/** Failed export calls, by exporter. */
	public static final String EXPORT_FAILURES = ExportMetricNames.EXPORT_FAILURES;

	/** Spans waiting in a batch queue, by queue. */
	public static final String QUEUE_SIZE = ExportMetricNames.QUEUE_SIZE;

	/** Capacity of a batch queue, by queue. */
	public static final String QUEUE_CAPACITY = ExportMetricNames.QUEUE_CAPACITY;

	/** Spans the spool kept, sent again or could not keep, by outcome. */
	public static final String SPOOL_SPANS = ExportMetricNames.SPOOL_SPANS;

	/** Bytes the spool's files use. */
	public static final String SPOOL_SIZE = ExportMetricNames.SPOOL_SIZE;

	private final ExportStatistics accounting;

	/**
	 * Create a binder for the given accounting.
	 * @param accounting the accounting to publish
	 */
	public ExportMetrics(ExportStatistics accounting) {
		this.accounting = accounting;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.accounting.onExporter((stats) -> {
			FunctionCounter.builder(SPANS_EXPORTED, stats, ExporterStatistics::getExported)
				.description("Spans exported by agent-tracing's export path")
				.baseUnit("spans")
				.tag(ExportMetricNames.EXPORTER_TAG, stats.getName())
				.register(registry);
			FunctionCounter.builder(SPANS_DROPPED, stats, ExporterStatistics::getDropped)
				.description("Spans dropped by agent-tracing's export path")
				.baseUnit("spans")
				.tag(ExportMetricNames.EXPORTER_TAG, stats.getName())
				.tag(ExportMetricNames.REASON_TAG, ExportMetricNames.REASON_EXPORT_FAILED)
				.register(registry);
			FunctionCounter.builder(SPANS_DROPPED, stats, ExporterStatistics::getDroppedQueueFull)
				.description("Spans dropped by agent-tracing's export path")
				.baseUnit("spans")
				.tag(ExportMetricNames.EXPORTER_TAG, stats.getName())
				.tag(ExportMetricNames.REASON_TAG, ExportMetricNames.REASON_QUEUE_FULL)
				.register(registry);
			FunctionCounter.builder(EXPORT_FAILURES, stats, ExporterStatistics::getFailures)
				.description("Failed span export calls")
				.tag(ExportMetricNames.EXPORTER_TAG, stats.getName())
				.register(registry);
		});
		this.accounting.onQueue((queue) -> {
			Gauge.builder(QUEUE_SIZE, queue, QueueStatistics::getSize)
				.description("Spans waiting in an agent-tracing export queue")
				.baseUnit("spans")
				.tag(ExportMetricNames.QUEUE_TAG, queue.getName())
				.register(registry);
			Gauge.builder(QUEUE_CAPACITY, queue, QueueStatistics::getCapacity)
				.description("Capacity of an agent-tracing export queue")
				.baseUnit("spans")
				.tag(ExportMetricNames.QUEUE_TAG, queue.getName())
				.register(registry);
		});
		this.accounting.onSpool((spool) -> {
			spoolCounter(registry, spool, ExportMetricNames.OUTCOME_SPOOLED, SpoolStats::getSpooled);
			spoolCounter(registry, spool, ExportMetricNames.OUTCOME_RESENT, SpoolStats::getResent);
			spoolCounter(registry, spool, ExportMetricNames.OUTCOME_DROPPED, SpoolStats::getDropped);
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
			.tag(ExportMetricNames.OUTCOME_TAG, outcome)
			.register(registry);
	}

}

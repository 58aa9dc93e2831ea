package dev.agenttracing.export;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes {@link ExportAccounting} as Micrometer counters, so they reach
 * {@code /actuator/metrics}, Prometheus and OTLP metrics:
 * <ul>
 * <li>{@value #SPANS_EXPORTED} (tag {@code exporter}): spans an exporter delivered;</li>
 * <li>{@value #SPANS_DROPPED} (tags {@code exporter}, {@code reason}): spans lost, with reason
 * {@code export_failed} per exporter, or {@code queue_full} with exporter {@code all} when the
 * batch queue overflowed before any exporter saw them;</li>
 * <li>{@value #EXPORT_FAILURES} (tag {@code exporter}): failed export calls.</li>
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
		FunctionCounter.builder(SPANS_DROPPED, this.accounting, ExportAccounting::getDroppedQueueFull)
			.description("Spans dropped by agent-tracing's export path")
			.baseUnit("spans")
			.tag("exporter", ExportAccounting.ALL_EXPORTERS)
			.tag("reason", "queue_full")
			.register(registry);
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
			FunctionCounter.builder(EXPORT_FAILURES, stats, ExportAccounting.ExporterStats::getFailures)
				.description("Failed span export calls")
				.tag("exporter", stats.getName())
				.register(registry);
		});
	}

}

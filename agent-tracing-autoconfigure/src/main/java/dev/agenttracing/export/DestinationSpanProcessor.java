package dev.agenttracing.export;

import java.time.Duration;
import java.util.function.UnaryOperator;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.util.Assert;

/**
 * The bounded queue and worker of one of agent-tracing's own destinations (trace files,
 * the run log, and any destination added the same way): an OpenTelemetry SDK
 * {@link BatchSpanProcessor} of its own around that one exporter, counted in
 * {@link ExportAccounting} under the destination's name (spans exported, export failures,
 * spans dropped because the queue was full, the queue's size and capacity).
 * <p>
 * Registered as a {@link SpanProcessor} bean, which Boot adds to its
 * {@code SdkTracerProvider}; the exporter is not a {@code SpanExporter} bean, so Boot's
 * own batch processor never sees it and no span is exported twice. A destination that is
 * slow or failing fills only its own queue: a collector that is down costs the local
 * destinations nothing, and a slow disk costs the collector nothing.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class DestinationSpanProcessor implements SpanProcessor {

	/** Default of {@link Builder#maxQueueSize(int)}. */
	public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;

	/** Default of {@link Builder#maxBatchSize(int)}. */
	public static final int DEFAULT_MAX_BATCH_SIZE = 512;

	/** Default of {@link Builder#scheduleDelay(Duration)}. */
	public static final Duration DEFAULT_SCHEDULE_DELAY = Duration.ofSeconds(1);

	/** Default of {@link Builder#exportTimeout(Duration)}. */
	public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final SpanExporter exporter;

	private final BatchSpanProcessor batch;

	private final QueueStats queue;

	private DestinationSpanProcessor(Builder builder) {
		this.name = builder.name;
		this.exporter = builder.exporter;
		this.queue = builder.accounting.queue(builder.name);
		this.queue.setCapacity(builder.maxQueueSize);
		ExporterStats stats = builder.accounting.register(builder.name);
		this.queue.addExporter(stats);
		this.batch = BatchSpanProcessor
			.builder(builder.decorator.apply(new AccountingSpanExporter(builder.exporter, stats)))
			.setMaxQueueSize(builder.maxQueueSize)
			.setMaxExportBatchSize(builder.maxBatchSize)
			.setScheduleDelay(builder.scheduleDelay)
			.setExporterTimeout(builder.exportTimeout)
			.setExportUnsampledSpans(builder.exportUnsampledSpans)
			.setMeterProvider(new QueueDropCounter(this.queue))
			.build();
	}

	/**
	 * Start building the processor of one destination.
	 * @param name the destination's name, used as the {@code exporter} and {@code queue}
	 * tag
	 * @param exporter the destination's exporter, used by this processor only
	 * @param accounting where to count
	 * @return a builder
	 */
	public static Builder builder(String name, SpanExporter exporter, ExportAccounting accounting) {
		return new Builder(name, exporter, accounting);
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.batch.onEnd(span);
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode forceFlush() {
		return this.batch.forceFlush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.batch.shutdown();
	}

	/**
	 * The destination's name.
	 * @return the name, e.g. {@code jsonl}
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The destination's exporter, as given (not the counting decorator around it).
	 * @return the exporter
	 */
	public SpanExporter getExporter() {
		return this.exporter;
	}

	/**
	 * The statistics of this processor's queue.
	 * @return the queue's statistics
	 */
	public QueueStats getQueue() {
		return this.queue;
	}

	@Override
	public String toString() {
		return "DestinationSpanProcessor{" + this.name + ", " + this.exporter + "}";
	}

	/**
	 * Builds a {@link DestinationSpanProcessor}. The defaults are the SDK's, except the
	 * schedule delay (1s, so a finished run reaches a local destination soon).
	 */
	public static final class Builder {

		private final String name;

		private final SpanExporter exporter;

		private final ExportAccounting accounting;

		private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;

		private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;

		private Duration scheduleDelay = DEFAULT_SCHEDULE_DELAY;

		private Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;

		private boolean exportUnsampledSpans;

		private UnaryOperator<SpanExporter> decorator = UnaryOperator.identity();

		private Builder(String name, SpanExporter exporter, ExportAccounting accounting) {
			Assert.hasText(name, "'name' must not be empty");
			Assert.notNull(exporter, "'exporter' must not be null");
			Assert.notNull(accounting, "'accounting' must not be null");
			this.name = name;
			this.exporter = exporter;
			this.accounting = accounting;
		}

		/**
		 * How many spans the queue holds; beyond that, spans are dropped and counted.
		 * @param maxQueueSize the capacity (the SDK rounds it up to a power of two)
		 * @return this builder
		 */
		public Builder maxQueueSize(int maxQueueSize) {
			Assert.isTrue(maxQueueSize > 0, "'maxQueueSize' must be positive");
			this.maxQueueSize = maxQueueSize;
			return this;
		}

		/**
		 * How many spans one export call gets at most.
		 * @param maxBatchSize the batch size, at most the queue size
		 * @return this builder
		 */
		public Builder maxBatchSize(int maxBatchSize) {
			Assert.isTrue(maxBatchSize > 0, "'maxBatchSize' must be positive");
			this.maxBatchSize = maxBatchSize;
			return this;
		}

		/**
		 * How long the worker waits for a batch to fill before exporting what it has.
		 * @param scheduleDelay the delay
		 * @return this builder
		 */
		public Builder scheduleDelay(Duration scheduleDelay) {
			Assert.isTrue(scheduleDelay != null && scheduleDelay.toNanos() > 0, "'scheduleDelay' must be positive");
			this.scheduleDelay = scheduleDelay;
			return this;
		}

		/**
		 * How long one export call may take before the worker gives up on it.
		 * @param exportTimeout the timeout
		 * @return this builder
		 */
		public Builder exportTimeout(Duration exportTimeout) {
			Assert.isTrue(exportTimeout != null && exportTimeout.toNanos() > 0, "'exportTimeout' must be positive");
			this.exportTimeout = exportTimeout;
			return this;
		}

		/**
		 * Whether spans that are recorded but not sampled are exported too (Boot's
		 * {@code management.opentelemetry.tracing.export.include-unsampled}).
		 * @param exportUnsampledSpans whether to export unsampled spans
		 * @return this builder
		 */
		public Builder exportUnsampledSpans(boolean exportUnsampledSpans) {
			this.exportUnsampledSpans = exportUnsampledSpans;
			return this;
		}

		/**
		 * Wrap the counted exporter, for example in the application's span filters, so
		 * that what they leave out is neither exported nor counted.
		 * @param decorator makes the exporter the batch processor calls from the counted
		 * one
		 * @return this builder
		 */
		public Builder decorator(UnaryOperator<SpanExporter> decorator) {
			Assert.notNull(decorator, "'decorator' must not be null");
			this.decorator = decorator;
			return this;
		}

		/**
		 * Build the processor; its worker thread starts now.
		 * @return the processor
		 */
		public DestinationSpanProcessor build() {
			Assert.isTrue(this.maxBatchSize <= this.maxQueueSize, "'maxBatchSize' must not exceed 'maxQueueSize'");
			return new DestinationSpanProcessor(this);
		}

	}

}

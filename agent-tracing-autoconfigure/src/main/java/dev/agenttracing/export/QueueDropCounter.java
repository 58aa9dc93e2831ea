package dev.agenttracing.export;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * An OpenTelemetry {@link MeterProvider} that hears the batch span processor's own count of
 * spans it dropped because its queue was full, and records them in {@link ExportAccounting}.
 * <p>
 * Boot hands the {@code MeterProvider} bean to its {@code BatchSpanProcessor}; the processor
 * reports drops on its {@code processedSpans} counter with {@code dropped=true} (the SDK's
 * default, "legacy", internal telemetry). Every other instrument is a no-op, so nothing else
 * changes. Only used when the application has no {@code MeterProvider} of its own.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class QueueDropCounter implements MeterProvider {

	static final String TRACE_SDK_SCOPE = "io.opentelemetry.sdk.trace";

	static final String PROCESSED_SPANS = "processedSpans";

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private final ExportAccounting accounting;

	private final MeterProvider noop = MeterProvider.noop();

	/**
	 * Create a provider that counts queue drops into {@code accounting}.
	 * @param accounting where to count
	 */
	public QueueDropCounter(ExportAccounting accounting) {
		this.accounting = accounting;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		MeterBuilder delegate = this.noop.meterBuilder(instrumentationScopeName);
		if (!TRACE_SDK_SCOPE.equals(instrumentationScopeName)) {
			return delegate;
		}
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationVersion) {
				return this;
			}

			@Override
			public Meter build() {
				return new DropCountingMeter(delegate.build());
			}

		};
	}

	@Override
	public String toString() {
		return "QueueDropCounter";
	}

	private final class DropCountingMeter implements Meter {

		private final Meter delegate;

		DropCountingMeter(Meter delegate) {
			this.delegate = delegate;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder builder = this.delegate.counterBuilder(name);
			return PROCESSED_SPANS.equals(name) ? new DropCounterBuilder(builder) : builder;
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return this.delegate.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return this.delegate.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return this.delegate.gaugeBuilder(name);
		}

	}

	private final class DropCounterBuilder implements LongCounterBuilder {

		private final LongCounterBuilder delegate;

		DropCounterBuilder(LongCounterBuilder delegate) {
			this.delegate = delegate;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return this.delegate.ofDoubles();
		}

		@Override
		public LongCounter build() {
			return new LongCounter() {

				@Override
				public void add(long value) {
				}

				@Override
				public void add(long value, Attributes attributes) {
					if (Boolean.TRUE.equals(attributes.get(DROPPED))) {
						QueueDropCounter.this.accounting.droppedQueueFull(value);
					}
				}

				@Override
				public void add(long value, Attributes attributes, Context context) {
					add(value, attributes);
				}

			};
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.delegate.buildWithCallback(callback);
		}

	}

}

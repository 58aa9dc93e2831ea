package dev.agenttracing.export;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongGaugeBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * An OpenTelemetry {@link MeterProvider} that hears one batch span processor's own count
 * of spans it dropped because its queue was full, and its queue size, and records them in
 * that queue's {@link QueueStats}.
 * <p>
 * The processor reports drops on its {@code processedSpans} counter with
 * {@code dropped=true}, and its queue size through the callback of its {@code queueSize}
 * gauge (the SDK's default, "legacy", internal telemetry); the gauge's callback is kept
 * and asked when the size is read. Every other instrument is a no-op, so nothing else
 * changes. Boot hands the {@code MeterProvider} bean to its {@code BatchSpanProcessor}
 * (one of these is that bean when the application has no {@code MeterProvider} of its
 * own); each of agent-tracing's own processors gets one of its own.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class QueueDropCounter implements MeterProvider {

	static final String TRACE_SDK_SCOPE = "io.opentelemetry.sdk.trace";

	static final String PROCESSED_SPANS = "processedSpans";

	static final String QUEUE_SIZE = "queueSize";

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private final QueueStats queue;

	private final MeterProvider noop = MeterProvider.noop();

	/**
	 * Create a provider that counts queue drops into {@code queue}.
	 * @param queue where to count
	 */
	public QueueDropCounter(QueueStats queue) {
		this.queue = queue;
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

	// Asks the SDK's own callback, as a metrics reader would.
	private static long read(Consumer<ObservableLongMeasurement> callback) {
		AtomicLong value = new AtomicLong();
		callback.accept(new ObservableLongMeasurement() {

			@Override
			public void record(long measured) {
				value.set(measured);
			}

			@Override
			public void record(long measured, Attributes attributes) {
				value.set(measured);
			}

		});
		return value.get();
	}

	@Override
	public String toString() {
		return "QueueDropCounter{" + this.queue.getName() + "}";
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
			DoubleGaugeBuilder builder = this.delegate.gaugeBuilder(name);
			return QUEUE_SIZE.equals(name) ? new QueueSizeGaugeBuilder(builder) : builder;
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
						QueueDropCounter.this.queue.dropped(value);
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

	// The SDK registers the queue size as a long gauge: gaugeBuilder(name).ofLongs().
	private final class QueueSizeGaugeBuilder implements DoubleGaugeBuilder {

		private final DoubleGaugeBuilder delegate;

		QueueSizeGaugeBuilder(DoubleGaugeBuilder delegate) {
			this.delegate = delegate;
		}

		@Override
		public DoubleGaugeBuilder setDescription(String description) {
			return this;
		}

		@Override
		public DoubleGaugeBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public ObservableDoubleGauge buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
			return this.delegate.buildWithCallback(callback);
		}

		@Override
		public LongGaugeBuilder ofLongs() {
			LongGaugeBuilder longs = this.delegate.ofLongs();
			return new LongGaugeBuilder() {

				@Override
				public LongGaugeBuilder setDescription(String description) {
					return this;
				}

				@Override
				public LongGaugeBuilder setUnit(String unit) {
					return this;
				}

				@Override
				public ObservableLongGauge buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
					QueueDropCounter.this.queue.setSize(() -> read(callback));
					return longs.buildWithCallback(callback);
				}

			};
		}

	}

}

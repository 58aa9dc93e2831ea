package dev.agenttracing.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.CompressionMode;
import io.micrometer.registry.otlp.OtlpConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.GenAiMetrics;

/**
 * Sends {@value MicrometerOperationMetrics#OPERATION_DURATION} and
 * {@value MicrometerOperationMetrics#TIME_TO_FIRST_CHUNK} to the OTLP endpoint of
 * Micrometer's {@code OtlpMeterRegistry} as the conventions define them: unit {@code s},
 * the explicit bucket boundaries 0.01 to 81.92, every value in its own bucket.
 * <p>
 * Micrometer's OTLP registry cannot: a distribution summary rounds each value up to a
 * whole number before it picks a bucket, and a timer is exported in the registry's base
 * time unit, named in words ({@code milliseconds} by default). So these two histograms
 * are recorded with the OpenTelemetry SDK's metrics and exported by its OTLP/HTTP
 * exporter, configured from the same {@link OtlpConfig} (Boot's
 * {@code management.otlp.metrics.export.*}: URL, headers, compression, step, temporality
 * and resource attributes), and Micrometer's OTLP registry leaves them out. The other
 * GenAI meters (token usage, cost) are exact in Micrometer and stay there. Integrations
 * add their own durations with {@link #secondsHistogram}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class OtlpDurationMetrics implements OperationMetrics, OtlpDurationHistograms, AutoCloseable {

	private final SdkMeterProvider meterProvider;

	private final Meter meter;

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	private final DoubleHistogram durations;

	private final DoubleHistogram firstChunks;

	/**
	 * Record on the given meter provider.
	 * @param meterProvider the provider, closed with this object
	 */
	public OtlpDurationMetrics(SdkMeterProvider meterProvider) {
		this.meterProvider = meterProvider;
		this.meter = meterProvider.meterBuilder(GenAiAttributes.INSTRUMENTATION_SCOPE)
			.setSchemaUrl(GenAiAttributes.SCHEMA_URL)
			.build();
		this.durations = secondsHistogram(GenAiMetrics.OPERATION_DURATION, "Duration of GenAI operations",
				GenAiMetrics.DURATION_BUCKETS);
		this.firstChunks = secondsHistogram(GenAiMetrics.TIME_TO_FIRST_CHUNK,
				"Time to the first chunk of a streamed response", GenAiMetrics.DURATION_BUCKETS);
	}

	/**
	 * Export to where Micrometer's OTLP registry exports, as it is configured.
	 * @param config the OTLP registry's configuration
	 * @return the metrics
	 */
	public static OtlpDurationMetrics exportingLike(OtlpConfig config) {
		OtlpHttpMetricExporterBuilder exporter = OtlpHttpMetricExporter.builder().setEndpoint(config.url());
		config.headers().forEach(exporter::addHeader);
		if (config.compressionMode() == CompressionMode.GZIP) {
			exporter.setCompression("gzip");
		}
		if (config.aggregationTemporality() == AggregationTemporality.DELTA) {
			exporter.setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred());
		}
		AttributesBuilder resource = Attributes.builder();
		config.resourceAttributes().forEach(resource::put);
		SdkMeterProvider provider = SdkMeterProvider.builder()
			.setResource(Resource.create(resource.build()))
			.registerMetricReader(PeriodicMetricReader.builder(exporter.build()).setInterval(config.step()).build())
			.build();
		return new OtlpDurationMetrics(provider);
	}

	@Override
	public DoubleHistogram secondsHistogram(String name, String description, List<Double> boundaries) {
		this.names.add(name);
		return this.meter.histogramBuilder(name)
			.setDescription(description)
			.setUnit("s")
			.setExplicitBucketBoundariesAdvice(boundaries)
			.build();
	}

	/**
	 * Whether meters of the given name are exported here, so that Micrometer's OTLP
	 * registry must leave them out.
	 * @param name a meter name
	 * @return {@code true} for a histogram created by this object
	 */
	public boolean exports(String name) {
		return this.names.contains(name);
	}

	@Override
	public void record(FinishedOperation operation) {
		AttributesBuilder attributes = Attributes.builder()
			.put(GenAiAttributes.OPERATION_NAME, operation.operationName());
		putIfPresent(attributes, GenAiAttributes.PROVIDER_NAME, operation.provider());
		putIfPresent(attributes, GenAiAttributes.REQUEST_MODEL, operation.requestModel());
		putIfPresent(attributes, GenAiAttributes.RESPONSE_MODEL, operation.responseModel());
		if (operation.timeToFirstChunkSeconds() != null) {
			this.firstChunks.record(operation.timeToFirstChunkSeconds(), attributes.build());
		}
		putIfPresent(attributes, GenAiAttributes.ERROR_TYPE, operation.errorType());
		this.durations.record(operation.durationSeconds(), attributes.build());
	}

	private static void putIfPresent(AttributesBuilder attributes, AttributeKey<String> key, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			attributes.put(key, value);
		}
	}

	/**
	 * Export what is recorded now.
	 * @return whether the export succeeded within ten seconds
	 */
	public boolean flush() {
		return this.meterProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess();
	}

	/** Export what is left and stop. */
	@Override
	public void close() {
		this.meterProvider.close();
	}

}

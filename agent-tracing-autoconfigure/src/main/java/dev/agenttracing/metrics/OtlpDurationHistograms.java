package dev.agenttracing.metrics;

import java.util.List;

import io.opentelemetry.api.metrics.DoubleHistogram;

/**
 * Duration histograms in seconds that reach the OTLP endpoint through the OpenTelemetry
 * SDK's exporter rather than Micrometer's OTLP registry, which would export a timer in
 * its base time unit. Integrations record their own duration histograms here as well as
 * in Micrometer (for the other registries): the OTLP registry leaves out every name so
 * created. Implemented by {@link OtlpDurationMetrics}; a bean only when it is configured.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public interface OtlpDurationHistograms {

	/**
	 * A histogram with unit {@code s} and the given explicit bucket boundaries.
	 * @param name the metric name, also denied to Micrometer's OTLP registry
	 * @param description the metric description
	 * @param boundaries the explicit bucket boundaries, in seconds
	 * @return the histogram
	 */
	DoubleHistogram secondsHistogram(String name, String description, List<Double> boundaries);

}

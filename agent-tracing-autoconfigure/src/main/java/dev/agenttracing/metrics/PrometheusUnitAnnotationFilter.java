package dev.agenttracing.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

import dev.agenttracing.semconv.GenAiMetrics;

/**
 * Drops the annotation units ({@code {token}}, {@code {USD}}) of agent-tracing's meters,
 * for Prometheus registries only. Micrometer's Prometheus naming appends a meter's base
 * unit to its name, which turns {@code {token}} into
 * {@code gen_ai_client_token_usage__token_}; OpenTelemetry's Prometheus compatibility
 * rules drop units in curly braces, so without this filter a direct scrape of the
 * application and metrics sent through an OpenTelemetry Collector would not share names.
 * Other registries (OTLP, {@code /actuator/metrics}) keep the unit.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class PrometheusUnitAnnotationFilter implements MeterFilter {

	@Override
	public Meter.Id map(Meter.Id id) {
		String unit = id.getBaseUnit();
		if (unit != null && unit.startsWith("{") && unit.endsWith("}") && isAgentTracingMeter(id.getName())) {
			return id.withBaseUnit(null);
		}
		return id;
	}

	private static boolean isAgentTracingMeter(String name) {
		return name.equals(GenAiMetrics.TOKEN_USAGE) || name.equals(GenAiMetrics.COST);
	}

}

package dev.agenttracing.actuate.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.agenttracing.export.ExportStatistics;
import dev.agenttracing.export.ExporterStatistics;

/**
 * Health of span export: each exporter's state, counters and last error. UP even when an
 * exporter fails, unless {@code downOnFailure} is set: tracing trouble must not take the
 * application down (or restart its pods) by default.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class AgentTracingHealthIndicator extends AbstractHealthIndicator {

	private final ExportStatistics accounting;

	private final boolean downOnFailure;

	/**
	 * Create the indicator.
	 * @param accounting the export counters
	 * @param downOnFailure whether a failing exporter reports DOWN
	 */
	public AgentTracingHealthIndicator(ExportStatistics accounting, boolean downOnFailure) {
		super("agent-tracing health check failed");
		this.accounting = accounting;
		this.downOnFailure = downOnFailure;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean failing = false;
		for (ExporterStatistics stats : this.accounting.getExporters()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", stats.isFailing() ? "failing" : "ok");
			details.put("spansExported", stats.getExported());
			details.put("spansDropped", stats.getDropped());
			details.put("exportFailures", stats.getFailures());
			if (stats.getLastError() != null) {
				details.put("lastError", stats.getLastError());
				details.put("lastErrorTime", String.valueOf(stats.getLastErrorTime()));
			}
			builder.withDetail(stats.getName(), details);
			failing |= stats.isFailing();
		}
		builder.withDetail("spansDroppedQueueFull", this.accounting.getDroppedQueueFull());
		if (failing && this.downOnFailure) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}

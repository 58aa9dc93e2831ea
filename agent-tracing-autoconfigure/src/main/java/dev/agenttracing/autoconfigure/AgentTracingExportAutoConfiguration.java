package dev.agenttracing.autoconfigure;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.log.AgentRunLogExporter;
import dev.agenttracing.internal.OtlpJsonTraceRequests;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for agent-tracing's own
 * destinations: trace files and the run log. Each is a {@link SpanProcessor} bean with a
 * batch queue and worker of its own ({@link DestinationSpanProcessor}), which Boot adds
 * to its tracer provider; their exporters are not {@link SpanExporter} beans, so Boot's
 * batch processor (OTLP and the application's exporters) never exports to them and a
 * collector that is down never fills their queues. The application's
 * {@link SpanExportingPredicate} and {@link SpanFilter} beans apply to them as they do to
 * Boot's exporters. All of them honour {@code management.tracing.export.enabled}, and
 * none is made without Boot's OpenTelemetry SDK
 * ({@code management.opentelemetry.enabled}), whose tracer provider alone would feed
 * them.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = { AgentTracingAutoConfiguration.class, AgentTracingDeliveryAutoConfiguration.class })
@ConditionalOnClass({ SpanExporter.class, ConditionalOnEnabledTracingExport.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnEnabledTracingExport
@ConditionalOnEnabledOpenTelemetry
public final class AgentTracingExportAutoConfiguration {

	/** Name of the run log's queue and exporter. */
	static final String LOG = "log";

	/** Name of the trace files' queue and exporter. */
	static final String JSONL = "jsonl";

	AgentTracingExportAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "agentTracingLogSpanProcessor")
	@ConditionalOnBooleanProperty(AgentTracingProperties.PREFIX + ".export.log.enabled")
	DestinationSpanProcessor agentTracingLogSpanProcessor(AgentTracingProperties properties,
			ObjectProvider<ExportAccounting> accounting, ObjectProvider<SpanExportingPredicate> predicates,
			ObjectProvider<SpanFilter> filters, Environment environment) {
		return DestinationProcessors.create(LOG, AgentTracingProperties.PREFIX + ".export.log",
				properties.getExport().getLog().getQueue(), AgentRunLogExporter::new,
				accounting.getIfAvailable(ExportAccounting::new), ApplicationSpanFilters.of(predicates, filters),
				environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { OtlpJsonTraceRequests.MARSHALER_CLASS, "com.fasterxml.jackson.core.JsonGenerator" })
	@ConditionalOnBooleanProperty(AgentTracingProperties.PREFIX + ".export.jsonl.enabled")
	static class JsonlConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "agentTracingJsonlSpanProcessor")
		DestinationSpanProcessor agentTracingJsonlSpanProcessor(AgentTracingProperties properties,
				ObjectProvider<ExportAccounting> accounting, ObjectProvider<SpanExportingPredicate> predicates,
				ObjectProvider<SpanFilter> filters, Environment environment) {
			AgentTracingProperties.Export.Jsonl jsonl = properties.getExport().getJsonl();
			return DestinationProcessors.create(JSONL, AgentTracingProperties.PREFIX + ".export.jsonl",
					jsonl.getQueue(), () -> JsonlExporterFactory.create(jsonl),
					accounting.getIfAvailable(ExportAccounting::new), ApplicationSpanFilters.of(predicates, filters),
					environment);
		}

	}

}

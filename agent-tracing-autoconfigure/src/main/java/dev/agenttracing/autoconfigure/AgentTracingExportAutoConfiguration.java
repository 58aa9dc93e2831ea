package dev.agenttracing.autoconfigure;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.export.jsonl.JsonlSpanExporter;
import dev.agenttracing.export.log.AgentRunLogExporter;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for agent-tracing's span exporters. Each
 * is a {@link SpanExporter} bean, which Boot batches with its own {@code BatchSpanProcessor};
 * all of them honour {@code management.tracing.export.enabled}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = AgentTracingAutoConfiguration.class)
@ConditionalOnClass({ SpanExporter.class, ConditionalOnEnabledTracingExport.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnEnabledTracingExport
public final class AgentTracingExportAutoConfiguration {

	AgentTracingExportAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(AgentTracingProperties.PREFIX + ".export.log.enabled")
	AgentRunLogExporter agentRunLogExporter() {
		return new AgentRunLogExporter();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler",
			"com.fasterxml.jackson.core.JsonGenerator" })
	@ConditionalOnBooleanProperty(AgentTracingProperties.PREFIX + ".export.jsonl.enabled")
	static class JsonlConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JsonlSpanExporter jsonlSpanExporter(AgentTracingProperties properties) {
			return JsonlExporterFactory.create(properties.getExport().getJsonl());
		}

	}

}

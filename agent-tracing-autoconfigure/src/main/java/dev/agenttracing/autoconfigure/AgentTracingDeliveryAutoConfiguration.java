package dev.agenttracing.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.export.AccountingSpanExporter;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.ExportMetrics;
import dev.agenttracing.export.QueueDropCounter;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for delivering spans reliably through
 * Boot's OpenTelemetry SDK: every {@link SpanExporter} bean counted (spans exported, dropped,
 * failures) inside Boot's one batch processor, the batch queue's drops counted, and
 * {@code service.version} on the resource. The flush on shutdown is in
 * {@link AgentTracingShutdownAutoConfiguration}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
// Before Boot's tracing auto-configuration so that its SpanExporters and MeterProvider
// look-ups find ours.
@AutoConfiguration(
		beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ SdkTracerProvider.class, SpanExporters.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnEnabledOpenTelemetry
@EnableConfigurationProperties(AgentTracingProperties.class)
public final class AgentTracingDeliveryAutoConfiguration {

	private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

	AgentTracingDeliveryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ExportAccounting agentTracingExportAccounting() {
		return new ExportAccounting();
	}

	// Boot batches this list with its one BatchSpanProcessor; each exporter is counted there.
	@Bean
	@ConditionalOnMissingBean
	SpanExporters spanExporters(ObjectProvider<SpanExporter> spanExporters, ExportAccounting accounting) {
		return SpanExporters.of(spanExporters.orderedStream()
			.map((exporter) -> (SpanExporter) new AccountingSpanExporter(exporter,
					accounting.register(AccountingSpanExporter.nameOf(exporter))))
			.toList());
	}

	@Bean
	@ConditionalOnMissingBean(MeterProvider.class)
	QueueDropCounter agentTracingQueueDropCounter(ExportAccounting accounting) {
		return new QueueDropCounter(accounting);
	}

	// service.version from META-INF/build-info.properties, unless the user set one.
	@Bean
	@ConditionalOnMissingBean(name = "agentTracingServiceVersionCustomizer")
	SdkTracerProviderBuilderCustomizer agentTracingServiceVersionCustomizer(ObjectProvider<BuildProperties> build,
			ObjectProvider<Resource> resource) {
		return (builder) -> {
			BuildProperties properties = build.getIfAvailable();
			Resource current = resource.getIfAvailable();
			if (properties != null && properties.getVersion() != null
					&& (current == null || current.getAttribute(SERVICE_VERSION) == null)) {
				builder.addResource(Resource.builder().put(SERVICE_VERSION, properties.getVersion()).build());
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ExportMetrics agentTracingExportMetrics(ExportAccounting accounting) {
			return new ExportMetrics(accounting);
		}

	}

}

package dev.agenttracing.autoconfigure;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import dev.agenttracing.export.AccountingSpanExporter;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.QueueStats;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.ExportMetrics;
import dev.agenttracing.export.QueueDropCounter;
import dev.agenttracing.export.SpanSpool;
import dev.agenttracing.export.SpoolingSpanExporter;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for delivering spans reliably
 * through Boot's OpenTelemetry SDK: every {@link SpanExporter} bean (Boot's OTLP exporter
 * and the application's) counted (spans exported, dropped, failures) inside Boot's batch
 * processor, that processor's queue (drops, size, capacity) counted as queue
 * {@value ExportAccounting#BOOT_QUEUE}, the OTLP exporter's spool when
 * {@code agent.tracing.export.spool.enabled} ({@link SpoolingSpanExporter}), and
 * {@code service.version} on the resource. agent-tracing's own destinations have queues
 * of their own ({@link AgentTracingExportAutoConfiguration}); the flush on shutdown is in
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

	private static final Set<String> OTLP_EXPORTERS = Set.of("otlp-http", "otlp-grpc");

	AgentTracingDeliveryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ExportAccounting agentTracingExportAccounting() {
		return new ExportAccounting();
	}

	// Boot batches this list with its BatchSpanProcessor; each exporter is counted there,
	// and
	// a span that processor's queue drops is lost to each of them.
	@Bean
	@ConditionalOnMissingBean
	SpanExporters spanExporters(ObjectProvider<SpanExporter> spanExporters, ExportAccounting accounting,
			AgentTracingProperties properties, Environment environment, ResourceLoader resourceLoader,
			BeanFactory beanFactory) {
		QueueStats queue = accounting.queue(ExportAccounting.BOOT_QUEUE);
		queue.setCapacity(BootProperties
			.get(beanFactory, environment, "management.opentelemetry.tracing", OpenTelemetryTracingProperties.class)
			.getExport()
			.getMaxQueueSize());
		AgentTracingProperties.Export.Spool spool = properties.getExport().getSpool();
		boolean[] spooling = { false };
		return SpanExporters.of(spanExporters.orderedStream().map((exporter) -> {
			String name = AccountingSpanExporter.nameOf(exporter);
			ExporterStats stats = accounting.register(name);
			queue.addExporter(stats);
			SpanExporter counted = exporter;
			// One spool, for the OTLP exporter: the collector is what goes down.
			if (spool.isEnabled() && OTLP_EXPORTERS.contains(name) && !spooling[0]) {
				spooling[0] = true;
				SpanSpool opened = SpanSpools.create(spool, resourceLoader.getClassLoader());
				accounting.spool(opened.getStats());
				counted = new SpoolingSpanExporter(exporter, opened, stats);
			}
			return (SpanExporter) new AccountingSpanExporter(counted, stats);
		}).toList());
	}

	@Bean
	@ConditionalOnMissingBean(MeterProvider.class)
	QueueDropCounter agentTracingQueueDropCounter(ExportAccounting accounting) {
		return new QueueDropCounter(accounting.queue(ExportAccounting.BOOT_QUEUE));
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

package dev.agenttracing.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.metrics.MicrometerOperationMetrics;
import dev.agenttracing.metrics.OtlpDurationMetrics;
import dev.agenttracing.metrics.PrometheusUnitAnnotationFilter;

/**
 * The GenAI client metrics on Boot's {@link MeterRegistry}, with the per-registry
 * settings that keep their names, units and buckets right in Prometheus and OTLP.
 * Imported by {@link AgentTracingAutoConfiguration}.
 *
 * @author agent-tracing
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
final class AgentTracingMetricsConfiguration {

	AgentTracingMetricsConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MeterRegistry.class)
	MicrometerOperationMetrics agentTracingOperationMetrics(MeterRegistry meterRegistry) {
		return new MicrometerOperationMetrics(meterRegistry);
	}

	// Micrometer's OTLP registry exports a timer in its base time unit (milliseconds by
	// default, named in words) and rounds distribution summaries: the durations go
	// through
	// the SDK's exporter instead, to the same endpoint, and the registry leaves them out.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OtlpMeterRegistry.class, OtlpHttpMetricExporter.class, SdkMeterProvider.class,
			MeterRegistryCustomizer.class })
	@ConditionalOnBean({ OtlpMeterRegistry.class, OtlpConfig.class })
	@ConditionalOnBooleanProperty(name = AgentTracingProperties.PREFIX + ".metrics.otlp-durations.enabled",
			matchIfMissing = true)
	static class OtlpDurationsConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		OtlpDurationMetrics agentTracingOtlpDurationMetrics(OtlpConfig otlpConfig) {
			return OtlpDurationMetrics.exportingLike(otlpConfig);
		}

		@Bean
		@ConditionalOnMissingBean(name = "agentTracingOtlpDurationsCustomizer")
		MeterRegistryCustomizer<OtlpMeterRegistry> agentTracingOtlpDurationsCustomizer(
				OtlpDurationMetrics otlpDurationMetrics) {
			// Asked per meter as it registers: names integrations add later are left out
			// too.
			return (registry) -> registry.config()
				.meterFilter(MeterFilter.deny((id) -> otlpDurationMetrics.exports(id.getName())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ PrometheusMeterRegistry.class, MeterRegistryCustomizer.class })
	static class PrometheusNamesConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "agentTracingPrometheusNamesCustomizer")
		MeterRegistryCustomizer<PrometheusMeterRegistry> agentTracingPrometheusNamesCustomizer() {
			return (registry) -> registry.config().meterFilter(new PrometheusUnitAnnotationFilter());
		}

	}

}

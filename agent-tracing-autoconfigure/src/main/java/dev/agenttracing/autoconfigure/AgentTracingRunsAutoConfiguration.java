package dev.agenttracing.autoconfigure;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.agenttracing.actuate.endpoint.AgentRunsEndpoint;
import dev.agenttracing.actuate.endpoint.AgentRunsPage;
import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.runs.RecentAgentRuns;
import dev.agenttracing.export.runs.RecentAgentRunsExporter;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the recent agent runs kept in
 * memory: the store, fed by a batch queue and worker of its own
 * ({@link DestinationSpanProcessor}, as every destination of agent-tracing's; not a
 * {@link SpanExporter} bean, so Boot's processor does not also export to it), the
 * {@code agentruns} endpoint and, when enabled, its web page. Honours
 * {@code management.tracing.export.enabled}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@AutoConfiguration(after = { AgentTracingAutoConfiguration.class, AgentTracingDeliveryAutoConfiguration.class })
@ConditionalOnClass({ SpanExporter.class, ConditionalOnEnabledTracingExport.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnEnabledTracingExport
@ConditionalOnBooleanProperty(name = AgentTracingRunsProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(AgentTracingRunsProperties.class)
public final class AgentTracingRunsAutoConfiguration {

	/** Name of the recent runs' queue and exporter. */
	static final String RUNS = "runs";

	AgentTracingRunsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	RecentAgentRuns recentAgentRuns(AgentTracingRunsProperties properties) {
		if (properties.getMaxRuns() <= 0) {
			throw new InvalidAgentTracingPropertyException(AgentTracingRunsProperties.PREFIX + ".max-runs",
					properties.getMaxRuns(), "it must be positive", "Set it to 1 or more, or turn the store off with "
							+ AgentTracingRunsProperties.PREFIX + ".enabled=false.");
		}
		if (properties.getMaxSize().toBytes() <= 0) {
			throw new InvalidAgentTracingPropertyException(AgentTracingRunsProperties.PREFIX + ".max-size",
					properties.getMaxSize(), "it must be positive", "Set it to a size such as 32MB.");
		}
		return new RecentAgentRuns(properties.getMaxRuns(), properties.getMaxSize().toBytes());
	}

	// A queue and worker of its own, as every destination of ours: a collector that is
	// down
	// must not cost the recent runs what it costs Boot's queue (see
	// DestinationSpanProcessor).
	@Bean
	@ConditionalOnMissingBean(name = "agentTracingRunsSpanProcessor")
	@ConditionalOnEnabledOpenTelemetry
	DestinationSpanProcessor agentTracingRunsSpanProcessor(RecentAgentRuns runs, AgentTracingRunsProperties properties,
			ObjectProvider<ExportAccounting> accounting, ObjectProvider<SpanExportingPredicate> predicates,
			ObjectProvider<SpanFilter> filters, Environment environment) {
		return DestinationProcessors.create(RUNS, AgentTracingRunsProperties.PREFIX, properties.getQueue(),
				() -> new RecentAgentRunsExporter(runs, Math.max(1, properties.getMaxPendingSpans()),
						properties.getMaxPendingAge().toNanos()),
				accounting.getIfAvailable(ExportAccounting::new), ApplicationSpanFilters.of(predicates, filters),
				environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
	@ConditionalOnAvailableEndpoint(AgentRunsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AgentRunsEndpoint agentRunsEndpoint(RecentAgentRuns runs) {
			return new AgentRunsEndpoint(runs);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ RouterFunction.class, WebEndpointProperties.class })
	@ConditionalOnBooleanProperty(AgentTracingRunsProperties.PREFIX + ".ui.enabled")
	static class PageConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "agentRunsPageRoutes")
		RouterFunction<ServerResponse> agentRunsPageRoutes(AgentTracingRunsProperties properties,
				Environment environment, BeanFactory beanFactory) {
			WebEndpointProperties endpoints = BootProperties.get(beanFactory, environment, "management.endpoints.web",
					WebEndpointProperties.class);
			return AgentRunsPage.routes(pagePath(properties.getUi().getPath()), endpointPath(endpoints));
		}

		private static String pagePath(String path) {
			String trimmed = path.strip();
			while (trimmed.endsWith("/")) {
				trimmed = trimmed.substring(0, trimmed.length() - 1);
			}
			if (!trimmed.startsWith("/") || trimmed.length() < 2 || trimmed.contains("*")) {
				throw new InvalidAgentTracingPropertyException(AgentTracingRunsProperties.PREFIX + ".ui.path", path,
						"it must be a path below the root, starting with '/'", "Set it to a path such as /agent-runs.");
			}
			return trimmed;
		}

		// The endpoint's path as Boot maps it: the management base path and a path
		// mapping, if any.
		private static String endpointPath(WebEndpointProperties endpoints) {
			String basePath = endpoints.getBasePath();
			String mapping = endpoints.getPathMapping().getOrDefault(AgentRunsEndpoint.ID, AgentRunsEndpoint.ID);
			String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
			return base + "/" + (mapping.startsWith("/") ? mapping.substring(1) : mapping);
		}

	}

}

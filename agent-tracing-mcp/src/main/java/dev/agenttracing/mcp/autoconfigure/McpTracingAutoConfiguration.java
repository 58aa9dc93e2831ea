package dev.agenttracing.mcp.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.Filter;
import io.opentelemetry.api.OpenTelemetry;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.ConditionalOnAgentTracingEnabled;
import dev.agenttracing.autoconfigure.InvalidAgentTracingPropertyException;
import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.metrics.OtlpDurationHistograms;
import dev.agenttracing.mcp.McpServerHttpFilter;
import dev.agenttracing.mcp.McpTracing;
import dev.agenttracing.semconv.McpAttributes;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for tracing MCP requests made and
 * served with the MCP Java SDK: every {@code McpClientTransport} bean (and every
 * transport of Spring AI's MCP client auto-configuration) and every tool, resource and
 * prompt specification bean is instrumented by {@link McpTracing}; in a servlet
 * application with a streamable HTTP MCP server, an {@link McpServerHttpFilter} on its
 * endpoint traces the requests the server answers itself; with a stateless one, the
 * filter traces every request; a Spring AI stdio server
 * ({@code spring.ai.mcp.server.stdio=true}) gets a traced stdio transport.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
// After Spring AI's HTTP servers, so that their transport beans are seen, and before its
// server
// auto-configuration, whose stdio transport backs off for the traced one.
@AutoConfiguration(after = AgentTracingAutoConfiguration.class,
		afterName = {
				"org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration",
				"org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStatelessWebMvcAutoConfiguration",
				"org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerSseWebMvcAutoConfiguration" },
		beforeName = "org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration")
@ConditionalOnClass({ McpSchema.class, OpenTelemetry.class, MeterRegistry.class })
@ConditionalOnAgentTracingEnabled
@ConditionalOnBooleanProperty(name = McpTracingProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpTracingProperties.class)
public final class McpTracingAutoConfiguration {

	private static final String MAX_BODY_SIZE = McpTracingProperties.PREFIX + ".max-body-size";

	McpTracingAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	McpTracing mcpTracing(ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<AgentTracer> agentTracer,
			ObjectProvider<ContentRecorder> content, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<OtlpDurationHistograms> otlpDurations, McpTracingProperties properties,
			Environment environment) {
		// A Spring AI stdio server talks over a pipe; every other server it configures
		// over HTTP.
		boolean stdio = environment.getProperty("spring.ai.mcp.server.stdio", Boolean.class, false);
		McpTracing.Builder builder = McpTracing.builder(openTelemetry.getIfAvailable(OpenTelemetry::noop));
		try {
			builder.maxBodySize(properties.getMaxBodySize());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidAgentTracingPropertyException(MAX_BODY_SIZE, properties.getMaxBodySize(),
					String.valueOf(ex.getMessage()),
					"set it to a size such as 1MB (the default), at least 1B and at most 1GB.");
		}
		return builder.agentTracer(agentTracer.getIfUnique())
			.content(content.getIfUnique())
			.meterRegistry(meterRegistry.getIfUnique())
			.otlpDurations(otlpDurations.getIfUnique())
			.serverTransport(stdio ? McpAttributes.TRANSPORT_PIPE : McpAttributes.TRANSPORT_TCP)
			.build();
	}

	// Spring AI's stdio server takes this provider in place of its own, which backs off
	// for it:
	// the SDK's stdio provider offers no hook that sees a request with its id on its way
	// in.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ StdioServerTransportProvider.class, JacksonMcpJsonMapper.class, JsonMapper.class })
	@ConditionalOnBooleanProperty("spring.ai.mcp.server.stdio")
	@ConditionalOnBooleanProperty(name = "spring.ai.mcp.server.enabled", matchIfMissing = true)
	static class StdioServerConfiguration {

		@Bean
		@ConditionalOnMissingBean(McpServerTransportProviderBase.class)
		McpServerTransportProvider tracingStdioServerTransport(
				@Qualifier("mcpServerJsonMapper") ObjectProvider<JsonMapper> mcpServerJsonMapper,
				McpTracing mcpTracing) {
			JsonMapper jsonMapper = mcpServerJsonMapper.getIfAvailable(JsonMapper::new);
			return mcpTracing.stdioServerTransportProvider(new JacksonMcpJsonMapper(jsonMapper));
		}

	}

	// The requests an MCP server answers itself are seen only on their way in over HTTP.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class })
	@ConditionalOnBean(McpStreamableServerTransportProvider.class)
	static class ServerHttpFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mcpServerTracingFilter")
		FilterRegistrationBean<McpServerHttpFilter> mcpServerTracingFilter(McpTracing mcpTracing,
				Environment environment) {
			return registration(new McpServerHttpFilter(mcpTracing), environment);
		}

	}

	// A stateless server's specifications are other types, left alone: the filter traces
	// every request.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class })
	@ConditionalOnBean(McpStatelessServerTransport.class)
	static class StatelessServerHttpFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mcpStatelessServerTracingFilter")
		FilterRegistrationBean<McpServerHttpFilter> mcpStatelessServerTracingFilter(McpTracing mcpTracing,
				Environment environment) {
			return registration(McpServerHttpFilter.forStatelessServer(mcpTracing), environment);
		}

	}

	static FilterRegistrationBean<McpServerHttpFilter> registration(McpServerHttpFilter filter,
			Environment environment) {
		return registration(filter, McpWebServerTracingAutoConfiguration.mcpEndpoint(environment));
	}

	static FilterRegistrationBean<McpServerHttpFilter> registration(McpServerHttpFilter filter, String urlPattern) {
		FilterRegistrationBean<McpServerHttpFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns(urlPattern);
		registration.setAsyncSupported(true);
		// Inside Boot's HTTP server observation, whose span the MCP server span links to.
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static McpTracingBeanPostProcessor mcpTracingBeanPostProcessor(ObjectProvider<McpTracing> mcpTracing) {
		return new McpTracingBeanPostProcessor(mcpTracing);
	}

}

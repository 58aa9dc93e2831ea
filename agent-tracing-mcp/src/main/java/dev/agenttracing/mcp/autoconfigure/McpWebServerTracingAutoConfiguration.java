package dev.agenttracing.mcp.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.WebFilter;

import dev.agenttracing.mcp.McpServerHttpFilter;
import dev.agenttracing.mcp.McpServerWebFilter;
import dev.agenttracing.mcp.McpTracing;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for tracing the requests of Spring
 * AI's MCP servers over SSE (WebMVC and WebFlux) and of its WebFlux servers over
 * streamable HTTP and stateless HTTP, where the SDK's server offers no hook that sees a
 * request with its id. An SSE server is given a traced transport provider (a
 * {@link Primary @Primary} {@link McpServerTransportProvider} bean that delegates to
 * Spring AI's, which its router function keeps) and a filter on its message endpoint; a
 * WebFlux server a {@link McpServerWebFilter} on its endpoint. The servlet filters of
 * WebMVC's streamable and stateless servers come from
 * {@link McpTracingAutoConfiguration}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
// After Spring AI's HTTP servers, so that their transport beans are seen: its SSE
// auto-configurations back off when a McpServerTransportProvider bean exists already.
@AutoConfiguration(after = McpTracingAutoConfiguration.class, afterName = {
		"org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerSseWebMvcAutoConfiguration",
		"org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerSseWebFluxAutoConfiguration",
		"org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStreamableHttpWebFluxAutoConfiguration",
		"org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStatelessWebFluxAutoConfiguration" })
@ConditionalOnClass({ McpSchema.class, OpenTelemetry.class, MeterRegistry.class })
@ConditionalOnBean(McpTracing.class)
public final class McpWebServerTracingAutoConfiguration {

	static final String WEBMVC_SSE_PROVIDER = "org.springframework.ai.mcp.server.webmvc.transport.WebMvcSseServerTransportProvider";

	static final String WEBFLUX_SSE_PROVIDER = "org.springframework.ai.mcp.server.webflux.transport.WebFluxSseServerTransportProvider";

	McpWebServerTracingAutoConfiguration() {
	}

	static String mcpEndpoint(Environment environment) {
		return environment.getProperty("spring.ai.mcp.server.streamable-http.mcp-endpoint", "/mcp");
	}

	static String sseMessageEndpoint(Environment environment) {
		return environment.getProperty("spring.ai.mcp.server.sse-message-endpoint", "/mcp/message");
	}

	// Spring AI injects its SSE provider by its own class into its router function, and
	// the server takes any McpServerTransportProviderBase: the primary traced provider
	// goes to the server, the original stays with the router.
	static McpServerTransportProvider tracedProvider(ConfigurableListableBeanFactory beanFactory, String type,
			McpTracing mcpTracing) {
		Class<?> providerType = ClassUtils.resolveClassName(type, beanFactory.getBeanClassLoader());
		return mcpTracing.instrument((McpServerTransportProvider) beanFactory.getBean(providerType));
	}

	// Spring AI's WebMVC SSE server (spring.ai.mcp.server.protocol=SSE).
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class })
	@ConditionalOnSingleCandidate(type = WEBMVC_SSE_PROVIDER)
	static class WebMvcSseServerConfiguration {

		// The delegate is a bean of its own, closed by the context.
		@Bean(destroyMethod = "")
		@Primary
		@ConditionalOnMissingBean(name = "mcpTracingSseServerTransportProvider")
		McpServerTransportProvider mcpTracingSseServerTransportProvider(ConfigurableListableBeanFactory beanFactory,
				McpTracing mcpTracing) {
			return tracedProvider(beanFactory, WEBMVC_SSE_PROVIDER, mcpTracing);
		}

		@Bean
		@ConditionalOnMissingBean(name = "mcpSseServerTracingFilter")
		FilterRegistrationBean<McpServerHttpFilter> mcpSseServerTracingFilter(McpTracing mcpTracing,
				Environment environment) {
			return McpTracingAutoConfiguration.registration(McpServerHttpFilter.forSseServer(mcpTracing),
					sseMessageEndpoint(environment));
		}

	}

	// Spring AI's WebFlux SSE server.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	@ConditionalOnSingleCandidate(type = WEBFLUX_SSE_PROVIDER)
	static class WebFluxSseServerConfiguration {

		// The delegate is a bean of its own, closed by the context.
		@Bean(destroyMethod = "")
		@Primary
		@ConditionalOnMissingBean(name = "mcpTracingSseServerTransportProvider")
		McpServerTransportProvider mcpTracingSseServerTransportProvider(ConfigurableListableBeanFactory beanFactory,
				McpTracing mcpTracing) {
			return tracedProvider(beanFactory, WEBFLUX_SSE_PROVIDER, mcpTracing);
		}

		@Bean
		@ConditionalOnMissingBean(name = "mcpSseServerTracingWebFilter")
		McpServerWebFilter mcpSseServerTracingWebFilter(McpTracing mcpTracing, Environment environment) {
			return McpServerWebFilter.forSseServer(mcpTracing, sseMessageEndpoint(environment));
		}

	}

	// Spring AI's WebFlux streamable and stateless servers: the requests the server
	// answers itself are seen only on their way in.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class WebFluxServerConfiguration {

		@Bean
		@ConditionalOnBean(McpStreamableServerTransportProvider.class)
		@ConditionalOnMissingBean(name = "mcpServerTracingWebFilter")
		McpServerWebFilter mcpServerTracingWebFilter(McpTracing mcpTracing, Environment environment) {
			return McpServerWebFilter.forStreamableServer(mcpTracing, mcpEndpoint(environment));
		}

		@Bean
		@ConditionalOnBean(McpStatelessServerTransport.class)
		@ConditionalOnMissingBean(name = "mcpStatelessServerTracingWebFilter")
		McpServerWebFilter mcpStatelessServerTracingWebFilter(McpTracing mcpTracing, Environment environment) {
			return McpServerWebFilter.forStatelessServer(mcpTracing, mcpEndpoint(environment));
		}

	}

}

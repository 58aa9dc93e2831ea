package dev.agenttracing.mcp.autoconfigure;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerJsonMapperAutoConfiguration;
import org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerSseWebFluxAutoConfiguration;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxSseServerTransportProvider;
import org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerSseWebMvcAutoConfiguration;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcSseServerTransportProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.server.WebFilter;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.mcp.McpServerHttpFilter;
import dev.agenttracing.mcp.McpServerWebFilter;
import dev.agenttracing.mcp.McpTracing;

import static org.assertj.core.api.Assertions.assertThat;

class McpWebServerTracingAutoConfigurationTests {

	private static final AutoConfigurations TRACING = AutoConfigurations.of(AgentTracingAutoConfiguration.class,
			McpTracingAutoConfiguration.class, McpWebServerTracingAutoConfiguration.class);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(TRACING)
		.withBean(OpenTelemetry.class, OpenTelemetry::noop);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(TRACING)
		.withBean(OpenTelemetry.class, OpenTelemetry::noop);

	@Test
	void givesSpringAisWebMvcSseServerATracedProviderWhileItsRouterKeepsItsOwn() {
		this.servlet
			.withConfiguration(AutoConfigurations.of(McpServerJsonMapperAutoConfiguration.class,
					McpServerSseWebMvcAutoConfiguration.class, McpServerAutoConfiguration.class))
			.withPropertyValues("spring.ai.mcp.server.protocol=SSE",
					"spring.ai.mcp.server.sse-message-endpoint=/messages")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(McpSyncServer.class);
				McpTracing tracing = context.getBean(McpTracing.class);
				McpServerTransportProviderBase serverProvider = context.getBean(McpServerTransportProviderBase.class);
				assertThat(serverProvider).isNotInstanceOf(WebMvcSseServerTransportProvider.class)
					.isSameAs(tracing
						.instrument((io.modelcontextprotocol.spec.McpServerTransportProvider) serverProvider));
				assertThat(context).hasSingleBean(WebMvcSseServerTransportProvider.class);
				assertThat(context.getBean("mcpSseServerTracingFilter", FilterRegistrationBean.class))
					.satisfies((registration) -> {
						assertThat(registration.getUrlPatterns()).containsExactly("/messages");
						assertThat(registration.getFilter()).isInstanceOf(McpServerHttpFilter.class);
					});
				assertThat(context).doesNotHaveBean("mcpServerTracingFilter").doesNotHaveBean(McpServerWebFilter.class);
			});
	}

	@Test
	void givesSpringAisWebFluxSseServerATracedProviderAndTheWebFilterOnItsMessageEndpoint() {
		this.reactive
			.withConfiguration(AutoConfigurations.of(McpServerJsonMapperAutoConfiguration.class,
					McpServerSseWebFluxAutoConfiguration.class, McpServerAutoConfiguration.class))
			.withPropertyValues("spring.ai.mcp.server.protocol=SSE")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(McpSyncServer.class);
				assertThat(context.getBean(McpServerTransportProviderBase.class))
					.isNotInstanceOf(WebFluxSseServerTransportProvider.class);
				assertThat(context).hasSingleBean(WebFluxSseServerTransportProvider.class)
					.hasBean("mcpSseServerTracingWebFilter")
					.doesNotHaveBean(FilterRegistrationBean.class);
			});
	}

	@Test
	void putsTheWebFilterOnTheEndpointOfAReactiveStreamableServer() {
		this.reactive
			.withBean(McpStreamableServerTransportProvider.class,
					() -> HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/tools").build())
			.withPropertyValues("spring.ai.mcp.server.streamable-http.mcp-endpoint=/tools")
			.run((context) -> assertThat(context).hasSingleBean(McpServerWebFilter.class)
				.hasBean("mcpServerTracingWebFilter")
				.doesNotHaveBean("mcpServerTracingFilter"));
	}

	@Test
	void putsTheStatelessWebFilterOnTheEndpointOfAReactiveStatelessServer() {
		this.reactive
			.withBean(McpStatelessServerTransport.class,
					() -> HttpServletStatelessServerTransport.builder().messageEndpoint("/mcp").build())
			.run((context) -> assertThat(context).hasSingleBean(McpServerWebFilter.class)
				.hasBean("mcpStatelessServerTracingWebFilter"));
	}

	@Test
	void putsNoWebFilterInAServletApplication() {
		this.servlet
			.withBean(McpStreamableServerTransportProvider.class,
					() -> HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build())
			.run((context) -> assertThat(context).doesNotHaveBean(McpServerWebFilter.class));
	}

	@Test
	void putsNoWebFilterWithoutAnMcpServer() {
		this.reactive.run((context) -> assertThat(context).hasSingleBean(McpTracing.class)
			.doesNotHaveBean(McpServerWebFilter.class)
			.doesNotHaveBean("mcpTracingSseServerTransportProvider"));
	}

	@Test
	void backsOffWithoutWebFlux() {
		this.reactive.withClassLoader(new FilteredClassLoader(WebFilter.class))
			.withBean(McpStreamableServerTransportProvider.class,
					() -> HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(McpTracing.class)
				.doesNotHaveBean(McpServerWebFilter.class));
	}

	@Test
	void backsOffWhenSwitchedOff() {
		this.reactive.withPropertyValues("agent.tracing.mcp.enabled=false")
			.withBean(McpStreamableServerTransportProvider.class,
					() -> HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(McpServerWebFilter.class));
	}

}

package dev.agenttracing.mcp.autoconfigure;

import java.util.List;

import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.mcp.McpTracing;

import static org.assertj.core.api.Assertions.assertThat;

class McpTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
		.withBean(OpenTelemetry.class, OpenTelemetry::noop)
		.withUserConfiguration(McpBeans.class);

	@Test
	void instrumentsTransportAndSpecificationBeans() {
		this.runner.run((context) -> {
			McpTracing tracing = context.getBean(McpTracing.class);
			McpClientTransport transport = context.getBean(McpClientTransport.class);
			assertThat(transport).isNotInstanceOf(HttpClientStreamableHttpTransport.class);
			assertThat(tracing.instrument(transport)).isSameAs(transport);
			McpServerFeatures.SyncToolSpecification tool = context.getBean("weatherTool",
					McpServerFeatures.SyncToolSpecification.class);
			assertThat(tracing.instrument(tool)).isSameAs(tool);
			List<?> tools = context.getBean("moreTools", List.class);
			assertThat(tools).hasSize(2)
				.allSatisfy(
						(element) -> assertThat(tracing.instrument((McpServerFeatures.SyncToolSpecification) element))
							.isSameAs(element));
			assertThat(context.getBean("names", List.class)).containsExactly("a", "b");
		});
	}

	@Test
	void backsOffWhenSwitchedOff() {
		this.runner.withPropertyValues("agent.tracing.mcp.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(McpTracing.class);
			assertThat(context.getBean(McpClientTransport.class)).isInstanceOf(HttpClientStreamableHttpTransport.class);
		});
	}

	@Test
	void createsNothingWhenAgentTracingIsOff() {
		this.runner.withPropertyValues("agent.tracing.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(McpTracing.class);
			assertThat(context.getBean(McpClientTransport.class)).isInstanceOf(HttpClientStreamableHttpTransport.class);
		});
	}

	@Test
	void backsOffWithoutTheMcpSdk() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(McpSchema.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(McpTracing.class));
	}

	@Test
	void registersTheServerFilterOnTheStreamableHttpEndpoint() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
			.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.withBean(McpStreamableServerTransportProvider.class,
					() -> HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/tools").build())
			.withPropertyValues("spring.ai.mcp.server.streamable-http.mcp-endpoint=/tools")
			.run((context) -> assertThat(
					context.getBean("mcpServerTracingFilter", FilterRegistrationBean.class).getUrlPatterns())
				.containsExactly("/tools"));
	}

	@Test
	void registersTheStatelessServerFilterOnTheEndpointOfAStatelessServer() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
			.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.withBean(McpStatelessServerTransport.class,
					() -> HttpServletStatelessServerTransport.builder().messageEndpoint("/tools").build())
			.withPropertyValues("spring.ai.mcp.server.streamable-http.mcp-endpoint=/tools")
			.run((context) -> {
				assertThat(context.getBean("mcpStatelessServerTracingFilter", FilterRegistrationBean.class)
					.getUrlPatterns()).containsExactly("/tools");
				assertThat(context).doesNotHaveBean("mcpServerTracingFilter");
			});
	}

	@Test
	void registersNoServerFilterWithoutAStreamableHttpServer() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
			.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.run((context) -> assertThat(context).hasSingleBean(McpTracing.class)
				.doesNotHaveBean("mcpServerTracingFilter"));
	}

	@Test
	void givesASpringAiStdioServerTheTracedStdioTransport() {
		this.runner.withPropertyValues("spring.ai.mcp.server.stdio=true").run((context) -> {
			assertThat(context).hasSingleBean(McpServerTransportProviderBase.class);
			assertThat(context.getBean(McpServerTransportProviderBase.class))
				.isNotInstanceOf(StdioServerTransportProvider.class)
				.isInstanceOf(McpServerTransportProvider.class);
		});
	}

	@Test
	void givesNoStdioTransportUnlessSpringAiServesOverStdio() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(McpServerTransportProviderBase.class));
		this.runner.withPropertyValues("spring.ai.mcp.server.stdio=true", "spring.ai.mcp.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(McpServerTransportProviderBase.class));
	}

	@Test
	void keepsTheServerTransportOfTheApplication() {
		this.runner.withPropertyValues("spring.ai.mcp.server.stdio=true")
			.withBean("myProvider", McpServerTransportProviderBase.class,
					() -> new StdioServerTransportProvider(McpJsonDefaults.getMapper()))
			.run((context) -> assertThat(context).getBean(McpServerTransportProviderBase.class)
				.isSameAs(context.getBean("myProvider")));
	}

	@Test
	void keepsAnMcpTracingOfTheApplication() {
		this.runner.withBean("myTracing", McpTracing.class, () -> McpTracing.builder(OpenTelemetry.noop()).build())
			.run((context) -> assertThat(context).getBean(McpTracing.class).isSameAs(context.getBean("myTracing")));
	}

	@Configuration(proxyBeanMethods = false)
	static class McpBeans {

		@Bean
		McpClientTransport weatherTransport() {
			return HttpClientStreamableHttpTransport.builder("http://127.0.0.1:1").build();
		}

		@Bean
		McpServerFeatures.SyncToolSpecification weatherTool() {
			return tool("get_weather");
		}

		@Bean
		List<McpServerFeatures.SyncToolSpecification> moreTools() {
			return List.of(tool("get_time"), tool("get_date"));
		}

		@Bean
		List<String> names() {
			return List.of("a", "b");
		}

		private static McpServerFeatures.SyncToolSpecification tool(String name) {
			return new McpServerFeatures.SyncToolSpecification(
					McpSchema.Tool.builder()
						.name(name)
						.inputSchema(new McpSchema.JsonSchema("object", null, null, null, null, null))
						.build(),
					(exchange, request) -> McpSchema.CallToolResult.builder().addTextContent(name).build());
		}

	}

}

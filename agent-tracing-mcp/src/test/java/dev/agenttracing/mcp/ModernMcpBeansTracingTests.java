package dev.agenttracing.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.mcp.autoconfigure.McpTracingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the starter, the modern API's request managers and client transports that an
 * application declares as beans of those interfaces are traced with no code: a server
 * context serves its {@code McpRequestManager} bean in a real Tomcat, a client context
 * calls it through its {@code McpClientTransport} bean, and the calls are one trace. A
 * bean declared as the SDK's final {@code McpServer} is left as it is, so that injecting
 * it by that class keeps working.
 */
class ModernMcpBeansTracingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class));

	@Test
	void beansDeclaredAsTheSdksInterfacesAreTracedWithNoCode() throws Exception {
		try (TestTelemetry telemetry = new TestTelemetry()) {
			this.runner.withBean(OpenTelemetry.class, () -> unclosed(telemetry.openTelemetry))
				.withUserConfiguration(ServerBeans.class)
				.run((server) -> {
					McpRequestManager requestManager = server.getBean(McpRequestManager.class);
					assertThat(requestManager).isNotInstanceOf(McpServer.class);
					assertThat(server.getBean(McpTracing.class).instrument(requestManager)).isSameAs(requestManager);
					try (ModernMcpTestServer http = new ModernMcpTestServer(requestManager)) {
						this.runner.withBean(OpenTelemetry.class, () -> unclosed(telemetry.openTelemetry))
							.withBean(McpClientTransport.class,
									() -> HttpClientMcpTransport.builder(http.endpoint()).build())
							.run((client) -> {
								McpClientTransport transport = client.getBean(McpClientTransport.class);
								assertThat(transport).isNotInstanceOf(HttpClientMcpTransport.class);
								McpClient.sync(transport)
									.build()
									.tool("get_weather")
									.arguments(Map.of("city", "Paris"))
									.call();
							});
					}
				});
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(telemetry.names()).contains("SERVER tools/call get_weather"));
			SpanData clientCall = telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
			SpanData serverCall = telemetry.span(SpanKind.SERVER, "tools/call get_weather");
			assertThat(serverCall.getParentSpanId()).isEqualTo(clientCall.getSpanId());
			assertThat(serverCall.getTraceId()).isEqualTo(clientCall.getTraceId());
			// The client's tool catalog listed the tools first, in the same way.
			assertThat(telemetry.span(SpanKind.SERVER, "tools/list").getParentSpanId())
				.isEqualTo(telemetry.span(SpanKind.CLIENT, "tools/list").getSpanId());
		}
	}

	@Test
	void aServerDeclaredByItsOwnClassIsLeftAloneAndStillInjectable() {
		this.runner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.withBean("mcpServer", McpServer.class, () -> ModernMcpTestServer.server("by-class"))
			.withBean(ServerUser.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("mcpServer")).isInstanceOf(McpServer.class);
				assertThat(context.getBean(ServerUser.class).server).isSameAs(context.getBean("mcpServer"));
			});
	}

	@Test
	void leavesBeansAloneWhenSwitchedOff() {
		this.runner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.withUserConfiguration(ServerBeans.class)
			.withBean(McpClientTransport.class,
					() -> HttpClientMcpTransport.builder(URI.create("http://127.0.0.1:9/mcp")).build())
			.withPropertyValues("agent.tracing.mcp.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(McpRequestManager.class)).isInstanceOf(McpServer.class);
				assertThat(context.getBean(McpClientTransport.class)).isInstanceOf(HttpClientMcpTransport.class);
			});
	}

	// A context closes an AutoCloseable bean; the SDK's in-memory exporter would forget
	// its spans.
	private static OpenTelemetry unclosed(OpenTelemetry openTelemetry) {
		return new OpenTelemetry() {

			@Override
			public TracerProvider getTracerProvider() {
				return openTelemetry.getTracerProvider();
			}

			@Override
			public ContextPropagators getPropagators() {
				return openTelemetry.getPropagators();
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class ServerBeans {

		@Bean
		McpRequestManager mcpServer() {
			return ModernMcpTestServer.server("beans");
		}

	}

	static class ServerUser {

		final McpServer server;

		ServerUser(McpServer server) {
			this.server = server;
		}

	}

}

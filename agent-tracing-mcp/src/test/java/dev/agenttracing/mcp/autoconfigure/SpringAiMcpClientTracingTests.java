package dev.agenttracing.mcp.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.client.common.autoconfigure.McpClientAutoConfiguration;
import org.springframework.ai.mcp.client.httpclient.autoconfigure.StreamableHttpHttpClientTransportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.mcp.McpTestSupport;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring AI 2.0.1's MCP client auto-configuration, on MCP SDK 2.2.0, with no code of the
 * application's: its clients' requests are traced and carry the trace context to the
 * server.
 */
class SpringAiMcpClientTracingTests {

	@Test
	void clientsOfSpringAiAreTracedWithoutCode() throws Exception {
		try (McpTestSupport support = McpTestSupport.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class,
						McpTracingAutoConfiguration.class, StreamableHttpHttpClientTransportAutoConfiguration.class,
						McpClientAutoConfiguration.class))
				.withBean(OpenTelemetry.class, support::openTelemetry)
				.withPropertyValues("spring.ai.mcp.client.streamable-http.connections.weather.url=" + support.url(),
						"spring.ai.mcp.client.streamable-http.connections.weather.endpoint=/mcp",
						"spring.ai.mcp.client.request-timeout=20s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					@SuppressWarnings("unchecked")
					List<McpSyncClient> clients = context.getBean("mcpSyncClients", List.class);
					assertThat(clients).hasSize(1);
					McpSchema.CallToolResult result = clients.get(0)
						.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")));
					assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("rainy in Paris");
					await().atMost(Duration.ofSeconds(10))
						.until(() -> support.spans().stream().anyMatch((span) -> span.getKind() == SpanKind.SERVER));
					SpanData client = support.span(SpanKind.CLIENT, "tools/call get_weather");
					SpanData server = support.span(SpanKind.SERVER, "tools/call get_weather");
					assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
					assertThat(client.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
					assertThat(client.getAttributes().get(McpAttributes.SESSION_ID)).isNotBlank();
					assertThat(support.span(SpanKind.CLIENT, "initialize")
						.getAttributes()
						.get(McpAttributes.PROTOCOL_VERSION)).isEqualTo("2025-11-25");
				});
		}
	}

}

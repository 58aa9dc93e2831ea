package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring AI 2.0.1 MCP server (WebMVC, streamable HTTP) on MCP SDK 2.2.0, in its own
 * Tomcat on 127.0.0.1, with agent-tracing's auto-configuration and no code of the
 * application's: its tool is served under a SERVER span that is the child of the SDK
 * client's span.
 */
class SpringAiMcpServerTracingTests {

	private static final TestTelemetry telemetry = new TestTelemetry();

	@BeforeEach
	void forgetEarlierSpans() {
		telemetry.spans.reset();
	}

	@Test
	void springAiServerIsTracedWithoutCode() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webMvc("STREAMABLE", WeatherServer.class)) {
			int port = ((WebServerApplicationContext) server).getWebServer().getPort();
			McpSyncClient client = McpClient
				.sync(telemetry.mcpTracing.instrument(
						HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build()))
				.requestTimeout(Duration.ofSeconds(20))
				.build();
			try {
				client.initialize();
				assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("getWeather");
				McpSchema.CallToolResult result = client
					.callTool(new McpSchema.CallToolRequest("getWeather", Map.of("city", "Paris")));
				assertThat(result.content().get(0)).isInstanceOf(McpSchema.TextContent.class);
				assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("rainy in Paris");
			}
			finally {
				client.closeGracefully();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(telemetry.names()).contains("SERVER tools/call getWeather"));
			SpanData clientCall = telemetry.span(SpanKind.CLIENT, "tools/call getWeather");
			SpanData serverCall = telemetry.span(SpanKind.SERVER, "tools/call getWeather");
			assertThat(serverCall.getParentSpanId()).isEqualTo(clientCall.getSpanId());
			assertThat(serverCall.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("getWeather");
			assertThat(serverCall.getAttributes().get(McpAttributes.SESSION_ID))
				.isEqualTo(clientCall.getAttributes().get(McpAttributes.SESSION_ID));
			SpanData initialize = telemetry.span(SpanKind.SERVER, "initialize");
			assertThat(initialize.getParentSpanId())
				.isEqualTo(telemetry.span(SpanKind.CLIENT, "initialize").getSpanId());
			// One SERVER span per request, the tool's included, each with its request's
			// id.
			for (String name : List.of("initialize", "tools/list", "tools/call getWeather")) {
				assertThat(telemetry.finished()).as(name)
					.filteredOn((span) -> span.getKind() == SpanKind.SERVER && span.getName().equals(name))
					.hasSize(1);
				SpanData clientSpan = telemetry.span(SpanKind.CLIENT, name);
				SpanData serverSpan = telemetry.span(SpanKind.SERVER, name);
				assertThat(serverSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name)
					.isNotEmpty()
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
				assertThat(serverSpan.getAttributes().get(McpAttributes.CLIENT_ADDRESS)).as(name)
					.isEqualTo("127.0.0.1");
				assertThat(serverSpan.getAttributes().get(McpAttributes.CLIENT_PORT)).as(name).isPositive();
			}
			// The client sends the negotiated version from its second request on.
			for (String name : List.of("tools/list", "tools/call getWeather")) {
				assertThat(telemetry.span(SpanKind.SERVER, name).getAttributes().get(McpAttributes.PROTOCOL_VERSION))
					.as(name)
					.isNotEmpty()
					.isEqualTo(
							telemetry.span(SpanKind.CLIENT, name).getAttributes().get(McpAttributes.PROTOCOL_VERSION));
			}
			assertThat(telemetry.finished()).filteredOn((span) -> span.getKind() == SpanKind.SERVER)
				.extracting(SpanData::getName)
				.containsExactlyInAnyOrder("initialize", "notifications/initialized", "tools/list",
						"tools/call getWeather");
			SemconvCheck.assertNoFindings(telemetry.finished());
		}
	}

	@Test
	void springAiStatelessServerGivesEveryRequestOneServerSpanWithItsId() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webMvc("STATELESS", WeatherServer.class)) {
			int port = ((WebServerApplicationContext) server).getWebServer().getPort();
			McpSyncClient client = McpClient
				.sync(telemetry.mcpTracing.instrument(
						HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build()))
				.requestTimeout(Duration.ofSeconds(20))
				.build();
			try {
				client.initialize();
				assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("getWeather");
				McpSchema.CallToolResult result = client
					.callTool(new McpSchema.CallToolRequest("getWeather", Map.of("city", "Paris")));
				assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("rainy in Paris");
			}
			finally {
				client.closeGracefully();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(telemetry.names()).contains("SERVER tools/call getWeather"));
			for (String name : List.of("initialize", "tools/list", "tools/call getWeather")) {
				SpanData clientSpan = telemetry.span(SpanKind.CLIENT, name);
				SpanData serverSpan = telemetry.span(SpanKind.SERVER, name);
				assertThat(serverSpan.getParentSpanId()).as(name).isEqualTo(clientSpan.getSpanId());
				assertThat(serverSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name)
					.isNotEmpty()
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
				assertThat(serverSpan.getAttributes().get(McpAttributes.CLIENT_ADDRESS)).as(name)
					.isEqualTo("127.0.0.1");
			}
			SpanData toolCall = telemetry.span(SpanKind.SERVER, "tools/call getWeather");
			assertThat(toolCall.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("getWeather");
			assertThat(toolCall.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
			assertThat(telemetry.finished()).filteredOn((span) -> span.getKind() == SpanKind.SERVER)
				.extracting(SpanData::getName)
				.containsExactlyInAnyOrder("initialize", "notifications/initialized", "tools/list",
						"tools/call getWeather");
			SemconvCheck.assertNoFindings(telemetry.finished());
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WeatherServer {

		// Shared by both tests: closing one server's context must not shut it down.
		@Bean(destroyMethod = "")
		OpenTelemetry openTelemetry() {
			return telemetry.openTelemetry;
		}

		@Bean
		ToolCallbackProvider weatherTools() {
			return MethodToolCallbackProvider.builder().toolObjects(new WeatherTools()).build();
		}

	}

	static class WeatherTools {

		@org.springframework.ai.tool.annotation.Tool(description = "The weather in a city")
		public String getWeather(String city) {
			return "rainy in " + city;
		}

	}

}

package dev.agenttracing.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring AI 2.0.1 MCP server over stdio, in a child JVM, with agent-tracing's
 * auto-configuration and no code of the application's: every request is one SERVER span
 * under the SDK client's span, in one trace.
 */
class SpringAiMcpStdioServerTracingTests {

	@Test
	void springAiStdioServerGivesEveryRequestOneServerSpanWithoutCode(@TempDir Path directory) throws Exception {
		Path serverSpans = directory.resolve("server-spans.jsonl");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ServerParameters parameters = ServerParameters.builder(java)
			.args("-cp", System.getProperty("java.class.path"), "-Dspans=" + serverSpans,
					SpringAiStdioWeatherServer.class.getName(), "--spring.ai.mcp.server.stdio=true",
					"--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
					"--logging.config=classpath:stdio-server-logback.xml", "--spring.ai.mcp.server.name=weather",
					"--spring.ai.mcp.client.enabled=false", "--management.otlp.metrics.export.enabled=false")
			.build();
		try (TestTelemetry telemetry = new TestTelemetry()) {
			McpSyncClient client = McpClient
				.sync(telemetry.mcpTracing.instrument(new StdioClientTransport(parameters, McpTestServer.JSON)))
				.requestTimeout(Duration.ofSeconds(60))
				.initializationTimeout(Duration.ofSeconds(60))
				.build();
			try {
				client.initialize();
				assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("getWeather");
				McpSchema.CallToolResult result = client
					.callTool(new McpSchema.CallToolRequest("getWeather", Map.of("city", "Paris")));
				assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("rainy in Paris");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> SpanFile.read(serverSpans)
						.stream()
						.anyMatch((span) -> span.getName().equals("tools/call getWeather")));
			}
			finally {
				client.closeGracefully();
			}
			List<SpanData> server = SpanFile.read(serverSpans);
			assertThat(server).filteredOn((span) -> span.getKind() == SpanKind.SERVER)
				.extracting(SpanData::getName)
				.containsExactly("initialize", "notifications/initialized", "tools/list", "tools/call getWeather");
			for (String name : List.of("initialize", "tools/list", "tools/call getWeather")) {
				SpanData clientSpan = telemetry.span(SpanKind.CLIENT, name);
				SpanData serverSpan = server.stream().filter((span) -> span.getName().equals(name)).findFirst().get();
				assertThat(serverSpan.getTraceId()).as(name).isEqualTo(clientSpan.getTraceId());
				assertThat(serverSpan.getParentSpanId()).as(name).isEqualTo(clientSpan.getSpanId());
				assertThat(serverSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name)
					.isNotEmpty()
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
				assertThat(serverSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).as(name)
					.isEqualTo("2025-11-25");
				assertThat(serverSpan.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).as(name).isEqualTo("pipe");
			}
			assertThat(server.get(3).getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("getWeather");
			List<SpanData> both = new ArrayList<>(telemetry.finished());
			both.addAll(server);
			SemconvCheck.assertNoFindings(both);
		}
	}

}

package dev.agenttracing.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * A real SDK client talking over stdio to a real SDK server in a child JVM: the server span,
 * recorded in the child, is the child of the client span, in one trace.
 */
class McpStdioTracingTests {

	@Test
	void traceContextCrossesAPipeToAServerInAnotherProcess(@TempDir Path directory) throws Exception {
		Path serverSpans = directory.resolve("server-spans.txt");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ServerParameters parameters = ServerParameters.builder(java)
			.args("-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=stdio-server-logback.xml",
					StdioWeatherServer.class.getName(), serverSpans.toString())
			.build();
		try (TestTelemetry telemetry = new TestTelemetry()) {
			McpSyncClient client = McpClient
				.sync(telemetry.mcpTracing.instrument(new StdioClientTransport(parameters, McpTestServer.JSON)))
				.requestTimeout(Duration.ofSeconds(30))
				.initializationTimeout(Duration.ofSeconds(30))
				.build();
			try {
				client.initialize();
				assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("get_weather");
				McpSchema.CallToolResult result = client
					.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")));
				assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("sunny");
			}
			finally {
				client.closeGracefully();
			}
			SpanData call = telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
			assertThat(call.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).isEqualTo("pipe");
			assertThat(call.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).isNull();
			assertThat(call.getAttributes().get(McpAttributes.SESSION_ID)).isNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(serverSpans));
			List<String[]> lines = Files.readAllLines(serverSpans).stream().map((line) -> line.split(" ")).toList();
			// Over stdio nothing public sees initialize or tools/list on the server (see the README):
			// the tool call alone has a SERVER span, exactly one.
			assertThat(lines).hasSize(1);
			String[] server = lines.get(0);
			assertThat(server[0]).isEqualTo("SERVER");
			assertThat(server[1]).isEqualTo("tools/call_get_weather");
			assertThat(server[2]).as("trace id").isEqualTo(call.getTraceId());
			assertThat(server[4]).as("parent span id").isEqualTo(call.getSpanId());
			assertThat(server[5]).as("network.transport").isEqualTo("pipe");
			SemconvCheck.assertNoFindings(telemetry.finished());
		}
	}

}

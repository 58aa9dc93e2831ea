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
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real SDK client talking over stdio to a real SDK server in a child JVM, on the traced
 * stdio transport: every request the server handles, those it answers itself included, is
 * one SERVER span, recorded in the child, that is the child of the client's span, in one
 * trace, with the request's JSON-RPC id and the negotiated protocol version.
 */
class McpStdioTracingTests {

	@Test
	void everyRequestOverAPipeIsOneServerSpanUnderItsClientSpan(@TempDir Path directory) throws Exception {
		Path serverSpans = directory.resolve("server-spans.jsonl");
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
				assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
					.containsExactlyInAnyOrder("get_weather", "flaky_forecast");
				McpSchema.CallToolResult result = client
					.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")));
				assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("sunny");
				assertThat(client.callTool(new McpSchema.CallToolRequest("flaky_forecast", Map.of())).isError())
					.isTrue();
				client.ping();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> SpanFile.read(serverSpans).stream().anyMatch((span) -> span.getName().equals("ping")));
			}
			finally {
				client.closeGracefully();
			}
			List<SpanData> server = SpanFile.read(serverSpans);
			assertThat(server).extracting((span) -> span.getKind() + " " + span.getName())
				.containsExactly("SERVER initialize", "SERVER notifications/initialized", "SERVER tools/list",
						"SERVER tools/call get_weather", "SERVER tools/call flaky_forecast", "SERVER ping");
			for (SpanData span : server) {
				assertThat(span.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).as(span.getName())
					.isEqualTo("pipe");
				assertThat(span.getAttributes().get(McpAttributes.METHOD_NAME)).as(span.getName())
					.isEqualTo(span.getName().split(" ")[0]);
				// Stdio has no session id on the wire: neither side names one.
				assertThat(span.getAttributes().get(McpAttributes.SESSION_ID)).as(span.getName()).isNull();
			}
			for (String name : List.of("initialize", "tools/list", "tools/call get_weather",
					"tools/call flaky_forecast", "ping")) {
				SpanData clientSpan = telemetry.span(SpanKind.CLIENT, name);
				SpanData serverSpan = server.stream().filter((span) -> span.getName().equals(name)).findFirst().get();
				assertThat(serverSpan.getTraceId()).as(name).isEqualTo(clientSpan.getTraceId());
				assertThat(serverSpan.getParentSpanId()).as(name).isEqualTo(clientSpan.getSpanId());
				assertThat(serverSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name)
					.isNotEmpty()
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
				assertThat(serverSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).as(name)
					.isEqualTo("2025-11-25")
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION));
			}
			SpanData weather = server.get(3);
			assertThat(weather.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
			assertThat(weather.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
			assertThat(weather.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			SpanData flaky = server.get(4);
			assertThat(flaky.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(flaky.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("tool_error");
			assertThat(server.get(1).getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).isNull();
			SpanData call = telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
			assertThat(call.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).isEqualTo("pipe");
			assertThat(call.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).isNull();
			List<SpanData> both = new ArrayList<>(telemetry.finished());
			both.addAll(server);
			SemconvCheck.assertNoFindings(both);
		}
	}

}

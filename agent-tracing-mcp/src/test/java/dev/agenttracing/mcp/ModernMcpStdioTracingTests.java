package dev.agenttracing.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real client of the MCP SDK's {@code io.modelcontextprotocol.modern} API talking over
 * stdio to a real server of that API in a child JVM: every request the server handles is
 * one SERVER span, recorded in the child, the child of the client's span, in one trace.
 */
class ModernMcpStdioTracingTests {

	@Test
	void everyRequestOverAPipeIsOneServerSpanUnderItsClientSpan(@TempDir Path directory) throws Exception {
		Path serverSpans = directory.resolve("server-spans.jsonl");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ServerParameters parameters = ServerParameters.builder(java)
			.args("-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=stdio-server-logback.xml",
					ModernStdioWeatherServer.class.getName(), serverSpans.toString())
			.build();
		try (TestTelemetry telemetry = new TestTelemetry();
				StdioMcpClientTransport transport = StdioMcpClientTransport.builder(parameters)
					.jsonMapper(McpTestServer.JSON)
					.start()) {
			McpSyncClient client = McpClient.sync(telemetry.mcpTracing.instrument(transport))
				.roundTimeout(Duration.ofSeconds(30))
				.build();
			client.discover();
			assertThat(client.tools().list().tools()).extracting(McpSchema.Tool::name)
				.containsExactlyInAnyOrder("get_weather", "flaky_forecast", "streamed_forecast");
			McpSchema.CallToolResult result = client.tool("get_weather").arguments(Map.of("city", "Paris")).call();
			assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("sunny");
			assertThat(client.tool("flaky_forecast").arguments(Map.of()).call().isError()).isTrue();
			assertThatExceptionOfType(McpException.class)
				.isThrownBy(() -> client.tool(McpSchema.Tool.builder("no_such_tool", Map.of("type", "object")).build())
					.arguments(Map.of())
					.call())
				.satisfies((ex) -> assertThat(ex.error().code()).isEqualTo(-32602));
			List<SpanData> clientSpans = telemetry.finished()
				.stream()
				.filter((span) -> span.getKind() == SpanKind.CLIENT)
				.toList();
			await().atMost(Duration.ofSeconds(10)).until(() -> SpanFile.read(serverSpans).size() == clientSpans.size());
			List<SpanData> server = SpanFile.read(serverSpans);
			assertThat(server).extracting((span) -> span.getKind() + " " + span.getName())
				.containsExactlyElementsOf(clientSpans.stream().map((span) -> "SERVER " + span.getName()).toList())
				.contains("SERVER server/discover", "SERVER tools/list", "SERVER tools/call get_weather",
						"SERVER tools/call flaky_forecast", "SERVER tools/call no_such_tool");
			for (SpanData clientSpan : clientSpans) {
				String name = clientSpan.getName();
				List<SpanData> children = server.stream()
					.filter((span) -> span.getParentSpanId().equals(clientSpan.getSpanId()))
					.toList();
				assertThat(children).as(name).hasSize(1);
				SpanData serverSpan = children.get(0);
				assertThat(serverSpan.getName()).isEqualTo(name);
				assertThat(serverSpan.getTraceId()).as(name).isEqualTo(clientSpan.getTraceId());
				for (SpanData span : List.of(clientSpan, serverSpan)) {
					String what = span.getKind() + " " + name;
					assertThat(span.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).as(what).isEqualTo("pipe");
					assertThat(span.getAttributes().get(McpAttributes.NETWORK_PROTOCOL_NAME)).as(what).isNull();
					assertThat(span.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).as(what)
						.isEqualTo(ModernMcpHttpTracingTests.PROTOCOL_VERSION);
					assertThat(span.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(what)
						.isNotBlank()
						.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
					assertThat(span.getAttributes().get(McpAttributes.SESSION_ID)).as(what).isNull();
				}
				assertThat(clientSpan.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).as(name).isNull();
			}
			SpanData weather = serverSpan(server, "tools/call get_weather");
			assertThat(weather.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
			assertThat(weather.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
			assertThat(weather.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			SpanData flaky = serverSpan(server, "tools/call flaky_forecast");
			assertThat(flaky.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(flaky.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("tool_error");
			SpanData unknown = serverSpan(server, "tools/call no_such_tool");
			assertThat(unknown.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("-32602");
			assertThat(unknown.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isEqualTo("-32602");
			assertThat(telemetry.span(SpanKind.CLIENT, "tools/call flaky_forecast")
				.getAttributes()
				.get(GenAiAttributes.ERROR_TYPE)).isEqualTo("tool_error");
			List<SpanData> both = new ArrayList<>(telemetry.finished());
			both.addAll(server);
			SemconvCheck.assertNoFindings(both);
		}
	}

	private static SpanData serverSpan(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

}

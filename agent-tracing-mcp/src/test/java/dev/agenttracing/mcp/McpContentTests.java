package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.redact.Redactor;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With content recording on, tool arguments and results are on the client's tools/call
 * span, redacted.
 */
class McpContentTests {

	@Test
	void argumentsAndResultAreRecordedRedacted() throws Exception {
		ContentRecorder content = ContentRecorder.builder(Redactor.builder().build()).enabled(true).build();
		try (TestTelemetry telemetry = new TestTelemetry(content);
				McpTestServer server = new McpTestServer(telemetry.mcpTracing)) {
			McpSyncClient client = McpClient
				.sync(telemetry.mcpTracing
					.instrument(HttpClientStreamableHttpTransport.builder(server.url()).endpoint("/mcp").build()))
				.requestTimeout(Duration.ofSeconds(20))
				.build();
			try {
				client.initialize();
				client.callTool(new McpSchema.CallToolRequest("get_weather",
						Map.of("city", "Paris", "contact", "jane.doe@example.com")));
			}
			finally {
				client.closeGracefully();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> telemetry.finished().size() >= 3);
			SpanData call = telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
			String arguments = call.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS);
			assertThat(arguments).contains("\"city\":\"Paris\"").doesNotContain("jane.doe@example.com");
			assertThat(call.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).contains("rainy in Paris");
			SpanData served = telemetry.span(SpanKind.SERVER, "tools/call get_weather");
			assertThat(served.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isNull();
			SemconvCheck.assertNoFindings(telemetry.finished());
		}
	}

}

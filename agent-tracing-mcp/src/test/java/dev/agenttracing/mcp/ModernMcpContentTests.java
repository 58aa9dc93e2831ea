package dev.agenttracing.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
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
 * With content recording on, a modern-API client's tools/call span has the tool's
 * arguments and result, redacted; the server's span has none.
 */
class ModernMcpContentTests {

	@Test
	void argumentsAndResultAreRecordedRedacted() throws Exception {
		ContentRecorder content = ContentRecorder.builder(Redactor.builder().build()).enabled(true).build();
		try (TestTelemetry telemetry = new TestTelemetry(content);
				ModernMcpTestServer server = new ModernMcpTestServer(telemetry.mcpTracing)) {
			McpClient
				.sync(telemetry.mcpTracing.instrument(HttpClientMcpTransport.builder(server.endpoint()).build(),
						URI.create(server.endpoint())))
				.build()
				.tool("get_weather")
				.arguments(Map.of("city", "Paris", "contact", "jane.doe@example.com"))
				.call();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> telemetry.finished()
					.stream()
					.filter((span) -> span.getKind() == SpanKind.SERVER)
					.count() == 2);
			SpanData call = telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
			assertThat(call.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).contains("\"city\":\"Paris\"")
				.doesNotContain("jane.doe@example.com");
			assertThat(call.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).contains("sunny");
			SpanData served = telemetry.span(SpanKind.SERVER, "tools/call get_weather");
			assertThat(served.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isNull();
			assertThat(served.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).isNull();
			SemconvCheck.assertNoFindings(telemetry.finished());
		}
	}

}

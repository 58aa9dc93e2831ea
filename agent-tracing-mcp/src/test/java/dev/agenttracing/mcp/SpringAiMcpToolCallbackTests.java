package dev.agenttracing.mcp;

import java.time.Duration;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.SyncMcpToolCallback;
import org.springframework.ai.tool.ToolCallback;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An MCP tool called through Spring AI's tool callback inside a tool execution that
 * agent-tracing traces (as the Spring AI integration does around every
 * {@code ToolCallback}) is one tool span with both the GenAI and the MCP attributes, not
 * two.
 */
class SpringAiMcpToolCallbackTests {

	@Test
	void mcpToolCallbackInsideAToolExecutionGivesOneToolSpan() throws Exception {
		try (TestTelemetry telemetry = new TestTelemetry();
				McpTestServer server = new McpTestServer(telemetry.mcpTracing)) {
			McpSyncClient client = McpClient
				.sync(telemetry.mcpTracing
					.instrument(HttpClientStreamableHttpTransport.builder(server.url()).endpoint("/mcp").build()))
				.requestTimeout(Duration.ofSeconds(20))
				.build();
			try {
				client.initialize();
				McpSchema.Tool tool = client.listTools()
					.tools()
					.stream()
					.filter((candidate) -> candidate.name().equals("get_weather"))
					.findFirst()
					.orElseThrow();
				ToolCallback callback = SyncMcpToolCallback.builder().mcpClient(client).tool(tool).build();
				String answer = telemetry.agentTracer.agentRun(AgentRunSpec.named("trip-planner").provider("openai"),
						() -> telemetry.agentTracer.tool(ToolSpec.named("get_weather"),
								() -> callback.call("{\"city\":\"Paris\"}")));
				assertThat(answer).contains("rainy in Paris");
			}
			finally {
				client.closeGracefully();
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> telemetry.finished().stream().anyMatch((span) -> span.getKind() == SpanKind.SERVER));
			assertThat(telemetry.names()).filteredOn((name) -> name.contains("get_weather"))
				.containsExactlyInAnyOrder("INTERNAL execute_tool get_weather", "SERVER tools/call get_weather");
			SpanData toolSpan = telemetry.span(SpanKind.INTERNAL, "execute_tool get_weather");
			assertThat(toolSpan.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
			assertThat(toolSpan.getAttributes().get(McpAttributes.METHOD_NAME)).isEqualTo("tools/call");
			assertThat(toolSpan.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).isEqualTo("tcp");
			assertThat(toolSpan.getAttributes().get(GenAiAttributes.SERVER_PORT)).isEqualTo((long) server.port());
			assertThat(telemetry.span(SpanKind.SERVER, "tools/call get_weather").getParentSpanId())
				.isEqualTo(toolSpan.getSpanId());
			SemconvCheck.assertNoFindings(telemetry.finished());
		}
	}

}

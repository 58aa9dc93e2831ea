package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
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
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The servers whose tool calls only the HTTP filter sees (Spring AI's stateless servers
 * on WebMVC and WebFlux) and a tool call no handler serves on Spring AI's streamable
 * servers (WebMVC and WebFlux): the filter ends each SERVER span with what the response
 * the server writes says, read as it goes to the client. A tool result flagged
 * {@code isError} is {@code tool_error}, a JSON-RPC error its code, and an OK call stays
 * OK.
 */
class SpringAiMcpServerErrorTracingTests {

	private static final TestTelemetry telemetry = new TestTelemetry();

	// What MCP SDK 2.2.0 answers for a tool it does not have: invalid params.
	private static final String UNKNOWN_TOOL_CODE = "-32602";

	@BeforeEach
	void forgetEarlierSpans() {
		telemetry.spans.reset();
	}

	@Test
	void webMvcStatelessServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webMvc("STATELESS", ToolServer.class)) {
			callTools(server, true);
		}
	}

	@Test
	void webFluxStatelessServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webFlux("STATELESS", ToolServer.class)) {
			callTools(server, true);
		}
	}

	@Test
	void webMvcStreamableServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webMvc("STREAMABLE", ToolServer.class)) {
			callTools(server, false);
		}
	}

	@Test
	void webFluxStreamableServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webFlux("STREAMABLE", ToolServer.class)) {
			callTools(server, false);
		}
	}

	private static void callTools(ConfigurableApplicationContext server, boolean stateless) {
		int port = ((WebServerApplicationContext) server).getWebServer().getPort();
		McpSyncClient client = McpClient
			.sync(telemetry.mcpTracing.instrument(
					HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build()))
			.requestTimeout(Duration.ofSeconds(20))
			.build();
		McpError unknown;
		try {
			client.initialize();
			McpSchema.CallToolResult weather = client
				.callTool(new McpSchema.CallToolRequest("getWeather", Map.of("city", "Paris")));
			assertThat(((McpSchema.TextContent) weather.content().get(0)).text()).contains("rainy in Paris");
			assertThat(
					client.callTool(new McpSchema.CallToolRequest("flakyForecast", Map.of("city", "Paris"))).isError())
				.isTrue();
			unknown = catchThrowableOfType(McpError.class,
					() -> client.callTool(new McpSchema.CallToolRequest("noSuchTool", Map.of())));
		}
		finally {
			client.closeGracefully();
		}
		assertThat(unknown).isNotNull();
		assertThat(unknown.getJsonRpcError().code()).hasToString(UNKNOWN_TOOL_CODE);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(telemetry.names()).contains("SERVER tools/call noSuchTool",
					"CLIENT tools/call noSuchTool", "SERVER tools/call flakyForecast"));
		SpanData weather = telemetry.span(SpanKind.SERVER, "tools/call getWeather");
		assertThat(weather.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(weather.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isNull();
		assertThat(weather.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isNull();
		SpanData flaky = telemetry.span(SpanKind.SERVER, "tools/call flakyForecast");
		assertThat(flaky.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(flaky.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("tool_error");
		assertThat(flaky.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isNull();
		SpanData noSuchTool = telemetry.span(SpanKind.SERVER, "tools/call noSuchTool");
		SpanData clientCall = telemetry.span(SpanKind.CLIENT, "tools/call noSuchTool");
		assertThat(noSuchTool.getParentSpanId()).isEqualTo(clientCall.getSpanId());
		assertThat(noSuchTool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(noSuchTool.getStatus().getDescription()).isEqualTo(unknown.getJsonRpcError().message());
		assertThat(noSuchTool.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo(UNKNOWN_TOOL_CODE);
		assertThat(noSuchTool.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isEqualTo(UNKNOWN_TOOL_CODE);
		assertThat(noSuchTool.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID))
			.isEqualTo(clientCall.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
		assertThat(noSuchTool.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("noSuchTool");
		assertThat(noSuchTool.getAttributes().get(McpAttributes.SESSION_ID))
			.isEqualTo(stateless ? null : clientCall.getAttributes().get(McpAttributes.SESSION_ID));
		assertMeasuredInItsBucket(server.getBean(MeterRegistry.class),
				Map.of("getWeather", "", "flakyForecast", "tool_error", "noSuchTool", UNKNOWN_TOOL_CODE));
		SemconvCheck.assertNoFindings(telemetry.finished());
	}

	// One measurement per tool call, tagged with its error type, in the bucket its span's
	// duration falls in.
	private static void assertMeasuredInItsBucket(MeterRegistry meters, Map<String, String> errorTypes) {
		for (Map.Entry<String, String> tool : errorTypes.entrySet()) {
			List<Timer> timers = List.copyOf(meters.get("mcp.server.operation.duration")
				.tag("mcp.method.name", "tools/call")
				.tag("gen_ai.tool.name", tool.getKey())
				.timers());
			assertThat(timers).as(tool.getKey()).hasSize(1);
			Timer timer = timers.get(0);
			assertThat(timer.getId().getTag("error.type")).as(tool.getKey()).isEqualTo(tool.getValue());
			assertThat(timer.count()).as(tool.getKey()).isEqualTo(1);
			SpanData span = telemetry.span(SpanKind.SERVER, "tools/call " + tool.getKey());
			long nanos = span.getEndEpochNanos() - span.getStartEpochNanos();
			CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
			assertThat(buckets).extracting((bucket) -> bucket.bucket(TimeUnit.SECONDS))
				.containsExactlyElementsOf(McpAttributes.DURATION_BUCKETS);
			for (CountAtBucket bucket : buckets) {
				double boundary = bucket.bucket(TimeUnit.NANOSECONDS);
				// The span's clock and the timer's differ by microseconds.
				if (Math.abs(boundary - nanos) > 1_000_000) {
					assertThat(bucket.count()).as("%s within %s s", tool.getKey(), bucket.bucket(TimeUnit.SECONDS))
						.isEqualTo((nanos <= boundary) ? 1.0 : 0.0);
				}
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ToolServer {

		// Shared by every test: closing one server's context must not shut it down.
		@Bean(destroyMethod = "")
		OpenTelemetry openTelemetry() {
			return telemetry.openTelemetry;
		}

		@Bean
		ToolCallbackProvider weatherTools() {
			return MethodToolCallbackProvider.builder().toolObjects(new SpringAiWeatherTools()).build();
		}

	}

}

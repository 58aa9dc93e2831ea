package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
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
import static org.awaitility.Awaitility.await;

/**
 * Spring AI's MCP server starters over the transports that need more than instrumented
 * specifications (WebMVC SSE; WebFlux streamable HTTP, SSE and stateless), each in its
 * own server on 127.0.0.1 with agent-tracing's auto-configuration and no code of the
 * application's, called by a traced MCP SDK client: every request is one SERVER span, the
 * child of its CLIENT span, with the request's attributes, and one measurement.
 */
class SpringAiMcpWebServerTracingTests {

	private static final TestTelemetry telemetry = new TestTelemetry();

	private static final List<String> REQUESTS = List.of("initialize", "tools/list", "tools/call getWeather",
			"tools/call flakyForecast", "ping");

	@BeforeEach
	void forgetEarlierSpans() {
		telemetry.spans.reset();
	}

	@Test
	void webMvcSseServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webMvc("SSE", WeatherServer.class,
				"--server.shutdown=immediate")) {
			callEveryKindOfRequest(sse(server));
			assertOneServerSpanPerRequest(server, Session.OF_THE_SERVER, Version.NEGOTIATED, true);
		}
	}

	@Test
	void webFluxStreamableServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webFlux("STREAMABLE", WeatherServer.class)) {
			callEveryKindOfRequest(streamable(server));
			assertOneServerSpanPerRequest(server, Session.OF_THE_CLIENT, Version.SENT_AFTER_INITIALIZE, true);
		}
	}

	@Test
	void webFluxStreamableAsyncServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webFlux("STREAMABLE", WeatherServer.class,
				"--spring.ai.mcp.server.type=ASYNC")) {
			callEveryKindOfRequest(streamable(server));
			assertOneServerSpanPerRequest(server, Session.OF_THE_CLIENT, Version.SENT_AFTER_INITIALIZE, true);
		}
	}

	@Test
	void webFluxSseServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webFlux("SSE", WeatherServer.class)) {
			callEveryKindOfRequest(sse(server));
			assertOneServerSpanPerRequest(server, Session.OF_THE_SERVER, Version.NEGOTIATED, true);
		}
	}

	@Test
	void webFluxStatelessServer() {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webFlux("STATELESS", WeatherServer.class)) {
			callEveryKindOfRequest(streamable(server));
			assertOneServerSpanPerRequest(server, Session.NONE, Version.SENT_AFTER_INITIALIZE, true);
		}
	}

	private static McpClientTransport sse(ConfigurableApplicationContext server) {
		return HttpClientSseClientTransport.builder("http://127.0.0.1:" + port(server)).sseEndpoint("/sse").build();
	}

	private static McpClientTransport streamable(ConfigurableApplicationContext server) {
		return HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port(server)).endpoint("/mcp").build();
	}

	private static int port(ConfigurableApplicationContext server) {
		return ((WebServerApplicationContext) server).getWebServer().getPort();
	}

	private static void callEveryKindOfRequest(McpClientTransport transport) {
		McpSyncClient client = McpClient.sync(telemetry.mcpTracing.instrument(transport))
			.requestTimeout(Duration.ofSeconds(20))
			.build();
		try {
			client.initialize();
			assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
				.containsExactlyInAnyOrder("getWeather", "flakyForecast");
			McpSchema.CallToolResult weather = client
				.callTool(new McpSchema.CallToolRequest("getWeather", Map.of("city", "Paris")));
			assertThat(((McpSchema.TextContent) weather.content().get(0)).text()).contains("rainy in Paris");
			assertThat(
					client.callTool(new McpSchema.CallToolRequest("flakyForecast", Map.of("city", "Paris"))).isError())
				.isTrue();
			client.ping();
		}
		finally {
			client.closeGracefully();
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(telemetry.names()).contains("SERVER ping", "CLIENT ping"));
	}

	private static void assertOneServerSpanPerRequest(ConfigurableApplicationContext server, Session session,
			Version version, boolean toolErrorSeen) {
		List<String> expected = new ArrayList<>(REQUESTS);
		expected.add(1, "notifications/initialized");
		assertThat(telemetry.finished()).filteredOn((span) -> span.getKind() == SpanKind.SERVER)
			.extracting(SpanData::getName)
			.containsExactlyInAnyOrderElementsOf(expected);
		String sessionId = null;
		for (String name : REQUESTS) {
			SpanData clientSpan = telemetry.span(SpanKind.CLIENT, name);
			SpanData serverSpan = telemetry.span(SpanKind.SERVER, name);
			assertThat(serverSpan.getTraceId()).as(name).isEqualTo(clientSpan.getTraceId());
			assertThat(serverSpan.getParentSpanId()).as(name).isEqualTo(clientSpan.getSpanId());
			assertThat(serverSpan.getAttributes().get(McpAttributes.METHOD_NAME)).as(name)
				.isEqualTo(clientSpan.getAttributes().get(McpAttributes.METHOD_NAME));
			assertThat(serverSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name)
				.isNotEmpty()
				.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
			assertThat(serverSpan.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).as(name).isEqualTo("tcp");
			assertThat(serverSpan.getAttributes().get(McpAttributes.CLIENT_ADDRESS)).as(name).isEqualTo("127.0.0.1");
			assertThat(serverSpan.getAttributes().get(McpAttributes.CLIENT_PORT)).as(name).isPositive();
			String serverSession = serverSpan.getAttributes().get(McpAttributes.SESSION_ID);
			switch (session) {
				case NONE -> assertThat(serverSession).as(name).isNull();
				case OF_THE_CLIENT -> assertThat(serverSession).as(name)
					.hasSizeGreaterThan(8)
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.SESSION_ID));
				case OF_THE_SERVER -> {
					assertThat(serverSession).as(name).hasSizeGreaterThan(8);
					assertThat(serverSession).as(name).isEqualTo((sessionId != null) ? sessionId : serverSession);
				}
			}
			sessionId = serverSession;
			String serverVersion = serverSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION);
			if (version == Version.NEGOTIATED || !name.equals("initialize")) {
				assertThat(serverVersion).as(name)
					.isNotEmpty()
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION));
			}
		}
		SpanData weather = telemetry.span(SpanKind.SERVER, "tools/call getWeather");
		assertThat(weather.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("getWeather");
		assertThat(weather.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
		assertThat(weather.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		SpanData flaky = telemetry.span(SpanKind.SERVER, "tools/call flakyForecast");
		if (toolErrorSeen) {
			assertThat(flaky.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(flaky.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("tool_error");
		}
		SpanData notification = telemetry.span(SpanKind.SERVER, "notifications/initialized");
		assertThat(notification.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).isEqualTo("tcp");
		assertThat(notification.getAttributes().get(McpAttributes.SESSION_ID))
			.isEqualTo((session == Session.NONE) ? null : sessionId);
		assertMeasuredOncePerRequest(server.getBean(MeterRegistry.class), toolErrorSeen);
		SemconvCheck.assertNoFindings(telemetry.finished());
	}

	// One measurement per request, in the bucket its span's duration falls in.
	private static void assertMeasuredOncePerRequest(MeterRegistry meters, boolean toolErrorSeen) {
		assertThat(meters.get("mcp.server.operation.duration").timers()).extracting(Timer::count)
			.containsOnly(1L)
			.hasSize(REQUESTS.size() + 1);
		for (SpanData span : telemetry.finished()) {
			if (span.getKind() != SpanKind.SERVER) {
				continue;
			}
			String tool = span.getAttributes().get(GenAiAttributes.TOOL_NAME);
			String errorType = span.getAttributes().get(GenAiAttributes.ERROR_TYPE);
			Timer timer = meters.get("mcp.server.operation.duration")
				.tag("mcp.method.name", span.getAttributes().get(McpAttributes.METHOD_NAME))
				.tag("gen_ai.tool.name", (tool != null) ? tool : "")
				.tag("network.transport", "tcp")
				.tag("error.type", (errorType != null) ? errorType : "")
				.timer();
			CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
			assertThat(buckets).extracting((bucket) -> bucket.bucket(TimeUnit.SECONDS))
				.containsExactlyElementsOf(McpAttributes.DURATION_BUCKETS);
			long nanos = span.getEndEpochNanos() - span.getStartEpochNanos();
			for (CountAtBucket bucket : buckets) {
				double boundary = bucket.bucket(TimeUnit.NANOSECONDS);
				// The span's clock and the timer's differ by microseconds: a duration
				// that close to a boundary could land on either side.
				if (Math.abs(boundary - nanos) > 1_000_000) {
					assertThat(bucket.count()).as("%s within %s s", span.getName(), bucket.bucket(TimeUnit.SECONDS))
						.isEqualTo((nanos <= boundary) ? 1.0 : 0.0);
				}
			}
		}
		if (toolErrorSeen) {
			assertThat(meters.get("mcp.server.operation.duration")
				.tag("gen_ai.tool.name", "flakyForecast")
				.timer()
				.getId()
				.getTag("error.type")).isEqualTo("tool_error");
		}
	}

	private enum Session {

		NONE, OF_THE_CLIENT, OF_THE_SERVER

	}

	private enum Version {

		NEGOTIATED, SENT_AFTER_INITIALIZE

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WeatherServer {

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

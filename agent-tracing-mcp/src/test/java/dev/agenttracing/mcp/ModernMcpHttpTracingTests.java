package dev.agenttracing.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A real client and a real server of the MCP SDK's {@code io.modelcontextprotocol.modern}
 * API over streamable HTTP on 127.0.0.1, both traced: the client by its transport, the
 * server by its request manager. That protocol has no {@code initialize}, no
 * {@code notifications/initialized} and no {@code ping} (the server answers it
 * {@code -32601}): every request names its protocol version in {@code _meta}.
 */
class ModernMcpHttpTracingTests {

	static final String PROTOCOL_VERSION = "2026-07-28";

	private TestTelemetry telemetry;

	private ModernMcpTestServer server;

	private McpSyncClient client;

	@BeforeEach
	void start() throws Exception {
		this.telemetry = new TestTelemetry();
		this.server = new ModernMcpTestServer(this.telemetry.mcpTracing);
		this.client = McpClient
			.sync(this.telemetry.mcpTracing.instrument(HttpClientMcpTransport.builder(this.server.endpoint()).build(),
					URI.create(this.server.endpoint())))
			.build();
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
		this.telemetry.close();
	}

	@Test
	void everyRequestIsOneServerSpanUnderItsClientSpanInOneTrace() throws Exception {
		this.client.discover();
		this.client.tools().list();
		McpSchema.CallToolResult weather = this.client.tool("get_weather")
			.arguments(Map.of("city", "Paris"))
			.meta(Map.of("caller", "trip-planner"))
			.call();
		assertThat(((McpSchema.TextContent) weather.content().get(0)).text()).isEqualTo("sunny");
		assertThat(this.client.tool("flaky_forecast").arguments(Map.of("city", "Paris")).call().isError()).isTrue();
		assertThatExceptionOfType(McpException.class)
			// Named by its definition: the client calls only tools it knows.
			.isThrownBy(() -> this.client.tool(McpSchema.Tool.builder("no_such_tool", Map.of("type", "object")).build())
				.arguments(Map.of())
				.call())
			.satisfies((ex) -> assertThat(ex.error().code()).isEqualTo(-32602));
		List<SpanData> clientSpans = awaitClientSpans(5);
		List<SpanData> serverSpans = serverSpans();
		// Exactly one SERVER span per request, the child of that request's CLIENT span.
		assertThat(serverSpans).hasSameSizeAs(clientSpans);
		for (SpanData clientSpan : clientSpans) {
			String name = clientSpan.getName();
			List<SpanData> children = serverSpans.stream()
				.filter((span) -> span.getParentSpanId().equals(clientSpan.getSpanId()))
				.toList();
			assertThat(children).as(name).hasSize(1);
			SpanData serverSpan = children.get(0);
			assertThat(serverSpan.getName()).isEqualTo(name);
			assertThat(serverSpan.getTraceId()).as(name).isEqualTo(clientSpan.getTraceId());
			for (SpanData span : List.of(clientSpan, serverSpan)) {
				String what = span.getKind() + " " + name;
				assertThat(span.getAttributes().get(McpAttributes.METHOD_NAME)).as(what).isEqualTo(name.split(" ")[0]);
				assertThat(span.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(what)
					.isNotBlank()
					.isEqualTo(clientSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
				assertThat(span.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).as(what)
					.isEqualTo(PROTOCOL_VERSION);
				assertThat(span.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).as(what).isEqualTo("tcp");
				assertThat(span.getAttributes().get(McpAttributes.NETWORK_PROTOCOL_NAME)).as(what).isEqualTo("http");
				// The protocol has no session.
				assertThat(span.getAttributes().get(McpAttributes.SESSION_ID)).as(what).isNull();
			}
			assertThat(clientSpan.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).as(name).isEqualTo("127.0.0.1");
			assertThat(clientSpan.getAttributes().get(GenAiAttributes.SERVER_PORT)).as(name)
				.isEqualTo((long) this.server.port());
		}
		assertThat(clientSpans).extracting(SpanData::getName)
			.contains("server/discover", "tools/list", "tools/call get_weather", "tools/call flaky_forecast",
					"tools/call no_such_tool");
		for (SpanKind kind : List.of(SpanKind.CLIENT, SpanKind.SERVER)) {
			SpanData call = this.telemetry.span(kind, "tools/call get_weather");
			assertThat(call.getStatus().getStatusCode()).as(kind.name()).isEqualTo(StatusCode.UNSET);
			assertThat(call.getAttributes().get(GenAiAttributes.TOOL_NAME)).as(kind.name()).isEqualTo("get_weather");
			assertThat(call.getAttributes().get(GenAiAttributes.OPERATION_NAME)).as(kind.name())
				.isEqualTo("execute_tool");
			SpanData flaky = this.telemetry.span(kind, "tools/call flaky_forecast");
			assertThat(flaky.getStatus().getStatusCode()).as(kind.name()).isEqualTo(StatusCode.ERROR);
			assertThat(flaky.getAttributes().get(GenAiAttributes.ERROR_TYPE)).as(kind.name()).isEqualTo("tool_error");
			assertThat(flaky.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).as(kind.name()).isNull();
			SpanData unknown = this.telemetry.span(kind, "tools/call no_such_tool");
			assertThat(unknown.getStatus().getStatusCode()).as(kind.name()).isEqualTo(StatusCode.ERROR);
			assertThat(unknown.getStatus().getDescription()).as(kind.name()).isEqualTo("Unknown tool: no_such_tool");
			assertThat(unknown.getAttributes().get(GenAiAttributes.ERROR_TYPE)).as(kind.name()).isEqualTo("-32602");
			assertThat(unknown.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).as(kind.name())
				.isEqualTo("-32602");
		}
		SemconvCheck.assertNoFindings(this.telemetry.finished());
	}

	@Test
	void traceContextTravelsInParamsMetaBesideTheSdksAndTheCallersEntries() {
		this.client.tool("get_weather")
			.arguments(Map.of("city", "Paris"))
			.meta(Map.of("caller", "trip-planner"))
			.call();
		SpanData call = awaitClientSpans(1).stream()
			.filter((span) -> span.getName().equals("tools/call get_weather"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> request = this.server.requests()
			.stream()
			.filter((body) -> "tools/call".equals(body.get("method")))
			.findFirst()
			.orElseThrow();
		@SuppressWarnings("unchecked")
		Map<String, Object> params = (Map<String, Object>) request.get("params");
		assertThat(params).containsEntry("name", "get_weather").containsEntry("arguments", Map.of("city", "Paris"));
		@SuppressWarnings("unchecked")
		Map<String, Object> meta = (Map<String, Object>) params.get("_meta");
		assertThat(meta).containsEntry("caller", "trip-planner")
			.containsEntry("traceparent", traceparent(call))
			.containsEntry("io.modelcontextprotocol/protocolVersion", PROTOCOL_VERSION)
			.containsKey("io.modelcontextprotocol/clientCapabilities");
		assertThat(request.get("id")).hasToString(call.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
	}

	@Test
	void insideAnAgentRunTheClientSpanIsUnderTheRunsSpan() {
		this.telemetry.agentTracer.agentRun(AgentRunSpec.named("trip-planner").provider("openai"),
				() -> this.client.tool("get_weather").arguments(Map.of("city", "Paris")).call());
		awaitClientSpans(1);
		SpanData run = this.telemetry.span(SpanKind.INTERNAL, "invoke_agent trip-planner");
		SpanData client = this.telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
		assertThat(client.getParentSpanId()).isEqualTo(run.getSpanId());
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans().size() == clientSpans().size());
		SpanData server = this.telemetry.span(SpanKind.SERVER, "tools/call get_weather");
		assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(server.getTraceId()).isEqualTo(run.getTraceId());
	}

	@Test
	void aStreamedResponseEndsItsSpanWithItsLastMessage() {
		List<McpSchema.ProgressParams> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
		McpSchema.CallToolResult result = this.client.tool("streamed_forecast")
			.arguments(Map.of("city", "Paris"))
			.progress(progress::add)
			.call();
		assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("cloudy");
		await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == 1);
		assertThat(progress.get(0).message()).isEqualTo("half way");
		awaitClientSpans(2);
		SpanData client = this.telemetry.span(SpanKind.CLIENT, "tools/call streamed_forecast");
		SpanData server = this.telemetry.span(SpanKind.SERVER, "tools/call streamed_forecast");
		assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(server.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID))
			.isEqualTo(client.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
		// The stream's work ran under the request's span, which its response, the
		// stream's
		// last message, ended.
		assertThat(result.meta()).containsEntry("spanId", server.getSpanId());
		assertThat(server.getEndEpochNanos())
			.isGreaterThanOrEqualTo(((Number) result.meta().get("ranUntil")).longValue())
			.isLessThanOrEqualTo(client.getEndEpochNanos());
		assertThat(this.telemetry.meters.get("mcp.server.operation.duration")
			.tag("gen_ai.tool.name", "streamed_forecast")
			.tag("error.type", "")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void requestsAndNotificationsFromAnyClientAreServerSpans() throws Exception {
		Span caller = this.telemetry.openTelemetry.getTracer("test").spanBuilder("caller").startSpan();
		caller.end();
		String traceparent = "00-" + caller.getSpanContext().getTraceId() + "-" + caller.getSpanContext().getSpanId()
				+ "-01";
		String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + PROTOCOL_VERSION
				+ "\",\"io.modelcontextprotocol/clientCapabilities\":{},\"traceparent\":\"" + traceparent + "\"}";
		HttpResponse<String> ping = post("ping",
				"{\"jsonrpc\":\"2.0\",\"id\":\"raw-1\",\"method\":\"ping\",\"params\":{" + meta + "}}");
		assertThat(ping.statusCode()).isEqualTo(404);
		assertThat(ping.body()).contains("-32601");
		HttpResponse<String> notification = post("notifications/roots/list_changed",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\",\"params\":{" + meta + "}}");
		assertThat(notification.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans().size() == 2);
		SpanData pingSpan = this.telemetry.span(SpanKind.SERVER, "ping");
		assertThat(pingSpan.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
		assertThat(pingSpan.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
		assertThat(pingSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(pingSpan.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("-32601");
		assertThat(pingSpan.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isEqualTo("-32601");
		assertThat(pingSpan.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).isEqualTo("raw-1");
		assertThat(pingSpan.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).isEqualTo(PROTOCOL_VERSION);
		SpanData changed = this.telemetry.span(SpanKind.SERVER, "notifications/roots/list_changed");
		assertThat(changed.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
		assertThat(changed.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(changed.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).isNull();
		assertThat(changed.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).isEqualTo("tcp");
	}

	@Test
	void durationsLandInTheConventionsBuckets() {
		this.client.tool("get_weather").arguments(Map.of("city", "Paris")).call();
		this.client.tool("flaky_forecast").arguments(Map.of("city", "Paris")).call();
		awaitClientSpans(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans().size() == clientSpans().size());
		for (boolean client : List.of(true, false)) {
			String meter = client ? "mcp.client.operation.duration" : "mcp.server.operation.duration";
			SpanKind kind = client ? SpanKind.CLIENT : SpanKind.SERVER;
			Timer weather = this.telemetry.meters.get(meter)
				.tag("mcp.method.name", "tools/call")
				.tag("gen_ai.tool.name", "get_weather")
				.tag("network.transport", "tcp")
				.tag("error.type", "")
				.timer();
			assertOneObservationInItsBucket(weather, this.telemetry.span(kind, "tools/call get_weather"));
			Timer flaky = this.telemetry.meters.get(meter)
				.tag("gen_ai.tool.name", "flaky_forecast")
				.tag("error.type", "tool_error")
				.timer();
			assertOneObservationInItsBucket(flaky, this.telemetry.span(kind, "tools/call flaky_forecast"));
			assertThat(weather.getId().getBaseUnit()).isEqualTo("seconds");
		}
	}

	// The timer holds one duration, the span's: it is counted in every bucket from the
	// first boundary at or above it on (the counts are cumulative), and in none below.
	private static void assertOneObservationInItsBucket(Timer timer, SpanData span) {
		assertThat(timer.count()).isEqualTo(1);
		double seconds = timer.totalTime(TimeUnit.SECONDS);
		assertThat(seconds).isCloseTo((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e9, within(0.05));
		CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
		assertThat(buckets).extracting((bucket) -> bucket.bucket(TimeUnit.SECONDS))
			.containsExactlyElementsOf(McpAttributes.DURATION_BUCKETS);
		double[] expected = McpAttributes.DURATION_BUCKETS.stream()
			.mapToDouble((bound) -> (seconds <= bound) ? 1.0 : 0.0)
			.toArray();
		assertThat(Arrays.stream(buckets).mapToDouble(CountAtBucket::count).toArray()).as(span.getName())
			.containsExactly(expected);
	}

	private HttpResponse<String> post(String method, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.server.endpoint()))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("Mcp-Method", method)
			.header("MCP-Protocol-Version", PROTOCOL_VERSION)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private List<SpanData> awaitClientSpans(int count) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> clientSpans().size() >= count && serverSpans().size() >= clientSpans().size());
		return clientSpans();
	}

	private List<SpanData> clientSpans() {
		return new ArrayList<>(
				this.telemetry.finished().stream().filter((span) -> span.getKind() == SpanKind.CLIENT).toList());
	}

	private List<SpanData> serverSpans() {
		return this.telemetry.finished().stream().filter((span) -> span.getKind() == SpanKind.SERVER).toList();
	}

	static String traceparent(SpanData span) {
		return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
	}

}

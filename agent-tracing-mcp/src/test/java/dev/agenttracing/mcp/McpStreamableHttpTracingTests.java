package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real SDK client and a real SDK server over streamable HTTP on 127.0.0.1, both traced.
 */
class McpStreamableHttpTracingTests {

	private TestTelemetry telemetry;

	private McpTestServer server;

	private McpSyncClient client;

	@BeforeEach
	void start() throws Exception {
		this.telemetry = new TestTelemetry();
		this.server = new McpTestServer(this.telemetry.mcpTracing);
		this.client = McpClient
			.sync(this.telemetry.mcpTracing
				.instrument(HttpClientStreamableHttpTransport.builder(this.server.url()).endpoint("/mcp").build()))
			.requestTimeout(Duration.ofSeconds(20))
			.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build())
			.build();
		this.client.initialize();
	}

	@AfterEach
	void stop() throws Exception {
		this.client.closeGracefully();
		this.server.close();
		this.telemetry.close();
	}

	@Test
	void everyRequestIsOneClientSpanWithTheConventionsAttributes() {
		this.client.listTools();
		this.client.readResource(new McpSchema.ReadResourceRequest("file:///cities.txt"));
		this.client.getPrompt(new McpSchema.GetPromptRequest("trip", Map.of()));
		this.client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")));
		awaitSpans(8);
		SpanData initialize = this.telemetry.span(SpanKind.CLIENT, "initialize");
		assertThat(initialize.getAttributes().get(McpAttributes.METHOD_NAME)).isEqualTo("initialize");
		assertThat(initialize.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).isEqualTo("2025-11-25");
		String sessionId = initialize.getAttributes().get(McpAttributes.SESSION_ID);
		assertThat(sessionId).hasSizeGreaterThan(8);
		for (String name : List.of("tools/list", "resources/read", "prompts/get trip", "tools/call get_weather")) {
			SpanData span = this.telemetry.span(SpanKind.CLIENT, name);
			assertThat(span.getAttributes().get(McpAttributes.SESSION_ID)).as(name).isEqualTo(sessionId);
			assertThat(span.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).as(name).isEqualTo("2025-11-25");
			assertThat(span.getAttributes().get(McpAttributes.NETWORK_TRANSPORT)).as(name).isEqualTo("tcp");
			assertThat(span.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).as(name).isEqualTo("127.0.0.1");
			assertThat(span.getAttributes().get(GenAiAttributes.SERVER_PORT)).as(name)
				.isEqualTo((long) this.server.port());
			assertThat(span.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name).isNotBlank();
			assertThat(span.getStatus().getStatusCode()).as(name).isEqualTo(StatusCode.UNSET);
		}
		SpanData call = this.telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
		assertThat(call.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
		assertThat(call.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
		assertThat(call.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isNull();
		assertThat(
				this.telemetry.span(SpanKind.CLIENT, "prompts/get trip").getAttributes().get(McpAttributes.PROMPT_NAME))
			.isEqualTo("trip");
		assertThat(
				this.telemetry.span(SpanKind.CLIENT, "resources/read").getAttributes().get(McpAttributes.RESOURCE_URI))
			.isEqualTo("file:///cities.txt");
		SemconvCheck.assertNoFindings(this.telemetry.finished());
	}

	@Test
	void serverSpanIsTheChildOfTheClientSpanInOneTrace() {
		this.client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")));
		this.client.readResource(new McpSchema.ReadResourceRequest("file:///cities.txt"));
		this.client.getPrompt(new McpSchema.GetPromptRequest("trip", Map.of()));
		awaitSpans(7);
		for (String name : List.of("tools/call get_weather", "resources/read", "prompts/get trip")) {
			SpanData client = this.telemetry.span(SpanKind.CLIENT, name);
			SpanData server = this.telemetry.span(SpanKind.SERVER, name);
			assertThat(server.getTraceId()).as(name).isEqualTo(client.getTraceId());
			assertThat(server.getParentSpanId()).as(name).isEqualTo(client.getSpanId());
			assertThat(server.getAttributes().get(McpAttributes.SESSION_ID)).as(name)
				.isEqualTo(client.getAttributes().get(McpAttributes.SESSION_ID));
			assertThat(server.getAttributes().get(McpAttributes.METHOD_NAME)).as(name)
				.isEqualTo(client.getAttributes().get(McpAttributes.METHOD_NAME));
		}
		SpanData serverCall = this.telemetry.span(SpanKind.SERVER, "tools/call get_weather");
		assertThat(serverCall.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
		assertThat(serverCall.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
		SemconvCheck.assertNoFindings(this.telemetry.finished());
	}

	@Test
	void requestsTheSdkServerAnswersItselfGetServerSpansFromTheHttpFilter() {
		this.client.listTools();
		this.client.ping();
		awaitSpans(7);
		for (String name : List.of("initialize", "tools/list", "ping")) {
			SpanData client = this.telemetry.span(SpanKind.CLIENT, name);
			SpanData server = this.telemetry.span(SpanKind.SERVER, name);
			assertThat(server.getParentSpanId()).as(name).isEqualTo(client.getSpanId());
			assertThat(server.getTraceId()).as(name).isEqualTo(client.getTraceId());
			assertThat(server.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).as(name)
				.isEqualTo(client.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
			assertThat(server.getAttributes().get(McpAttributes.SESSION_ID)).as(name)
				.isEqualTo(client.getAttributes().get(McpAttributes.SESSION_ID));
			assertThat(server.getAttributes().get(McpAttributes.CLIENT_ADDRESS)).as(name).isEqualTo("127.0.0.1");
			assertThat(server.getAttributes().get(McpAttributes.CLIENT_PORT)).as(name).isPositive();
		}
		assertThat(
				this.telemetry.span(SpanKind.SERVER, "tools/list").getAttributes().get(McpAttributes.PROTOCOL_VERSION))
			.isEqualTo("2025-11-25");
		SpanData initialized = this.telemetry.span(SpanKind.SERVER, "notifications/initialized");
		assertThat(initialized.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).isNull();
		// Sent by the SDK from its own thread, it still belongs to the initialize
		// request.
		assertThat(initialized.getParentSpanId())
			.isEqualTo(this.telemetry.span(SpanKind.CLIENT, "initialize").getSpanId());
		assertThat(this.telemetry.finished()).filteredOn((span) -> span.getKind() == SpanKind.SERVER)
			.extracting(SpanData::getName)
			.doesNotContain("tools/call get_weather");
		// No semconv check here: it checks spans with gen_ai.operation.name only, which
		// these lack by the
		// conventions (set for tools/call only).
	}

	@Test
	void traceContextTravelsInParamsMetaAndTheCallersEntriesAreKept() {
		this.client.callTool(McpSchema.CallToolRequest.builder()
			.name("get_weather")
			.arguments(Map.of("city", "Paris"))
			.meta(Map.of("caller", "trip-planner"))
			.build());
		awaitSpans(3);
		SpanData client = this.telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
		Map<String, Object> request = this.server.requests()
			.stream()
			.filter((body) -> "tools/call".equals(body.get("method")))
			.findFirst()
			.orElseThrow();
		@SuppressWarnings("unchecked")
		Map<String, Object> meta = (Map<String, Object>) ((Map<String, Object>) request.get("params")).get("_meta");
		assertThat(meta).containsEntry("caller", "trip-planner").containsEntry("traceparent", traceparent(client));
		assertThat(request.get("id")).hasToString(client.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID));
		Map<String, Object> list = this.server.requests()
			.stream()
			.filter((body) -> "initialize".equals(body.get("method")))
			.findFirst()
			.orElseThrow();
		SpanData initialize = this.telemetry.span(SpanKind.CLIENT, "initialize");
		assertThat(((Map<?, ?>) ((Map<?, ?>) list.get("params")).get("_meta")).get("traceparent"))
			.isEqualTo(traceparent(initialize));
	}

	@Test
	void toolResultFlaggedAsErrorIsAToolError() {
		McpSchema.CallToolResult result = this.client
			.callTool(new McpSchema.CallToolRequest("flaky_forecast", Map.of("city", "Paris")));
		assertThat(result.isError()).isTrue();
		awaitSpans(3);
		for (SpanKind kind : List.of(SpanKind.CLIENT, SpanKind.SERVER)) {
			SpanData span = this.telemetry.span(kind, "tools/call flaky_forecast");
			assertThat(span.getStatus().getStatusCode()).as(kind.name()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).as(kind.name()).isEqualTo("tool_error");
			assertThat(span.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).as(kind.name()).isNull();
		}
		SemconvCheck.assertNoFindings(this.telemetry.finished());
	}

	@Test
	void jsonRpcErrorGivesItsCodeAsErrorTypeAndStatusCode() {
		assertThatExceptionOfType(McpError.class)
			.isThrownBy(() -> this.client.callTool(new McpSchema.CallToolRequest("no_such_tool", Map.of())))
			.satisfies((ex) -> assertThat(ex.getJsonRpcError().code()).isEqualTo(-32602));
		awaitSpans(2);
		SpanData span = this.telemetry.span(SpanKind.CLIENT, "tools/call no_such_tool");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().getDescription()).isEqualTo("Unknown tool: invalid_tool_name");
		assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("-32602");
		assertThat(span.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isEqualTo("-32602");
		SemconvCheck.assertNoFindings(this.telemetry.finished());
	}

	@Test
	void insideAnAgentRunTheClientSpanIsUnderTheRunsSpan() {
		this.telemetry.agentTracer.agentRun(AgentRunSpec.named("trip-planner").provider("openai"),
				() -> this.client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris"))));
		awaitSpans(4);
		SpanData run = this.telemetry.span(SpanKind.INTERNAL, "invoke_agent trip-planner");
		SpanData client = this.telemetry.span(SpanKind.CLIENT, "tools/call get_weather");
		SpanData server = this.telemetry.span(SpanKind.SERVER, "tools/call get_weather");
		assertThat(client.getParentSpanId()).isEqualTo(run.getSpanId());
		// A notification sent inside the run carries the run's context to the server's
		// span.
		this.telemetry.agentTracer.agentRun(AgentRunSpec.named("root-lister").provider("openai"), () -> {
			this.client.rootsListChangedNotification();
			return null;
		});
		awaitSpans(6);
		SpanData lister = this.telemetry.span(SpanKind.INTERNAL, "invoke_agent root-lister");
		assertThat(this.telemetry.span(SpanKind.SERVER, "notifications/roots/list_changed").getParentSpanId())
			.isEqualTo(lister.getSpanId());
		assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(server.getTraceId()).isEqualTo(run.getTraceId());
	}

	@Test
	void toolCallInsideATracedToolExecutionAddsTheMcpAttributesToThatSpan() {
		this.telemetry.agentTracer
			.agentRun(AgentRunSpec.named("trip-planner").provider("openai"), () -> this.telemetry.agentTracer.tool(
					ToolSpec.named("get_weather"),
					() -> this.client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")))));
		awaitSpans(4);
		assertThat(this.telemetry.names()).filteredOn((name) -> name.contains("get_weather"))
			.containsExactlyInAnyOrder("INTERNAL execute_tool get_weather", "SERVER tools/call get_weather");
		SpanData tool = this.telemetry.span(SpanKind.INTERNAL, "execute_tool get_weather");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
		assertThat(tool.getAttributes().get(McpAttributes.METHOD_NAME)).isEqualTo("tools/call");
		assertThat(tool.getAttributes().get(McpAttributes.SESSION_ID)).isNotBlank();
		assertThat(tool.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)).isNotBlank();
		assertThat(tool.getAttributes().get(McpAttributes.PROTOCOL_VERSION)).isEqualTo("2025-11-25");
		SpanData server = this.telemetry.span(SpanKind.SERVER, "tools/call get_weather");
		assertThat(server.getParentSpanId()).isEqualTo(tool.getSpanId());
		SemconvCheck.assertNoFindings(this.telemetry.finished());
	}

	@Test
	void durationsLandInTheConventionsBuckets() {
		this.client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Paris")));
		this.client.callTool(new McpSchema.CallToolRequest("get_weather", Map.of("city", "Lyon")));
		awaitSpans(5);
		Timer clientTimer = this.telemetry.meters.get("mcp.client.operation.duration")
			.tag("mcp.method.name", "tools/call")
			.tag("gen_ai.tool.name", "get_weather")
			.tag("network.transport", "tcp")
			.tag("error.type", "")
			.timer();
		Timer serverTimer = this.telemetry.meters.get("mcp.server.operation.duration")
			.tag("mcp.method.name", "tools/call")
			.tag("gen_ai.tool.name", "get_weather")
			.timer();
		for (Timer timer : List.of(clientTimer, serverTimer)) {
			assertThat(timer.count()).isEqualTo(2);
			CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
			assertThat(buckets).extracting((bucket) -> bucket.bucket(java.util.concurrent.TimeUnit.SECONDS))
				.containsExactlyElementsOf(McpAttributes.DURATION_BUCKETS);
			// Both calls took well under five minutes: the last bucket holds both.
			assertThat(buckets[buckets.length - 1].count()).isEqualTo(2);
		}
		assertThat(clientTimer.getId().getBaseUnit()).isEqualTo("seconds");
	}

	private static String traceparent(SpanData span) {
		return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
	}

	private void awaitSpans(int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.telemetry.finished().size() >= count);
	}

}

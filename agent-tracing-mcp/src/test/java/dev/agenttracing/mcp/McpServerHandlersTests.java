package dev.agenttracing.mcp;

import java.util.Map;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The traced server handlers, called as the SDK calls them (no HTTP: a tool that throws
 * is not reliably answered over the SDK's HTTP transport).
 */
class McpServerHandlersTests {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private final TestTelemetry telemetry = new TestTelemetry();

	private final McpSyncServerExchange exchange = new McpSyncServerExchange(
			new McpAsyncServerExchange("session-1", null, null, null, null));

	@AfterEach
	void close() {
		this.telemetry.close();
	}

	@Test
	void mcpErrorGivesItsJsonRpcCodeAndTheSameExceptionReachesTheSdk() {
		McpError error = McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("city is required").build();
		McpServerFeatures.SyncToolSpecification tool = this.telemetry.mcpTracing
			.instrument(McpTestServer.tool("get_weather", (arguments) -> {
				throw error;
			}));
		Throwable thrown = catchThrowable(() -> tool.callHandler().apply(this.exchange, request()));
		assertThat(thrown).isSameAs(error);
		SpanData span = this.telemetry.span(SpanKind.SERVER, "tools/call get_weather");
		assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
		assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("-32602");
		assertThat(span.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isEqualTo("-32602");
		assertThat(span.getAttributes().get(McpAttributes.SESSION_ID)).isEqualTo("session-1");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().getDescription()).isEqualTo("city is required");
	}

	@Test
	void otherExceptionGivesItsClassAndIsRethrownUnchanged() {
		IllegalStateException failure = new IllegalStateException("backend down");
		McpServerFeatures.SyncToolSpecification tool = this.telemetry.mcpTracing
			.instrument(McpTestServer.tool("get_weather", (arguments) -> {
				throw failure;
			}));
		assertThat(catchThrowable(() -> tool.callHandler().apply(this.exchange, request()))).isSameAs(failure);
		SpanData span = this.telemetry.span(SpanKind.SERVER, "tools/call get_weather");
		assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("java.lang.IllegalStateException");
		assertThat(span.getAttributes().get(McpAttributes.RPC_RESPONSE_STATUS_CODE)).isNull();
	}

	@Test
	void resultIsReturnedUnchangedAndInstrumentingTwiceGivesOneSpan() {
		McpSchema.CallToolResult answer = McpSchema.CallToolResult.builder().addTextContent("rainy").build();
		McpServerFeatures.SyncToolSpecification once = this.telemetry.mcpTracing
			.instrument(McpTestServer.tool("get_weather", (arguments) -> answer));
		McpServerFeatures.SyncToolSpecification twice = this.telemetry.mcpTracing.instrument(once);
		assertThat(twice).isSameAs(once);
		assertThat(twice.callHandler().apply(this.exchange, request())).isSameAs(answer);
		assertThat(this.telemetry.finished()).hasSize(1);
	}

	@Test
	void withoutMetaTheServerSpanStartsFromTheCurrentContext() {
		McpServerFeatures.SyncToolSpecification tool = this.telemetry.mcpTracing.instrument(McpTestServer
			.tool("get_weather", (arguments) -> McpSchema.CallToolResult.builder().addTextContent("ok").build()));
		tool.callHandler().apply(this.exchange, new McpSchema.CallToolRequest("get_weather", Map.of()));
		SpanData span = this.telemetry.span(SpanKind.SERVER, "tools/call get_weather");
		assertThat(span.getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void asyncResourceReadIsOneServerSpanEndedWithItsMono() {
		McpSchema.ReadResourceResult contents = new McpSchema.ReadResourceResult(
				java.util.List.of(new McpSchema.TextResourceContents("file:///cities.txt", "text/plain", "Paris")));
		McpServerFeatures.AsyncResourceSpecification resource = this.telemetry.mcpTracing
			.instrument(new McpServerFeatures.AsyncResourceSpecification(
					McpSchema.Resource.builder("file:///cities.txt", "cities").build(),
					(exchange, request) -> reactor.core.publisher.Mono.just(contents)));
		reactor.core.publisher.Mono<McpSchema.ReadResourceResult> read = resource.readHandler()
			.apply(new McpAsyncServerExchange("session-2", null, null, null, null),
					new McpSchema.ReadResourceRequest("file:///cities.txt", Map.of("traceparent", TRACEPARENT)));
		assertThat(this.telemetry.finished()).isEmpty();
		assertThat(read.block()).isSameAs(contents);
		SpanData span = this.telemetry.span(SpanKind.SERVER, "resources/read");
		assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
		assertThat(span.getAttributes().get(McpAttributes.RESOURCE_URI)).isEqualTo("file:///cities.txt");
		assertThat(span.getAttributes().get(McpAttributes.SESSION_ID)).isEqualTo("session-2");
	}

	private static McpSchema.CallToolRequest request() {
		return McpSchema.CallToolRequest.builder()
			.name("get_weather")
			.arguments(Map.of("city", "Paris"))
			.meta(Map.of("traceparent", TRACEPARENT))
			.build();
	}

}

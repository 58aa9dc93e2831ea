package dev.agenttracing.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request bodies of exactly {@code agent.tracing.mcp.max-body-size} and one byte longer,
 * sent as raw HTTP to Spring AI's stateless servers on WebMVC and WebFlux: both reach the
 * tool whole (its answer repeats the whole argument), and both get their SERVER span with
 * the parent from {@code params._meta}; of a longer body only what precedes the cut is
 * read, so a {@code _meta} after the arguments is not seen (the span is a root). The
 * answers are longer than the cap too: the client receives them whole and their spans end
 * with the HTTP status.
 */
class McpServerBodySizeTests {

	private static final TestTelemetry telemetry = new TestTelemetry();

	private static final int MAX_BODY_SIZE = 1024;

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private static final JsonMapper JSON = new JsonMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void forgetEarlierSpans() {
		telemetry.spans.reset();
	}

	@Test
	void webMvcStatelessServer() throws Exception {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webMvc("STATELESS", ToolServer.class,
				"--agent.tracing.mcp.max-body-size=1KB")) {
			sendBodiesAroundTheCap(server);
		}
	}

	@Test
	void webFluxStatelessServer() throws Exception {
		try (ConfigurableApplicationContext server = SpringAiWebServers.webFlux("STATELESS", ToolServer.class,
				"--agent.tracing.mcp.max-body-size=1KB")) {
			sendBodiesAroundTheCap(server);
		}
	}

	private void sendBodiesAroundTheCap(ConfigurableApplicationContext server) throws Exception {
		URI endpoint = URI
			.create("http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort() + "/mcp");
		assertToolGetsWholeBody(endpoint, "at-the-cap", MAX_BODY_SIZE, true);
		assertToolGetsWholeBody(endpoint, "over-the-cap", MAX_BODY_SIZE + 1, true);
		// Longer than one buffer of the servers: the rest is handed on as it comes.
		assertToolGetsWholeBody(endpoint, "meta-after-the-cut", 64 * MAX_BODY_SIZE, false);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(telemetry.finished()).filteredOn((span) -> span.getKind() == SpanKind.SERVER)
						.hasSize(3));
		for (String id : new String[] { "at-the-cap", "over-the-cap" }) {
			SpanData span = serverSpan(id);
			assertThat(span.getName()).as(id).isEqualTo("tools/call getWeather");
			assertThat(span.getTraceId()).as(id).isEqualTo(TRACE_ID);
			assertThat(span.getParentSpanId()).as(id).isEqualTo(PARENT_ID);
			assertThat(span.getAttributes().get(GenAiAttributes.TOOL_NAME)).as(id).isEqualTo("getWeather");
			assertThat(span.getAttributes().get(McpAttributes.METHOD_NAME)).as(id).isEqualTo("tools/call");
			assertThat(span.getStatus().getStatusCode()).as(id).isEqualTo(StatusCode.UNSET);
		}
		SpanData late = serverSpan("meta-after-the-cut");
		assertThat(late.getName()).isEqualTo("tools/call getWeather");
		assertThat(late.getTraceId()).isNotEqualTo(TRACE_ID);
		assertThat(late.getParentSpanContext().isValid()).isFalse();
		assertThat(late.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("getWeather");
		SemconvCheck.assertNoFindings(telemetry.finished());
	}

	private void assertToolGetsWholeBody(URI endpoint, String id, int length, boolean metaFirst) throws Exception {
		String meta = "\"_meta\":{\"traceparent\":\"00-" + TRACE_ID + "-" + PARENT_ID + "-01\"}";
		String head = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":"
				+ "\"getWeather\"," + (metaFirst ? meta + "," : "") + "\"arguments\":{\"city\":\"";
		String tail = "\"}" + (metaFirst ? "" : "," + meta) + "}}";
		String city = "x".repeat(length - head.length() - tail.length() - 1) + "!";
		String body = head + city + tail;
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(length);
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(endpoint)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(id).isEqualTo(200);
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.path("id").asString()).as(id).isEqualTo(id);
		assertThat(answer.path("result").path("isError").asBoolean()).as(id).isFalse();
		assertThat(answer.path("result").path("content").path(0).path("text").asString()).as(id)
			.contains("rainy in " + city + ", all day in " + city);
		assertThat(response.body().length()).as(id).isGreaterThan(MAX_BODY_SIZE);
	}

	private static SpanData serverSpan(String id) {
		return telemetry.finished()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER
					&& id.equals(span.getAttributes().get(McpAttributes.JSONRPC_REQUEST_ID)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no SERVER span of request " + id + " among " + telemetry.names()));
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
			return MethodToolCallbackProvider.builder().toolObjects(new WeatherTools()).build();
		}

	}

	static class WeatherTools {

		// Its answer is longer than the request.
		@Tool(description = "The weather in a city")
		public String getWeather(String city) {
			return "rainy in " + city + ", all day in " + city;
		}

	}

}

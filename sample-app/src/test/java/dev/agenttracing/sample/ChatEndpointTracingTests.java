package dev.agenttracing.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Posts to {@code /api/chat} over real HTTP with a W3C {@code traceparent} and checks that the
 * whole exported agent tree sits in the caller's trace, below the request's server span.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.opentelemetry.tracing.export.schedule-delay=50ms")
@AutoConfigureTracing
class ChatEndpointTracingTests {

	private static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@BeforeEach
	void reset() {
		this.exporter.reset();
	}

	@Test
	void agentRunJoinsTheCallersTrace() throws Exception {
		HttpResponse<String> response = post("{\"message\":\"A weekend in Paris?\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Trip to Paris").contains(CALLER_TRACE_ID);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.exporter.getFinishedSpanItems())
				.anySatisfy((span) -> assertThat(span.getKind()).isEqualTo(SpanKind.SERVER)));
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).allSatisfy((span) -> assertThat(span).hasTraceId(CALLER_TRACE_ID));

		SpanData server = single(spans, SpanKind.SERVER, null);
		SpanData planner = single(spans, SpanKind.INTERNAL, "invoke_agent trip-planner");
		SpanData weather = single(spans, SpanKind.INTERNAL, "execute_tool get_weather");
		SpanData activities = single(spans, SpanKind.INTERNAL, "execute_tool find_activities");
		SpanData guide = single(spans, SpanKind.INTERNAL, "invoke_agent local-guide");

		assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		assertThat(planner).hasParent(server)
			.hasAttribute(GenAiAttributes.AGENT_NAME, "trip-planner")
			.hasAttribute(GenAiAttributes.AGENT_VERSION, "1.0")
			.hasAttribute(GenAiAttributes.PROVIDER_NAME, "scripted")
			.hasAttribute(GenAiAttributes.AGENT_NESTED, false);
		assertThat(weather).hasParent(planner)
			.hasAttribute(GenAiAttributes.TOOL_NAME, "get_weather")
			.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_1");
		assertThat(activities).hasParent(planner);
		assertThat(guide).hasParent(activities).hasAttribute(GenAiAttributes.AGENT_NESTED, true);

		List<SpanData> chats = spans.stream().filter((span) -> span.getName().equals("chat trip-llm-1")).toList();
		assertThat(chats).hasSize(3).allSatisfy((chat) -> assertThat(chat).hasKind(SpanKind.CLIENT)
			.hasParent(planner)
			.hasAttribute(GenAiAttributes.RESPONSE_MODEL, "trip-llm-1-0611")
			.hasAttributesSatisfying((attributes) -> assertThat(attributes.get(GenAiAttributes.COST)).isPositive()));
		long input = chats.stream().mapToLong((chat) -> chat.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).sum();
		assertThat(planner).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, input)
			.hasAttribute(GenAiAttributes.COST_CURRENCY, "USD");
	}

	@Test
	void streamingAnswerRecordsTimeToFirstChunk() throws Exception {
		HttpResponse<String> response = post("/api/chat/stream", "{\"message\":\"Kyoto in spring\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Kyoto").contains("Fushimi");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.exporter.getFinishedSpanItems())
				.anySatisfy((span) -> assertThat(span.getName()).isEqualTo("invoke_agent trip-planner-streaming")));
		SpanData streamed = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getAttributes().get(GenAiAttributes.REQUEST_STREAM) != null)
			.findFirst()
			.orElseThrow();
		assertThat(streamed).hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
			.hasAttributesSatisfying((attributes) -> assertThat(
					attributes.get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK))
				.isGreaterThanOrEqualTo(0.1))
			.hasAttributesSatisfying(
					(attributes) -> assertThat(attributes.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isPositive());
	}

	@Test
	void failingToolIsRecordedAndTheRunGoesOn() throws Exception {
		HttpResponse<String> response = post("{\"message\":\"Atlantis please\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("weather unknown");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.exporter.getFinishedSpanItems())
				.anySatisfy((span) -> assertThat(span.getKind()).isEqualTo(SpanKind.SERVER)));
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(single(spans, SpanKind.INTERNAL, "execute_tool get_weather"))
			.hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
			.hasAttribute(GenAiAttributes.ERROR_TYPE, WeatherTools.UnknownCityException.class.getName());
		assertThat(single(spans, SpanKind.INTERNAL, "invoke_agent trip-planner"))
			.hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset());
	}

	private HttpResponse<String> post(String body) throws Exception {
		return post("/api/chat", body);
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("traceparent", "00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static SpanData single(List<SpanData> spans, SpanKind kind, String name) {
		List<SpanData> matching = spans.stream()
			.filter((span) -> span.getKind() == kind && (name == null || span.getName().equals(name)))
			.toList();
		assertThat(matching).as("spans of kind %s named %s in %s", kind, name, spans).hasSize(1);
		return matching.get(0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemoryExport {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}

package dev.agenttracing.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Posts to the sample's chat endpoints over real HTTP with a W3C {@code traceparent}: the
 * agent, a Spring AI {@code ChatClient} with two tools, talks over HTTP to the scripted
 * OpenAI-compatible model. The whole exported tree sits in the caller's trace, below the
 * request's server span: one {@code chat} CLIENT span per model call with typed usage,
 * one {@code execute_tool} span per tool call with the model's call id, all under
 * {@code invoke_agent}, for a call and for a stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.opentelemetry.tracing.export.schedule-delay=50ms")
@AutoConfigureTracing
class ChatEndpointTracingTests {

	static final String CHAT = "chat gpt-5-mini";

	static final String CALL_ID = "call_[A-Za-z0-9]{24}";

	private static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private Environment environment;

	@BeforeEach
	void reset() {
		this.exporter.reset();
	}

	@Test
	void agentRunJoinsTheCallersTrace() throws Exception {
		HttpResponse<String> response = post("{\"message\":\"A weekend in Paris?\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Trip to Paris: rainy, 14°C. Suggested: Louvre, Musée d'Orsay.")
			.contains(CALLER_TRACE_ID);
		List<SpanData> spans = awaitSpans(SpanKind.SERVER, null);
		assertThat(spans).allSatisfy((span) -> assertThat(span).hasTraceId(CALLER_TRACE_ID));

		SpanData server = single(spans, SpanKind.SERVER, null);
		SpanData planner = single(spans, SpanKind.INTERNAL, "invoke_agent trip-planner");
		assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		assertThat(planner).hasParent(server)
			.hasAttribute(GenAiAttributes.AGENT_NAME, "trip-planner")
			.hasAttribute(GenAiAttributes.AGENT_VERSION, "1.0")
			.hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
			.hasAttribute(GenAiAttributes.AGENT_NESTED, false);
		assertToolsAndSubagent(spans, planner);
		assertThat(single(spans, SpanKind.INTERNAL, "invoke_agent local-guide"))
			.hasAttribute(GenAiAttributes.AGENT_NESTED, true);

		List<SpanData> chats = assertChats(spans, planner);
		assertThat(chats).allSatisfy((chat) -> assertThat(spans)
			.filteredOn((span) -> span.getKind() == SpanKind.CLIENT && span.getParentSpanId().equals(chat.getSpanId()))
			.as("the HTTP request under %s", chat.getName())
			.hasSize(1));
		// The later turns repeat the earlier ones: the scripted model serves that part
		// from its cache.
		// (A streamed turn's usage reaches the span without its cache reads: not checked
		// for streams.)
		assertThat(chats).extracting((chat) -> chat.getAttributes().get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS))
			.filteredOn((cached) -> cached != null && cached > 0 && cached % 128 == 0)
			.hasSize(2);
		assertThat(chats).allSatisfy((chat) -> assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_STREAM))
			.isNotEqualTo(Boolean.TRUE));
		long input = chats.stream()
			.mapToLong((chat) -> chat.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS))
			.sum();
		long output = chats.stream()
			.mapToLong((chat) -> chat.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS))
			.sum();
		assertThat(planner).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, input)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, output)
			.hasAttribute(GenAiAttributes.COST_CURRENCY, "USD");
		SemconvCheck.assertNoFindings(ours(spans));
	}

	@Test
	void streamedRunIsOneTraceWithTimeToFirstChunk() throws Exception {
		HttpResponse<String> response = post("/api/chat/stream", "{\"message\":\"Kyoto in spring\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Kyoto").contains("Fushimi");
		List<SpanData> spans = awaitSpans(null, "invoke_agent trip-planner-streaming");
		// Every span of the run and of Spring AI's ChatClient is in the caller's trace.
		// (Spring AI's
		// OpenAI client sends a streamed request from a pool thread with no context, so
		// its HTTP span
		// starts a trace of its own: a documented limit of the integration.)
		assertThat(spans).filteredOn((span) -> !isHttpClient(span))
			.hasSizeGreaterThanOrEqualTo(7)
			.allSatisfy((span) -> assertThat(span).hasTraceId(CALLER_TRACE_ID));
		SpanData planner = single(spans, SpanKind.INTERNAL, "invoke_agent trip-planner-streaming");
		// Returned to Spring MVC, the stream is subscribed later, under the request's
		// observation:
		// the ChatClient turn still sits directly under the run, and the run counts every
		// call.
		SpanData server = single(spans, SpanKind.SERVER, null);
		assertThat(planner).hasParent(server);
		SpanData turn = single(spans, SpanKind.INTERNAL, "spring_ai chat_client");
		assertThat(turn).hasParent(planner);
		assertToolsAndSubagent(spans, turn);
		assertThat(single(spans, SpanKind.INTERNAL, "invoke_agent local-guide"))
			.hasAttribute(GenAiAttributes.AGENT_NESTED, true);
		List<SpanData> chats = assertChats(spans, turn);
		long input = chats.stream()
			.mapToLong((chat) -> chat.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS))
			.sum();
		long output = chats.stream()
			.mapToLong((chat) -> chat.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS))
			.sum();
		assertThat(planner).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, input)
			.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, output);
		assertThat(chats).allSatisfy((chat) -> assertThat(chat).hasAttribute(GenAiAttributes.REQUEST_STREAM, true));
		// The answer streams word by word after the model's 120 ms of thought. (A
		// tool-call turn arrives
		// in one piece, which may reach the client before the first chunk can be told
		// apart.)
		SpanData answer = chats.stream()
			.max((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
			.orElseThrow();
		assertThat(answer).hasAttributesSatisfying(
				(attributes) -> assertThat(attributes.get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK))
					.isGreaterThanOrEqualTo(0.1));
		SemconvCheck.assertNoFindings(ours(spans));
	}

	@Test
	void failingToolIsRecordedAndTheRunGoesOn() throws Exception {
		HttpResponse<String> response = post("{\"message\":\"Atlantis please\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Trip to Atlantis: weather unknown.");
		List<SpanData> spans = awaitSpans(SpanKind.SERVER, null);
		assertThat(single(spans, SpanKind.INTERNAL, "execute_tool get_weather")).hasStatus(StatusData.error())
			.hasAttribute(GenAiAttributes.ERROR_TYPE, WeatherTools.UnknownCityException.class.getName());
		assertThat(single(spans, SpanKind.INTERNAL, "execute_tool find_activities")).hasStatus(StatusData.unset());
		assertThat(single(spans, SpanKind.INTERNAL, "invoke_agent trip-planner")).hasStatus(StatusData.unset());
	}

	/**
	 * Both tools ran once, under the given span, each with the id of the model's call;
	 * the subagent in the second.
	 */
	private static void assertToolsAndSubagent(List<SpanData> spans, SpanData ancestor) {
		SpanData weather = single(spans, SpanKind.INTERNAL, "execute_tool get_weather");
		SpanData activities = single(spans, SpanKind.INTERNAL, "execute_tool find_activities");
		SpanData guide = single(spans, SpanKind.INTERNAL, "invoke_agent local-guide");
		for (SpanData tool : List.of(weather, activities)) {
			assertThat(ancestors(tool, spans)).contains(ancestor.getSpanId());
			assertThat(tool).hasAttribute(GenAiAttributes.OPERATION_NAME, "execute_tool")
				.hasAttribute(GenAiAttributes.TOOL_TYPE, "function")
				.hasAttributesSatisfying(
						(attributes) -> assertThat(attributes.get(GenAiAttributes.TOOL_CALL_ID)).matches(CALL_ID));
		}
		assertThat(weather).hasAttribute(GenAiAttributes.TOOL_NAME, "get_weather")
			.hasAttribute(GenAiAttributes.TOOL_DESCRIPTION, "Current weather for a city");
		assertThat(weather.getAttributes().get(GenAiAttributes.TOOL_CALL_ID))
			.isNotEqualTo(activities.getAttributes().get(GenAiAttributes.TOOL_CALL_ID));
		assertThat(guide).hasParent(activities);
	}

	/**
	 * Three model calls (weather, activities, answer), each one CLIENT span of
	 * agent-tracing's with long usage, under the given span.
	 */
	private List<SpanData> assertChats(List<SpanData> spans, SpanData ancestor) {
		long modelPort = URI.create(this.environment.getProperty("spring.ai.openai.base-url")).getPort();
		List<SpanData> chats = spans.stream().filter((span) -> span.getName().equals(CHAT)).toList();
		assertThat(chats).hasSize(3).allSatisfy((chat) -> {
			assertThat(chat).hasKind(SpanKind.CLIENT)
				.hasAttribute(GenAiAttributes.OPERATION_NAME, "chat")
				.hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
				.hasAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-5-mini")
				.hasAttribute(GenAiAttributes.SERVER_ADDRESS, "127.0.0.1")
				.hasAttribute(GenAiAttributes.SERVER_PORT, modelPort)
				.hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-5-mini-2025-08-07")
				.hasAttributesSatisfying((attributes) -> {
					assertThat(attributes.get(GenAiAttributes.RESPONSE_ID)).startsWith("chatcmpl-");
					assertThat(attributes.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isBetween(50L, 1000L);
					assertThat(attributes.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isBetween(5L, 100L);
					assertThat(attributes.get(GenAiAttributes.COST)).isPositive();
				});
			assertThat(chat.getInstrumentationScopeInfo().getName()).isEqualTo(GenAiAttributes.INSTRUMENTATION_SCOPE);
			assertThat(ancestors(chat, spans)).contains(ancestor.getSpanId());
		});
		List<List<String>> finishReasons = chats.stream()
			.sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
			.map((chat) -> chat.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS))
			.toList();
		assertThat(finishReasons).containsExactly(List.of("tool_calls"), List.of("tool_calls"), List.of("stop"));
		return chats;
	}

	/**
	 * agent-tracing's spans. Spring AI's own ChatClient and advisor spans, which the
	 * integration keeps, still carry the deprecated {@code gen_ai.system}.
	 */
	private static List<SpanData> ours(List<SpanData> spans) {
		return spans.stream()
			.filter((
					span) -> span.getInstrumentationScopeInfo().getName().equals(GenAiAttributes.INSTRUMENTATION_SCOPE))
			.toList();
	}

	private static boolean isHttpClient(SpanData span) {
		return span.getKind() == SpanKind.CLIENT
				&& !span.getInstrumentationScopeInfo().getName().equals(GenAiAttributes.INSTRUMENTATION_SCOPE);
	}

	private List<SpanData> awaitSpans(SpanKind kind, String name) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.exporter.getFinishedSpanItems()).anySatisfy((span) -> {
				if (kind != null) {
					assertThat(span.getKind()).isEqualTo(kind);
				}
				else {
					assertThat(span.getName()).isEqualTo(name);
				}
			}));
		return this.exporter.getFinishedSpanItems();
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

	static SpanData single(List<SpanData> spans, SpanKind kind, String name) {
		List<SpanData> matching = spans.stream()
			.filter((span) -> span.getKind() == kind && (name == null || span.getName().equals(name)))
			.toList();
		assertThat(matching).as("spans of kind %s named %s in %s", kind, name, spans).hasSize(1);
		return matching.get(0);
	}

	/** The ids of a span's ancestors among the exported spans, nearest first. */
	static List<String> ancestors(SpanData span, List<SpanData> spans) {
		Map<String, SpanData> byId = new HashMap<>();
		spans.forEach((each) -> byId.put(each.getSpanId(), each));
		List<String> ids = new java.util.ArrayList<>();
		SpanData current = byId.get(span.getParentSpanId());
		while (current != null) {
			ids.add(current.getSpanId());
			current = byId.get(current.getParentSpanId());
		}
		return ids;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemoryExport {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}

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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The user and conversation of a chat request reach every span of the agent run, over
 * real HTTP; and a run inside a request the caller did not sample is still recorded, in a
 * trace of its own linked to the caller's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.opentelemetry.tracing.export.schedule-delay=50ms")
@AutoConfigureTracing
@Import(ChatEndpointTracingTests.InMemoryExport.class)
class ChatRunContextTests {

	private static final String CALLER_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String CALLER_SPAN_ID = "b7ad6b7169203331";

	private static final List<String> RUN_SPANS = List.of("invoke_agent trip-planner", "execute_tool get_weather",
			"execute_tool find_activities", "invoke_agent local-guide", ChatEndpointTracingTests.CHAT);

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@BeforeEach
	void reset() {
		this.exporter.reset();
	}

	@Test
	void userAndConversationReachEverySpanOfTheRun() throws Exception {
		HttpResponse<String> response = post("01",
				"{\"message\":\"A weekend in Paris?\",\"conversationId\":\"conv-7\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		List<SpanData> spans = awaitSpans(SpanKind.SERVER);
		List<SpanData> run = spans.stream().filter((span) -> RUN_SPANS.contains(span.getName())).toList();
		assertThat(run).hasSizeGreaterThanOrEqualTo(RUN_SPANS.size())
			.allSatisfy((span) -> assertThat(span).hasTraceId(CALLER_TRACE_ID)
				.hasAttribute(GenAiAttributes.USER_ID, "traveller-1")
				.hasAttribute(GenAiAttributes.CONVERSATION_ID, "conv-7"));
		SpanData planner = named(spans, "invoke_agent trip-planner");
		assertThat(planner).hasAttribute(GenAiAttributes.TAGS, List.of("web"));
		SpanData server = spans.stream().filter((span) -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
		assertThat(server.getAttributes().get(GenAiAttributes.USER_ID)).isNull();
	}

	@Test
	void runInsideAnUnsampledRequestStartsItsOwnLinkedTrace() throws Exception {
		HttpResponse<String> response = post("00", "{\"message\":\"Kyoto in spring\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		List<SpanData> spans = awaitSpans(null);
		assertThat(spans).noneSatisfy((span) -> assertThat(span.getKind()).isEqualTo(SpanKind.SERVER));
		SpanData planner = named(spans, "invoke_agent trip-planner");
		assertThat(planner).hasNoParent().hasAttribute(GenAiAttributes.SAMPLING_LINKED, true);
		assertThat(planner.getTraceId()).isNotEqualTo(CALLER_TRACE_ID);
		assertThat(planner.getLinks()).singleElement()
			.satisfies((link) -> assertThat(link.getSpanContext().getTraceId()).isEqualTo(CALLER_TRACE_ID));
		assertThat(spans).allSatisfy((span) -> assertThat(span).hasTraceId(planner.getTraceId()));
	}

	private List<SpanData> awaitSpans(SpanKind last) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.exporter.getFinishedSpanItems()).anySatisfy((span) -> {
				if (last != null) {
					assertThat(span.getKind()).isEqualTo(last);
				}
				else {
					assertThat(span.getName()).isEqualTo("invoke_agent trip-planner");
				}
			}));
		return this.exporter.getFinishedSpanItems();
	}

	private static SpanData named(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

	private HttpResponse<String> post(String flags, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/chat"))
			.header("Content-Type", "application/json")
			.header("X-User-Id", "traveller-1")
			.header("traceparent", "00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-" + flags)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}

package dev.agenttracing.sample;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import dev.agenttracing.AgentContext;
import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * W3C trace context over real HTTP, both ways. Inbound: a request's {@code traceparent}
 * and {@code tracestate} put the agent run in the caller's trace, below the caller's
 * span. Outbound: a tool that calls another service (a local JDK HTTP server that records
 * the headers) with Boot's {@code RestClient} or with a {@code WebClient} sends a
 * {@code traceparent} in the tool span's trace whose parent is the HTTP client span under
 * the tool span.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.opentelemetry.tracing.export.schedule-delay=50ms")
@AutoConfigureTracing
class TracePropagationTests {

	private static final String CALLER_TRACE_STATE = "congo=t61rcWkgMzE";

	private static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

	private static HttpServer downstream;

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private CallingAgent agent;

	@BeforeAll
	static void startDownstreamService() throws Exception {
		downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		downstream.createContext("/", (exchange) -> {
			Map<String, String> headers = new HashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			received.add(headers);
			byte[] body = "42".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		downstream.start();
	}

	@AfterAll
	static void stopDownstreamService() {
		downstream.stop(0);
	}

	@BeforeEach
	void reset() {
		received.clear();
	}

	@Test
	void inboundTraceparentAndTracestateMakeTheRunPartOfTheCallersTrace() throws Exception {
		Caller caller = Caller.random();
		HttpResponse<String> response = get("/test/agent?client=rest-client", caller);
		assertThat(response.statusCode()).isEqualTo(200);
		List<SpanData> spans = awaitTrace(caller.traceId(), "invoke_agent caller", "http get /test/agent");
		SpanData run = single(spans, "invoke_agent caller");
		assertThat(ancestorIds(run, spans)).as("the run's ancestors, nearest first, in %s", describe(spans))
			.hasSize(2)
			.last()
			.isEqualTo(caller.spanId());
		assertThat(single(spans, "http get /test/agent")).hasKind(SpanKind.SERVER)
			.hasSpanId(run.getParentSpanId())
			.hasParentSpanId(caller.spanId());
		assertThat(run.getSpanContext().getTraceState().get("congo")).isEqualTo("t61rcWkgMzE");
	}

	@Test
	void restClientSendsTheToolsTraceToTheNextService() {
		assertThat(this.agent.call("rest-client", downstreamUrl())).isEqualTo("42");
		assertNextServiceIsCalledUnderTool("execute_tool rest_client_call");
	}

	@Test
	void webClientSendsTheToolsTraceToTheNextService() {
		assertThat(this.agent.call("web-client", downstreamUrl())).isEqualTo("42");
		assertNextServiceIsCalledUnderTool("execute_tool web_client_call");
	}

	@Test
	void reactiveToolWithWebClientSendsTheToolsTraceWhenSubscribedLater() {
		Mono<String> answer = this.agent.callReactive(downstreamUrl());
		assertThat(received).as("nothing is sent before subscription").isEmpty();
		assertThat(answer.block(Duration.ofSeconds(10))).isEqualTo("42");
		assertNextServiceIsCalledUnderTool("execute_tool web_client_reactive");
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "web-client" })
	void springHttpClientSpansCarryTheRunContext(String client) {
		try (Scope scope = AgentContext.builder()
			.userId("user-42")
			.sessionId("session-1")
			.conversationId("conversation-9")
			.makeCurrent()) {
			assertThat(this.agent.call(client, downstreamUrl())).isEqualTo("42");
		}
		List<SpanData> spans = assertNextServiceIsCalledUnderTool("execute_tool " + client.replace('-', '_') + "_call");
		SpanData clientSpan = spans.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT)
			.findFirst()
			.orElseThrow();
		assertThat(clientSpan.getInstrumentationScopeInfo().getName()).isNotEqualTo("dev.agenttracing");
		assertThat(spans).hasSize(3)
			.allSatisfy((span) -> assertThat(span).hasAttribute(GenAiAttributes.USER_ID, "user-42")
				.hasAttribute(GenAiAttributes.SESSION_ID, "session-1")
				.hasAttribute(GenAiAttributes.CONVERSATION_ID, "conversation-9"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "web-client" })
	void callerToAgentToToolToNextServiceIsOneTrace(String client) throws Exception {
		Caller caller = Caller.random();
		HttpResponse<String> response = get("/test/agent?client=" + client, caller);
		assertThat(response.body()).isEqualTo("42");
		String toolName = "execute_tool " + client.replace('-', '_') + "_call";
		assertThat(assertNextServiceIsCalledUnderTool(toolName))
			.allSatisfy((span) -> assertThat(span).hasTraceId(caller.traceId()));
		List<SpanData> spans = awaitTrace(caller.traceId(), toolName, "invoke_agent caller", "http get /test/agent");
		SpanData tool = single(spans, toolName);
		assertThat(ancestorIds(tool, spans)).as("the tool's ancestors, nearest first, in %s", describe(spans))
			.containsExactly(single(spans, "invoke_agent caller").getSpanId(),
					single(spans, "http get /test/agent").getSpanId(), caller.spanId());
	}

	/**
	 * The one request the next service received carries the trace of the tool span, with
	 * the HTTP client span below the tool span as parent.
	 * @return the spans of that trace
	 */
	private List<SpanData> assertNextServiceIsCalledUnderTool(String toolSpanName) {
		assertThat(received).hasSize(1);
		String traceparent = received.get(0).get("traceparent");
		assertThat(traceparent).as("traceparent sent to the next service")
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
		String[] parts = traceparent.split("-");
		assertThat(Integer.parseInt(parts[3], 16) & 1).as("sampled flag").isOne();
		awaitTrace(parts[1], toolSpanName);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(spansOf(parts[1])).anySatisfy((span) -> assertThat(span).hasSpanId(parts[2])));
		List<SpanData> spans = spansOf(parts[1]);
		SpanData tool = single(spans, toolSpanName);
		SpanData client = spans.stream().filter((span) -> span.getSpanId().equals(parts[2])).findFirst().orElseThrow();
		assertThat(client).as("the span that sent the request, in %s", describe(spans))
			.hasKind(SpanKind.CLIENT)
			.hasParent(tool);
		return spans;
	}

	private List<SpanData> awaitTrace(String traceId, String... names) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(spansOf(traceId)).extracting(SpanData::getName).contains(names));
		return spansOf(traceId);
	}

	private List<SpanData> spansOf(String traceId) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId))
			.toList();
	}

	private static SpanData single(List<SpanData> spans, String name) {
		List<SpanData> matching = spans.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(matching).as("spans named %s in %s", name, describe(spans)).hasSize(1);
		return matching.get(0);
	}

	/**
	 * Parent span ids from the span's parent up, ending with the first id not exported
	 * here.
	 */
	private static List<String> ancestorIds(SpanData span, List<SpanData> spans) {
		Map<String, SpanData> byId = new HashMap<>();
		spans.forEach((each) -> byId.put(each.getSpanId(), each));
		List<String> ancestors = new ArrayList<>();
		SpanData current = span;
		while (current != null && current.getParentSpanContext().isValid()) {
			ancestors.add(current.getParentSpanId());
			current = byId.get(current.getParentSpanId());
		}
		return ancestors;
	}

	private static String describe(List<SpanData> spans) {
		return spans.stream()
			.map((span) -> span.getName() + " " + span.getSpanId() + " <- " + span.getParentSpanId())
			.toList()
			.toString();
	}

	private HttpResponse<String> get(String path, Caller caller) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + path + "&url=" + downstreamUrl()))
			.header("traceparent", "00-" + caller.traceId() + "-" + caller.spanId() + "-01")
			.header("tracestate", CALLER_TRACE_STATE)
			.GET()
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String downstreamUrl() {
		return "http://127.0.0.1:" + downstream.getAddress().getPort() + "/answer";
	}

	/** The calling service's trace and span. */
	record Caller(String traceId, String spanId) {

		static Caller random() {
			return new Caller(IdGenerator.random().generateTraceId(), IdGenerator.random().generateSpanId());
		}

	}

	/**
	 * Tools that call another service over HTTP.
	 */
	static class RemoteTools {

		private final RestClient restClient;

		private final WebClient webClient;

		RemoteTools(RestClient restClient, WebClient webClient) {
			this.restClient = restClient;
			this.webClient = webClient;
		}

		@Tool(name = "rest_client_call")
		public @Nullable String viaRestClient(String url) {
			return this.restClient.get().uri(url).retrieve().body(String.class);
		}

		@Tool(name = "web_client_call")
		public @Nullable String viaWebClient(String url) {
			return this.webClient.get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
		}

		@Tool(name = "web_client_reactive")
		public Mono<String> viaWebClientReactive(String url) {
			return this.webClient.get().uri(url).retrieve().bodyToMono(String.class);
		}

	}

	/**
	 * An agent whose tool calls another service.
	 */
	static class CallingAgent {

		private final RemoteTools tools;

		CallingAgent(RemoteTools tools) {
			this.tools = tools;
		}

		@AgentRun(name = "caller")
		public @Nullable String call(String client, String url) {
			return client.equals("web-client") ? this.tools.viaWebClient(url) : this.tools.viaRestClient(url);
		}

		@AgentRun(name = "reactive-caller")
		public Mono<String> callReactive(String url) {
			return this.tools.viaWebClientReactive(url);
		}

	}

	/**
	 * An endpoint of the application that runs the agent.
	 */
	@RestController
	static class AgentEndpoint {

		private final CallingAgent agent;

		AgentEndpoint(CallingAgent agent) {
			this.agent = agent;
		}

		@GetMapping("/test/agent")
		@Nullable String run(@RequestParam String client, @RequestParam String url) {
			return this.agent.call(client, url);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		// What Boot's WebClient auto-configuration does for observations: the registry on
		// the builder.
		@Bean
		RemoteTools remoteTools(RestClient.Builder restClientBuilder, ObservationRegistry observationRegistry) {
			WebClient webClient = WebClient.builder()
				.clientConnector(new JdkClientHttpConnector())
				.observationRegistry(observationRegistry)
				.build();
			return new RemoteTools(restClientBuilder.build(), webClient);
		}

		@Bean
		CallingAgent callingAgent(RemoteTools tools) {
			return new CallingAgent(tools);
		}

		@Bean
		AgentEndpoint agentEndpoint(CallingAgent agent) {
			return new AgentEndpoint(agent);
		}

	}

}

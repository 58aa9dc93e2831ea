package dev.agenttracing.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.OtlpReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The export counters as an operator reads them: the sample app over real HTTP, exporting
 * to JSONL files and to a real OTLP receiver that first rejects every export (HTTP 400)
 * and then accepts; the counters are read from {@code /actuator/metrics} and
 * {@code /actuator/agenttracing}.
 */
// Declared before @SpringBootTest, so the receiver stops only after the context has
// closed (and
// flushed to it): JUnit runs after-all callbacks in the reverse order of registration.
@ExtendWith(ExportCountersOverHttpTests.AfterContextClose.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.opentelemetry.tracing.export.schedule-delay=50ms",
				"management.opentelemetry.tracing.export.otlp.timeout=5s",
				"management.endpoints.web.exposure.include=health,metrics,agenttracing" })
@AutoConfigureTracing
@DirtiesContext
class ExportCountersOverHttpTests {

	private static final String EXPORTED = "agent.tracing.export.spans.exported";

	private static final String DROPPED = "agent.tracing.export.spans.dropped";

	private static final String FAILURES = "agent.tracing.export.failures";

	// At least: the request's server span, the agent run, 3 model calls, 2 tools and the
	// subagent
	// (Spring AI's ChatClient and advisor spans and the HTTP requests to the model come
	// on top).
	private static final int SPANS_PER_CHAT = 8;

	private static final OtlpReceiver receiver = start();

	private static final Path traces = temporaryDirectory();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void export(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::endpoint);
		registry.add("agent.tracing.export.jsonl.directory", traces::toString);
	}

	@Test
	void countersByExporterAreReadableOverHttpAsTheCollectorFailsAndRecovers() throws Exception {
		receiver.answer(() -> 400);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> chat = post("/api/chat", "{\"message\":\"A weekend in Paris?\"}");
			assertThat(chat.statusCode()).isEqualTo(200);
			assertThat(chat.body()).contains("Trip to Paris");
		}
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(count(FAILURES, "exporter:otlp-http")).isPositive();
			assertThat(count(DROPPED, "exporter:otlp-http", "reason:export_failed"))
				.isGreaterThanOrEqualTo(3 * SPANS_PER_CHAT);
			assertThat(count(EXPORTED, "exporter:jsonl")).isGreaterThanOrEqualTo(3 * SPANS_PER_CHAT);
		});
		assertThat(count(EXPORTED, "exporter:otlp-http")).isZero();
		for (String exporter : List.of("otlp-http", "jsonl", "log", "runs")) {
			assertThat(count(DROPPED, "exporter:" + exporter, "reason:queue_full")).isZero();
		}

		JsonNode names = get("/actuator/metrics").get("names");
		assertThat(names.valueStream().map(JsonNode::asString)).contains(EXPORTED, DROPPED, FAILURES);
		JsonNode dropped = get("/actuator/metrics/" + DROPPED);
		assertThat(dropped.get("baseUnit").asString()).isEqualTo("spans");
		assertThat(tagValues(dropped, "exporter")).containsExactlyInAnyOrder("otlp-http", "jsonl", "log", "runs");
		assertThat(tagValues(dropped, "reason")).containsExactlyInAnyOrder("export_failed", "queue_full");
		JsonNode failed = get("/actuator/metrics/" + DROPPED + "?tag=exporter:otlp-http&tag=reason:export_failed");
		assertThat(failed.get("description").asString()).isEqualTo("Spans dropped by agent-tracing's export path");
		assertThat(failed.get("availableTags")).isEmpty();

		// Boot's queue feeds the collector; the trace files, the run log and the recent
		// runs have
		// queues of their own.
		JsonNode queues = get("/actuator/agenttracing").get("queues");
		assertThat(queues.valueStream()
			.map((queue) -> queue.get("name").asString() + " " + queue.get("exporters") + " " + queue.get("capacity")
					+ " " + queue.get("spansDropped")))
			.containsExactlyInAnyOrder("boot [\"otlp-http\"] 2048 0", "jsonl [\"jsonl\"] 2048 0",
					"log [\"log\"] 2048 0", "runs [\"runs\"] 2048 0");
		assertThat(queues.valueStream().map((queue) -> queue.get("size").isNumber())).containsOnly(true);

		JsonNode otlp = exporter(get("/actuator/agenttracing"), "otlp-http");
		assertThat(otlp.get("state").asString()).isEqualTo("failing");
		assertThat(otlp.get("lastError").asString()).contains("HTTP 400");
		assertThat(otlp.get("exportFailures").asLong()).isPositive();
		assertThat(otlp.get("spansDropped").asLong()).isGreaterThanOrEqualTo(3 * SPANS_PER_CHAT);
		assertThat(otlp.get("spansExported").asLong()).isZero();
		JsonNode health = get("/actuator/health");
		assertThat(health.get("status").asString()).isEqualTo("UP");

		// The collector accepts again: the next runs arrive, and the counters say so.
		receiver.answer(() -> 200);
		HttpResponse<String> chat = post("/api/chat", "{\"message\":\"Kyoto in spring\"}");
		assertThat(chat.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(receiver.spans()).extracting(Span::getName).contains("invoke_agent trip-planner");
			assertThat(count(EXPORTED, "exporter:otlp-http")).isGreaterThanOrEqualTo(SPANS_PER_CHAT);
			assertThat(exporter(get("/actuator/agenttracing"), "otlp-http").get("state").asString()).isEqualTo("ok");
		});
	}

	private double count(String meter, String... tags) throws Exception {
		StringBuilder path = new StringBuilder("/actuator/metrics/" + meter);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		JsonNode measurements = get(path.toString()).get("measurements");
		assertThat(measurements).hasSize(1);
		assertThat(measurements.get(0).get("statistic").asString()).isEqualTo("COUNT");
		return measurements.get(0).get("value").asDouble();
	}

	private static List<String> tagValues(JsonNode meter, String tag) {
		List<String> values = new ArrayList<>();
		meter.get("availableTags")
			.valueStream()
			.filter((available) -> available.get("tag").asString().equals(tag))
			.forEach((available) -> available.get("values").valueStream().map(JsonNode::asString).forEach(values::add));
		return values;
	}

	private static JsonNode exporter(JsonNode status, String name) {
		return status.get("exporters")
			.valueStream()
			.filter((exporter) -> exporter.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no exporter " + name + " in " + status));
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static OtlpReceiver start() {
		try {
			return OtlpReceiver.http();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("agent-traces");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static class AfterContextClose implements AfterAllCallback {

		@Override
		public void afterAll(ExtensionContext context) throws IOException {
			receiver.close();
			FileSystemUtils.deleteRecursively(traces);
		}

	}

}

package dev.agenttracing.sample;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.cli.AgentTracingCli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace-file commands on the JSONL files the sample writes as it serves chat
 * requests: the runs it lists match the {@code agentruns} endpoint, and {@code show}
 * prints the very tree the console run log printed.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.opentelemetry.tracing.export.schedule-delay=50ms")
@AutoConfigureTracing
@DirtiesContext
class TraceFilesCliTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static Path traces;

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void traceFiles(DynamicPropertyRegistry registry) throws IOException {
		traces = Files.createTempDirectory("agent-traces");
		registry.add("agent.tracing.export.jsonl.directory", traces::toString);
	}

	@AfterAll
	static void deleteFiles() {
		FileSystemUtils.deleteRecursively(traces.toFile());
	}

	@Test
	void commandsReadTheFilesTheSampleWrites(CapturedOutput output) throws Exception {
		String paris = chat("traveller-1", "A weekend in Paris?");
		String atlantis = chat("traveller-2", "Atlantis, please");
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(cli("list", traces.toString()).lines()).hasSize(3);
			assertThat(output).contains("Agent run finished (trace " + atlantis + ")");
		});

		List<String> list = cli("list", traces.toString()).lines();
		assertThat(list.get(1)).contains(atlantis, "traveller-2");
		assertThat(list.get(2)).contains(paris, "traveller-1");
		JsonNode summary = get("/actuator/agentruns/" + paris).get("summary");
		assertThat(list.get(2)).contains(
				summary.get("inputTokens").asLong() + " / " + summary.get("outputTokens").asLong(),
				String.format(java.util.Locale.ROOT, "%.6f USD", summary.get("cost").asDouble()));
		assertThat(cli("list", traces.toString(), "--user", "traveller-2").lines()).hasSize(2);
		// Only a tool failed, the runs did not.
		assertThat(cli("list", traces.toString(), "--errors").lines())
			.containsExactly("No agent runs found in " + traces);

		// show prints the tree exactly as the console run log did.
		String logged = output.toString();
		String tree = logged.substring(logged.indexOf("Agent run finished (trace " + atlantis + ")"));
		tree = tree.substring(tree.indexOf('\n') + 1);
		List<String> shown = cli("show", atlantis, "--dir", traces.toString()).lines();
		List<String> treeLines = shown.subList(1, shown.indexOf("Errors:"));
		assertThat(tree.lines().limit(treeLines.size()).toList()).isEqualTo(treeLines);
		assertThat(treeLines).hasSize(7)
			.anySatisfy((line) -> assertThat(line).contains("execute_tool get_weather",
					"ERROR dev.agenttracing.sample.WeatherTools$UnknownCityException"));
		assertThat(shown.get(shown.size() - 1)).isEqualTo(
				"  execute_tool get_weather: dev.agenttracing.sample.WeatherTools$UnknownCityException: No weather data for Atlantis");

		List<String> stats = cli("stats", traces.toString()).lines();
		assertThat(stats.get(0)).isEqualTo("2 runs");
		assertThat(stats).anySatisfy((line) -> assertThat(line.split("\\s+")).startsWith("trip-planner", "2", "0"));
		assertThat(stats).anySatisfy((line) -> assertThat(line.split("\\s+")).startsWith("local-guide", "2", "0"));
		assertThat(stats)
			.anySatisfy((line) -> assertThat(line.split("\\s+")).startsWith("trip-planner", "gpt-5-mini", "6", "0"));
	}

	private static Output cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int status = AgentTracingCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		assertThat(status).as("%s: %s", List.of(args), err).isZero();
		return new Output(out.toString());
	}

	private String chat(String user, String message) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/chat"))
			.header("Content-Type", "application/json")
			.header("X-User-Id", user)
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("message", message))))
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body()).get("traceId").asString();
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	record Output(String text) {

		List<String> lines() {
			return this.text.lines().toList();
		}

	}

}

package dev.agenttracing.sample;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.agenttracing.OtlpReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the packaged sample jar with JSONL files, the run log and an OTLP collector,
 * runs the agent, sends SIGTERM and checks that every trace is in the JSONL files, and at
 * the collector when it is up: the shutdown flush delivers what every batch queue still
 * held. A collector that hangs does not keep the files from being written.
 */
class PackagedSampleSigtermIT {

	private static final Pattern TRACE_ID = Pattern.compile("\"traceId\":\"([0-9a-f]{32})\"");

	@TempDir
	Path traces;

	@ParameterizedTest(name = "collector {0}")
	@ValueSource(strings = { "up", "hanging" })
	void sigtermFlushesEveryTraceToTheFiles(String collector) throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			if (collector.equals("hanging")) {
				receiver.hang();
			}
			sigtermFlushesEveryTraceToTheFiles(receiver, collector.equals("up"));
			receiver.release();
		}
	}

	private void sigtermFlushesEveryTraceToTheFiles(OtlpReceiver receiver, boolean collectorUp) throws Exception {
		File jar = new File("target/sample-app-0.1.0-SNAPSHOT.jar");
		assertThat(jar).exists();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		Process app = new ProcessBuilder(java, "-jar", jar.getAbsolutePath(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--agent.tracing.export.jsonl.directory=" + this.traces,
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
				// Longer than the test: only the shutdown flush can write these spans.
				"--management.opentelemetry.tracing.export.schedule-delay=60s",
				"--agent.tracing.export.jsonl.queue.schedule-delay=60s",
				"--agent.tracing.export.log.queue.schedule-delay=60s", "--agent.tracing.shutdown.flush-timeout=5s")
			.redirectErrorStream(true)
			.redirectOutput(new File("target/sample-sigterm-it.log"))
			.start();
		try {
			HttpClient client = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> chat(client, port, "warm-up") != null);
			List<String> traceIds = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				traceIds.add(chat(client, port, "A weekend in Paris?"));
			}
			app.destroy();
			assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
			if (collectorUp) {
				assertThat(receiver.spans()).filteredOn((span) -> span.getName().equals("invoke_agent trip-planner"))
					.extracting((span) -> HexFormat.of().formatHex(span.getTraceId().toByteArray()))
					.containsAll(traceIds);
			}
			for (String traceId : traceIds) {
				Path file;
				try (Stream<Path> files = Files.walk(this.traces)) {
					file = files.filter((path) -> path.getFileName().toString().equals(traceId + ".jsonl"))
						.findFirst()
						.orElseThrow(() -> new AssertionError("no file for trace " + traceId));
				}
				String content = Files.readString(file);
				assertThat(content).contains("invoke_agent trip-planner", "execute_tool get_weather",
						"execute_tool find_activities", "invoke_agent local-guide");
				Matcher ids = TRACE_ID.matcher(content);
				while (ids.find()) {
					assertThat(ids.group(1)).isEqualTo(traceId);
				}
			}
		}
		finally {
			app.destroyForcibly();
		}
	}

	private static String chat(HttpClient client, int port, String message) throws Exception {
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher matcher = Pattern.compile("\"traceId\":\"([0-9a-f]{32})\"").matcher(response.body());
		return matcher.find() ? matcher.group(1) : null;
	}

}

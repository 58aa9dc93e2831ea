package dev.agenttracing.sample.scripted;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible chat completions endpoint on the loopback interface, played by
 * {@link ScriptedTripModel}: the sample's model, reached over real HTTP by Spring AI's
 * OpenAI client, with no key and no network. Answers as JSON, or as server-sent events
 * when the request streams: the turn in chunks, then a chunk with the usage, then
 * {@code [DONE]}.
 * <p>
 * It listens on a port of its own rather than on the application's: a model's HTTP server
 * spans are not part of the caller's trace, and here they would be (and in the sample's
 * HTTP metrics).
 */
public class ScriptedOpenAiServer implements SmartLifecycle {

	static final String PATH = "/v1/chat/completions";

	// A model thinks before its first token, then writes at a steady pace.
	private static final Duration FIRST_TOKEN = Duration.ofMillis(120);

	private static final Duration PER_CHUNK = Duration.ofMillis(15);

	private final JsonMapper json = JsonMapper.builder().build();

	private final ScriptedTripModel model = new ScriptedTripModel(this.json);

	private final HttpServer server;

	private final ExecutorService executor;

	private volatile boolean running;

	private final boolean latency;

	/**
	 * Binds an ephemeral port on 127.0.0.1; requests are served once {@link #start()} is
	 * called.
	 */
	public ScriptedOpenAiServer() {
		this(true);
	}

	/**
	 * Binds an ephemeral port on 127.0.0.1; requests are served once {@link #start()} is
	 * called.
	 * @param latency whether to answer at a model's pace (first token, then chunk by
	 * chunk) or at once, as the load benchmarks want, which measure the application, not
	 * the model
	 */
	public ScriptedOpenAiServer(boolean latency) {
		this.latency = latency;
		// The JDK server writes headers and body apart; without TCP_NODELAY the client's
		// delayed
		// ACK holds every answer about 40 ms (Nagle), a latency no model script asked
		// for. Read
		// once, when the JDK's server configuration loads: this is the sample's first
		// server.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The scripted model's server could not bind a loopback port", ex);
		}
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "scripted-openai-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext(PATH, this::handle);
	}

	/**
	 * Serve the script on its own, in a process of its own, answering at once: the macro
	 * benchmark ({@code agent-tracing-benchmarks/macro.sh}) points the measured sample at
	 * it with {@code spring.ai.openai.base-url}, so that the measured JVM does only what
	 * an application whose model is remote does. Writes the base URL to the file named by
	 * the first argument (renamed into place whole), then serves until the process is
	 * stopped.
	 * @param args the file to write the base URL to
	 * @throws Exception if the server cannot start or the file cannot be written
	 */
	public static void main(String[] args) throws Exception {
		serve(Path.of(args[0]));
		new CountDownLatch(1).await();
	}

	/**
	 * Start a server that answers at once and write its base URL to {@code file}.
	 * @param file where to write the base URL
	 * @return the started server
	 * @throws IOException if the file cannot be written
	 */
	static ScriptedOpenAiServer serve(Path file) throws IOException {
		ScriptedOpenAiServer server = new ScriptedOpenAiServer(false);
		server.start();
		Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), server.baseUrl());
		Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
		return server;
	}

	/**
	 * @return the base URL to give an OpenAI client, ending in {@code /v1}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	@Override
	public void start() {
		this.server.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Up before the web server takes requests, and down only after it has drained
		// them and
		// agent-tracing has flushed: in-flight agent runs still reach their model.
		return Integer.MIN_VALUE + 1000;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!exchange.getRequestMethod().equals("POST")) {
				send(exchange, 405, error("Only POST is supported"));
				return;
			}
			JsonNode request;
			try {
				request = this.json.readTree(exchange.getRequestBody());
			}
			catch (RuntimeException ex) {
				send(exchange, 400, error("The request body is not JSON"));
				return;
			}
			ScriptedTripModel.Turn turn = this.model.next(request);
			if (request.path("stream").asBoolean(false)) {
				stream(exchange, turn);
			}
			else {
				pause(FIRST_TOKEN);
				send(exchange, 200, completion(turn));
			}
		}
	}

	private Map<String, Object> completion(ScriptedTripModel.Turn turn) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", turn.text());
		if (!turn.toolCalls().isEmpty()) {
			message.put("tool_calls", toolCalls(turn, false));
		}
		message.put("refusal", null);
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("finish_reason", turn.finishReason());
		Map<String, Object> completion = envelope(turn, "chat.completion");
		completion.put("choices", List.of(choice));
		completion.put("usage", usage(turn.usage()));
		return completion;
	}

	private void stream(HttpExchange exchange, ScriptedTripModel.Turn turn) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		exchange.sendResponseHeaders(200, 0);
		OutputStream body = exchange.getResponseBody();
		pause(FIRST_TOKEN);
		if (turn.text() != null) {
			String[] words = turn.text().split(" ");
			for (int i = 0; i < words.length; i++) {
				Map<String, Object> delta = new LinkedHashMap<>();
				if (i == 0) {
					delta.put("role", "assistant");
				}
				delta.put("content", (i == 0) ? words[i] : " " + words[i]);
				event(body, chunk(turn, delta, null));
				pause(PER_CHUNK);
			}
		}
		else {
			Map<String, Object> delta = new LinkedHashMap<>();
			delta.put("role", "assistant");
			delta.put("content", null);
			delta.put("tool_calls", toolCalls(turn, true));
			event(body, chunk(turn, delta, null));
		}
		event(body, chunk(turn, Map.of(), turn.finishReason()));
		Map<String, Object> usage = envelope(turn, "chat.completion.chunk");
		usage.put("choices", List.of());
		usage.put("usage", usage(turn.usage()));
		event(body, usage);
		body.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		body.flush();
	}

	private Map<String, Object> chunk(ScriptedTripModel.Turn turn, Map<String, Object> delta,
			@Nullable String finishReason) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("finish_reason", finishReason);
		Map<String, Object> chunk = envelope(turn, "chat.completion.chunk");
		chunk.put("choices", List.of(choice));
		return chunk;
	}

	private static Map<String, Object> envelope(ScriptedTripModel.Turn turn, String object) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", turn.responseId());
		envelope.put("object", object);
		envelope.put("created", Instant.now().getEpochSecond());
		envelope.put("model", turn.model());
		envelope.put("service_tier", "default");
		envelope.put("system_fingerprint", null);
		return envelope;
	}

	private static List<Map<String, Object>> toolCalls(ScriptedTripModel.Turn turn, boolean streamed) {
		List<Map<String, Object>> calls = new ArrayList<>();
		for (int i = 0; i < turn.toolCalls().size(); i++) {
			ScriptedTripModel.ToolCall call = turn.toolCalls().get(i);
			Map<String, Object> entry = new LinkedHashMap<>();
			if (streamed) {
				entry.put("index", i);
			}
			entry.put("id", call.id());
			entry.put("type", "function");
			entry.put("function", Map.of("name", call.name(), "arguments", call.arguments()));
			calls.add(entry);
		}
		return calls;
	}

	private static Map<String, Object> usage(ScriptedTripModel.Usage usage) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("prompt_tokens", usage.inputTokens());
		map.put("completion_tokens", usage.outputTokens());
		map.put("total_tokens", usage.inputTokens() + usage.outputTokens());
		map.put("prompt_tokens_details", Map.of("cached_tokens", usage.cachedInputTokens(), "audio_tokens", 0));
		map.put("completion_tokens_details", Map.of("reasoning_tokens", 0, "audio_tokens", 0,
				"accepted_prediction_tokens", 0, "rejected_prediction_tokens", 0));
		return map;
	}

	private static Map<String, Object> error(String message) {
		return Map.of("error", Map.of("message", message, "type", "invalid_request_error"));
	}

	private void send(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private void event(OutputStream body, Object data) throws IOException {
		body.write(("data: " + this.json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
		body.flush();
	}

	private void pause(Duration duration) {
		if (!this.latency) {
			return;
		}
		try {
			TimeUnit.MILLISECONDS.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package dev.agenttracing.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible chat completions endpoint on the loopback interface for the Spring AI
 * cases: canned answers, so that the benchmark measures the client and its instrumentation, not
 * a model. A request that offers tools and carries no tool result gets a tool call; every other
 * request gets a short answer. Both report usage with cached tokens, as OpenAI does.
 * <p>
 * The JDK's HTTP server writes a response in two parts (headers, then body); without
 * {@code TCP_NODELAY} the second waits for the client's delayed ACK (about 40 ms) and the
 * benchmark would measure that timer. {@link #create()} sets the server's no-delay option
 * before the server classes read it.
 *
 * @author agent-tracing
 */
final class LoopbackOpenAi implements Closeable {

	private static final byte[] TOOL_CALL = """
			{"id":"chatcmpl-bench1","object":"chat.completion","created":1767225600,"model":"gpt-5-mini-2025-08-07",\
			"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_bench1",\
			"type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},\
			"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":182,"completion_tokens":18,"total_tokens":200,\
			"prompt_tokens_details":{"cached_tokens":128}}}"""
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] ANSWER = """
			{"id":"chatcmpl-bench2","object":"chat.completion","created":1767225600,"model":"gpt-5-mini-2025-08-07",\
			"choices":[{"index":0,"message":{"role":"assistant","content":"Paris is rainy, 14°C: take the Louvre."},\
			"finish_reason":"stop"}],"usage":{"prompt_tokens":214,"completion_tokens":12,"total_tokens":226,\
			"prompt_tokens_details":{"cached_tokens":128}}}"""
		.getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "loopback-openai");
		thread.setDaemon(true);
		return thread;
	});

	private LoopbackOpenAi(HttpServer server) {
		this.server = server;
		server.setExecutor(this.executor);
		server.createContext("/v1/chat/completions", this::answer);
		server.start();
	}

	static LoopbackOpenAi create() {
		System.setProperty("sun.net.httpserver.nodelay", "true");
		try {
			return new LoopbackOpenAi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			String request = new String(body.readAllBytes(), StandardCharsets.UTF_8);
			boolean toolCall = request.contains("\"tools\"") && !request.contains("\"role\":\"tool\"");
			byte[] response = toolCall ? TOOL_CALL : ANSWER;
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}

package dev.agenttracing.springai;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model server on 127.0.0.1 that answers from a script, over real HTTP: JSON bodies,
 * SSE streams and error statuses, in the order they were queued. It records each request
 * body. The wire formats are in {@link OpenAiWire} and {@link AnthropicWire}.
 */
final class ScriptedModelServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final BlockingDeque<Reply> replies = new LinkedBlockingDeque<>();

	private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private final List<String> paths = new CopyOnWriteArrayList<>();

	ScriptedModelServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	ScriptedModelServer reply(Reply reply) {
		this.replies.add(reply);
		return this;
	}

	List<JsonNode> requests() {
		return new ArrayList<>(this.requests);
	}

	List<String> paths() {
		return new ArrayList<>(this.paths);
	}

	void reset() {
		this.replies.clear();
		this.requests.clear();
		this.paths.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.paths.add(exchange.getRequestURI().getPath());
			this.requests.add(json.readTree(body));
			Reply reply = this.replies.poll();
			if (reply == null) {
				reply = Reply.json(500, "{\"error\":{\"message\":\"no scripted reply\",\"type\":\"server_error\"}}");
			}
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			if (reply.gate() != null) {
				// Streamed in two parts: the rest only once the test has seen the first.
				exchange.sendResponseHeaders(reply.status(), 0);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(reply.body().getBytes(StandardCharsets.UTF_8));
					out.flush();
					reply.gate().await(10, TimeUnit.SECONDS);
					out.write(reply.rest().getBytes(StandardCharsets.UTF_8));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return;
			}
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(reply.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	static String toJson(Object value) {
		return json.writeValueAsString(value);
	}

	/**
	 * One scripted answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param body the body
	 */
	record Reply(int status, String contentType, String body, String rest, CountDownLatch gate) {

		static Reply json(int status, String body) {
			return new Reply(status, "application/json", body, "", null);
		}

		static Reply sse(List<String> events) {
			return new Reply(200, "text/event-stream", events(events), "", null);
		}

		/**
		 * A stream whose first {@code first} events are sent at once and the rest when
		 * {@code gate} opens.
		 */
		static Reply sse(List<String> events, int first, CountDownLatch gate) {
			return new Reply(200, "text/event-stream", events(events.subList(0, first)),
					events(events.subList(first, events.size())), gate);
		}

		private static String events(List<String> events) {
			StringBuilder body = new StringBuilder();
			for (String event : events) {
				body.append(event).append("\n\n");
			}
			return body.toString();
		}

	}

}

package dev.agenttracing.langchain4j;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that speaks the OpenAI chat
 * completions protocol as far as the tests need: it answers each
 * {@code POST /v1/chat/completions} with the next scripted answer, a JSON completion, a
 * server-sent event stream or an HTTP error, and remembers the request bodies.
 *
 * @author agent-tracing
 */
final class OpenAiCompatibleServer implements AutoCloseable {

	private final HttpServer server;

	private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	OpenAiCompatibleServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/chat/completions", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	List<String> requests() {
		return this.requests;
	}

	OpenAiCompatibleServer thenToolCall(String callId, String tool, String arguments) {
		String message = """
				{"role":"assistant","content":null,"tool_calls":[{"id":"%s","type":"function",\
				"function":{"name":"%s","arguments":%s}}]}""".formatted(callId, tool, quote(arguments));
		this.answers
			.add(new Answer(200, "application/json", completion("chatcmpl-tool", message, "tool_calls", 50, 10, 20)));
		return this;
	}

	/**
	 * Answer with several tool calls in one turn.
	 * @param calls call id, tool name and JSON arguments of each call, one after another
	 * @return this server
	 */
	OpenAiCompatibleServer thenToolCalls(String... calls) {
		StringBuilder toolCalls = new StringBuilder();
		for (int i = 0; i < calls.length; i += 3) {
			if (i > 0) {
				toolCalls.append(',');
			}
			toolCalls.append("""
					{"id":"%s","type":"function","function":{"name":"%s","arguments":%s}}""".formatted(calls[i],
					calls[i + 1], quote(calls[i + 2])));
		}
		String message = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + toolCalls + "]}";
		this.answers
			.add(new Answer(200, "application/json", completion("chatcmpl-tools", message, "tool_calls", 50, 10, 0)));
		return this;
	}

	OpenAiCompatibleServer thenText(String text) {
		String message = "{\"role\":\"assistant\",\"content\":" + quote(text) + "}";
		this.answers.add(new Answer(200, "application/json", completion("chatcmpl-final", message, "stop", 80, 12, 0)));
		return this;
	}

	OpenAiCompatibleServer thenStream(String... chunks) {
		StringBuilder events = new StringBuilder();
		for (int i = 0; i < chunks.length; i++) {
			String delta = ((i == 0) ? "{\"role\":\"assistant\",\"content\":" : "{\"content\":") + quote(chunks[i])
					+ "}";
			events.append(event("""
					{"id":"chatcmpl-stream","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06",\
					"choices":[{"index":0,"delta":%s,"finish_reason":null}]}""".formatted(delta)));
		}
		events.append(event("""
				{"id":"chatcmpl-stream","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06",\
				"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""));
		events.append(event("""
				{"id":"chatcmpl-stream","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06",\
				"choices":[],"usage":{"prompt_tokens":30,"completion_tokens":7,"total_tokens":37,\
				"prompt_tokens_details":{"cached_tokens":10}}}"""));
		events.append("data: [DONE]\n\n");
		this.answers.add(new Answer(200, "text/event-stream", events.toString()));
		return this;
	}

	OpenAiCompatibleServer thenStreamedToolCall(String callId, String tool, String arguments) {
		StringBuilder events = new StringBuilder();
		events.append(event("""
				{"id":"chatcmpl-stool","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06",\
				"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"%s",\
				"type":"function","function":{"name":"%s","arguments":%s}}]},"finish_reason":null}]}"""
			.formatted(callId, tool, quote(arguments))));
		events.append(event("""
				{"id":"chatcmpl-stool","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06",\
				"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"""));
		events.append(event("""
				{"id":"chatcmpl-stool","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06",\
				"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":9,"total_tokens":49}}"""));
		events.append("data: [DONE]\n\n");
		this.answers.add(new Answer(200, "text/event-stream", events.toString()));
		return this;
	}

	OpenAiCompatibleServer thenError(int status, String message) {
		this.answers.add(new Answer(status, "application/json",
				"{\"error\":{\"message\":" + quote(message) + ",\"type\":\"invalid_request_error\"}}"));
		return this;
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		Answer answer = this.answers.poll();
		if (answer == null) {
			answer = new Answer(500, "application/json", "{\"error\":{\"message\":\"no answer scripted\"}}");
		}
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", answer.contentType());
		exchange.sendResponseHeaders(answer.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String completion(String id, String message, String finishReason, int prompt, int completion,
			int cached) {
		return """
				{"id":"%s","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",\
				"choices":[{"index":0,"message":%s,"finish_reason":"%s"}],\
				"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,\
				"prompt_tokens_details":{"cached_tokens":%d},"completion_tokens_details":{"reasoning_tokens":0}}}"""
			.formatted(id, message, finishReason, prompt, completion, prompt + completion, cached);
	}

	private static String event(String json) {
		return "data: " + json + "\n\n";
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private record Answer(int status, String contentType, String body) {
	}

}

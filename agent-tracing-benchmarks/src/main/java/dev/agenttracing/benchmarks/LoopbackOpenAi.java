package dev.agenttracing.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An OpenAI-compatible chat completions endpoint on the loopback interface for the Spring
 * AI cases: canned answers, so that the benchmark measures the client and its
 * instrumentation, not a model. A request that offers tools and carries no tool result
 * gets a tool call; every other request gets a short answer. Both report usage with
 * cached tokens, as OpenAI does.
 * <p>
 * Served by a {@link LoopbackReceiver}, which re-arms {@code TCP_QUICKACK} before every
 * read and writes each response at once with {@code TCP_NODELAY}: Spring AI's OkHttp
 * client, like the OTLP exporter's, sends with Nagle's algorithm on, and a server that
 * delays its ACK would put the kernel's 40 ms timer into the measurement.
 *
 * @author agent-tracing
 */
final class LoopbackOpenAi implements Closeable {

	private static final byte[] TOOL_CALL = response("""
			{"id":"chatcmpl-bench1","object":"chat.completion","created":1767225600,"model":"gpt-5-mini-2025-08-07",\
			"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_bench1",\
			"type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},\
			"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":182,"completion_tokens":18,"total_tokens":200,\
			"prompt_tokens_details":{"cached_tokens":128}}}""");

	private static final byte[] ANSWER = response("""
			{"id":"chatcmpl-bench2","object":"chat.completion","created":1767225600,"model":"gpt-5-mini-2025-08-07",\
			"choices":[{"index":0,"message":{"role":"assistant","content":"Paris is rainy, 14°C: take the Louvre."},\
			"finish_reason":"stop"}],"usage":{"prompt_tokens":214,"completion_tokens":12,"total_tokens":226,\
			"prompt_tokens_details":{"cached_tokens":128}}}""");

	private final LoopbackReceiver receiver;

	private LoopbackOpenAi(LoopbackReceiver receiver) {
		this.receiver = receiver;
	}

	static LoopbackOpenAi create() {
		try {
			return new LoopbackOpenAi(new LoopbackReceiver(true, LoopbackOpenAi::answer));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.receiver.port() + "/v1";
	}

	private static byte[] answer(byte[] body) {
		String request = new String(body, StandardCharsets.UTF_8);
		boolean toolCall = request.contains("\"tools\"") && !request.contains("\"role\":\"tool\"");
		return toolCall ? TOOL_CALL : ANSWER;
	}

	private static byte[] response(String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
				+ "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] response = new byte[head.length + body.length];
		System.arraycopy(head, 0, response, 0, head.length);
		System.arraycopy(body, 0, response, head.length, body.length);
		return response;
	}

	@Override
	public void close() {
		try {
			this.receiver.close();
		}
		catch (IOException ex) {
			// closing a server socket on the loopback interface
		}
	}

}

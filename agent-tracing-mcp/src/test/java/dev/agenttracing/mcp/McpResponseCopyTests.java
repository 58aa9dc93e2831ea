package dev.agenttracing.mcp;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the copy of a response body finds the response to its request: in a JSON body, or
 * in the events of an SSE stream however the bytes are split, and not beyond its bound.
 */
class McpResponseCopyTests {

	private static final JsonMapper JSON = new JsonMapper();

	private static final String ERROR = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,\"message\":\"Unknown tool\"}}";

	@Test
	void findsTheResponseInAJsonBody() {
		McpResponseCopy copy = copy(1024, "application/json");
		write(copy, ERROR, 5);
		assertThat(copy.response().path("error").path("code").asInt()).isEqualTo(-32602);
		assertThat(copy.requestId()).isEqualTo("7");
		assertThat(copy.method()).isEqualTo("tools/call");
	}

	@Test
	void findsTheResponseAmongTheEventsOfAnSseStream() {
		McpResponseCopy copy = copy(1024, "text/event-stream;charset=UTF-8");
		String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}";
		String other = "{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{}}";
		// A message over two data lines, which the event joins with a line feed.
		int split = ERROR.indexOf(",\"error\"") + 1;
		write(copy,
				": keep-alive\r\n\r\nevent: message\r\ndata: " + notification + "\r\n\r\nid: 1\ndata:" + other
						+ "\n\nevent: message\ndata: " + ERROR.substring(0, split) + "\ndata: " + ERROR.substring(split)
						+ "\n\n",
				3);
		assertThat(copy.response()).isNotNull();
		assertThat(copy.response().path("id").asInt()).isEqualTo(7);
		assertThat(copy.response().path("error").path("message").asString()).isEqualTo("Unknown tool");
	}

	@Test
	void findsTheLastEventOfAStreamThatEndsWithoutABlankLine() {
		McpResponseCopy copy = copy(1024, "text/event-stream");
		write(copy, "data: " + ERROR, 1000);
		assertThat(copy.response().path("id").asInt()).isEqualTo(7);
	}

	@Test
	void skipsAnEventLongerThanItsBoundAndReadsTheNextOne() {
		McpResponseCopy copy = copy(ERROR.length() + 10, "text/event-stream");
		write(copy, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\""
				+ "x".repeat(500) + "\"}}\n\ndata: " + ERROR + "\n\n", 64);
		assertThat(copy.response().path("id").asInt()).isEqualTo(7);
	}

	@Test
	void readsNoJsonBodyLongerThanItsBound() {
		McpResponseCopy copy = copy(ERROR.length() - 1, "application/json");
		write(copy, ERROR, 1000);
		assertThat(copy.response()).isNull();
	}

	@Test
	void forgetsWhatTheServerResetBeforeTheBodyWasSent() {
		McpResponseCopy copy = copy(1024, "application/json");
		write(copy, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"isError\":", 1000);
		copy.reset();
		write(copy, ERROR, 1000);
		assertThat(copy.response().path("error").path("code").asInt()).isEqualTo(-32602);
	}

	@Test
	void hasNoCopyForANotification() {
		assertThat(McpResponseCopy.of(JSON.readTree("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
				1024, () -> "application/json"))
			.isNull();
	}

	private static McpResponseCopy copy(int maxBytes, String contentType) {
		JsonNode request = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{}}");
		McpResponseCopy copy = McpResponseCopy.of(request, maxBytes, () -> contentType);
		assertThat(copy).isNotNull();
		return copy;
	}

	private static void write(McpResponseCopy copy, String body, int chunk) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		for (int offset = 0; offset < bytes.length; offset += chunk) {
			copy.write(bytes, offset, Math.min(chunk, bytes.length - offset));
		}
	}

}

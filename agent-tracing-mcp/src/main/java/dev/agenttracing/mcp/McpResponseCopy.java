package dev.agenttracing.mcp;

import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.support.TracingFaults;

/**
 * A bounded copy of the body an MCP server writes in answer to one HTTP request, read for
 * the JSON-RPC response to that request: a JSON body whole, an SSE stream
 * ({@code text/event-stream}) event by event until the response comes. The filters feed
 * it the bytes as they go to the client, which it never holds back or changes. It holds
 * at most {@code maxBytes} of a JSON body or of one event; a longer one is not read (its
 * span ends with the HTTP status), which is logged once.
 *
 * @author agent-tracing
 */
final class McpResponseCopy {

	private static final JsonMapper JSON = new JsonMapper();

	private static final byte[] DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final String requestId;

	private final String method;

	private final int maxBytes;

	private final Supplier<@Nullable String> contentType;

	// null until the first byte: then whether the body is an SSE stream.
	private @Nullable Boolean sse;

	// JSON: the body; SSE: the current line.
	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	// SSE: the data of the current event.
	private final ByteArrayOutputStream data = new ByteArrayOutputStream();

	private boolean overflowed;

	private boolean afterCarriageReturn;

	// SSE: the length of the current line, held or not.
	private int lineLength;

	private @Nullable JsonNode response;

	private McpResponseCopy(String requestId, String method, int maxBytes, Supplier<@Nullable String> contentType) {
		this.requestId = requestId;
		this.method = method;
		this.maxBytes = maxBytes;
		this.contentType = contentType;
	}

	/**
	 * A copy for the response to the given request.
	 * @param message the request
	 * @param maxBytes the most bytes held
	 * @param contentType the response's content type, read at its first byte
	 * @return the copy, or {@code null} for a notification, which has no response
	 */
	static @Nullable McpResponseCopy of(JsonNode message, int maxBytes, Supplier<@Nullable String> contentType) {
		String id = McpServerSessionCalls.id(message.path("id"));
		return (id != null) ? new McpResponseCopy(id, McpHttpRequests.method(message), maxBytes, contentType) : null;
	}

	String requestId() {
		return this.requestId;
	}

	String method() {
		return this.method;
	}

	synchronized void write(int b) {
		write(new byte[] { (byte) b }, 0, 1);
	}

	synchronized void write(byte[] buffer, int offset, int length) {
		try {
			if (this.response != null || length <= 0) {
				return;
			}
			if (this.sse == null) {
				String type = this.contentType.get();
				this.sse = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
			}
			if (this.sse) {
				for (int i = offset; i < offset + length && this.response == null; i++) {
					sseByte(buffer[i]);
				}
			}
			else if (!this.overflowed) {
				hold(this.bytes, buffer, offset, length);
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("copying an MCP response for its server span", ex);
		}
	}

	/**
	 * The server reset the response's buffer before any of it reached the client.
	 */
	synchronized void reset() {
		this.bytes.reset();
		this.data.reset();
		this.overflowed = false;
		this.afterCarriageReturn = false;
		this.lineLength = 0;
		this.sse = null;
	}

	/**
	 * The JSON-RPC response to the request, once the body is complete.
	 * @return the response, or {@code null} when the body held none (or a longer one than
	 * the copy holds)
	 */
	synchronized @Nullable JsonNode response() {
		try {
			if (this.response == null && Boolean.FALSE.equals(this.sse) && !this.overflowed) {
				this.response = matching(this.bytes.toByteArray());
			}
			else if (this.response == null && Boolean.TRUE.equals(this.sse)) {
				// A stream that ended without the blank line after its last event.
				if (this.lineLength > 0) {
					endLine();
				}
				dispatch();
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("reading an MCP response for its server span", ex);
		}
		return this.response;
	}

	private void sseByte(byte b) {
		if (b == '\n' && this.afterCarriageReturn) {
			this.afterCarriageReturn = false;
			return;
		}
		this.afterCarriageReturn = (b == '\r');
		if (b == '\n' || b == '\r') {
			if (this.lineLength == 0) {
				dispatch();
			}
			else {
				endLine();
			}
			this.lineLength = 0;
			return;
		}
		this.lineLength++;
		if (!this.overflowed && room(1)) {
			this.bytes.write(b);
		}
	}

	// A line of the current event: only its data lines hold the message.
	private void endLine() {
		byte[] line = this.bytes.toByteArray();
		this.bytes.reset();
		if (this.overflowed || !startsWithData(line)) {
			return;
		}
		int start = DATA.length;
		if (start < line.length && line[start] == ' ') {
			start++;
		}
		if (this.data.size() > 0 && room(1)) {
			this.data.write('\n');
		}
		hold(this.data, line, start, line.length - start);
	}

	// The blank line that ends an event.
	private void dispatch() {
		if (!this.overflowed && this.data.size() > 0) {
			this.response = matching(this.data.toByteArray());
		}
		this.data.reset();
		this.bytes.reset();
		this.overflowed = false;
	}

	private void hold(ByteArrayOutputStream into, byte[] buffer, int offset, int length) {
		if (room(length)) {
			into.write(buffer, offset, length);
		}
	}

	// Whether the copy holds that many more bytes; if not, it lets go of what it holds.
	private boolean room(int length) {
		if (this.bytes.size() + this.data.size() + length <= this.maxBytes) {
			return true;
		}
		this.overflowed = true;
		this.bytes.reset();
		this.data.reset();
		TracingFaults.notice("mcp-response-over-max-body-size",
				"An MCP response is longer than agent.tracing.mcp.max-body-size (" + this.maxBytes
						+ " bytes); its server span ends with the HTTP status, not with what the response says");
		return false;
	}

	private static boolean startsWithData(byte[] line) {
		if (line.length < DATA.length) {
			return false;
		}
		for (int i = 0; i < DATA.length; i++) {
			if (line[i] != DATA[i]) {
				return false;
			}
		}
		return true;
	}

	// The response to the request among the message(s) a body or event holds.
	private @Nullable JsonNode matching(byte[] json) {
		if (json.length == 0) {
			return null;
		}
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (RuntimeException ex) {
			// Not JSON: the client gets it as it is, the span ends with the HTTP status.
			return null;
		}
		if (node != null && node.isArray()) {
			for (JsonNode element : node) {
				if (isResponse(element)) {
					return element;
				}
			}
			return null;
		}
		return (node != null && isResponse(node)) ? node : null;
	}

	private boolean isResponse(JsonNode node) {
		return node.isObject() && this.requestId.equals(McpServerSessionCalls.id(node.path("id")))
				&& (node.has("result") || node.has("error"));
	}

}

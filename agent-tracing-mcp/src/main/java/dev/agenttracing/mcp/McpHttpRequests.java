package dev.agenttracing.mcp;

import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * What the HTTP filters in front of MCP servers, the servlet {@link McpServerHttpFilter}
 * and the reactive {@link McpServerWebFilter}, share: reading the JSON-RPC message of a
 * request body (of the first {@link McpTracing.Builder#maxBodySize bytes} of a longer
 * one), the attributes the request gives its span, starting the span of a request and
 * ending it with the HTTP response: the JSON-RPC error or tool error its body holds, else
 * its status.
 *
 * @author agent-tracing
 */
final class McpHttpRequests {

	static final String SESSION_HEADER = "Mcp-Session-Id";

	static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";

	// The query parameter by which the SSE transports name a session on the message
	// endpoint.
	static final String SSE_SESSION_PARAMETER = "sessionId";

	// The fields of a message read from the first bytes of a body longer than the cap.
	private static final Set<String> MESSAGE_FIELDS = Set.of("jsonrpc", "id", "method");

	private static final Set<String> PARAMS_FIELDS = Set.of("name", "uri", McpAttributes.META);

	private static final McpSchema.CallToolResult TOOL_ERROR = McpSchema.CallToolResult.builder().isError(true).build();

	// Spans of these come from the instrumented specifications.
	private static final Set<String> HANDLED_BY_SPECIFICATIONS = Set.of(McpMethods.TOOLS_CALL,
			McpMethods.RESOURCES_READ, McpMethods.PROMPTS_GET);

	private static final JsonMapper JSON = new JsonMapper();

	// Reads one value of a message and leaves the parser at the next field.
	private static final ObjectReader VALUE = JSON.readerFor(JsonNode.class)
		.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private McpHttpRequests() {
	}

	/**
	 * The JSON-RPC request or notification a body holds.
	 * @return the message, or {@code null} when the body holds none (a client's response,
	 * or something the SDK will reject)
	 */
	static @Nullable JsonNode read(byte[] body) {
		try {
			JsonNode message = JSON.readTree(body);
			return (message != null && message.isObject() && message.path("method").isString()) ? message : null;
		}
		catch (Throwable ex) {
			// Not JSON-RPC, or not readable: the SDK answers it as it would anyway.
			TracingFaults.report("reading an MCP request for its server span", ex);
			return null;
		}
	}

	/**
	 * The JSON-RPC request or notification whose body is longer than the filters hold, as
	 * far as its first bytes tell: its {@code jsonrpc}, {@code id} and {@code method},
	 * and of its {@code params} the {@code name}, {@code uri} and {@code _meta} that
	 * precede the cut. The rest of the body is not read.
	 * @param prefix the first bytes of the body
	 * @param length how many of them
	 * @return the message, or {@code null} when its method is not among those bytes
	 */
	static @Nullable JsonNode readPrefix(byte[] prefix, int length) {
		ObjectNode message = JSON.createObjectNode();
		try (JsonParser parser = JSON.createParser(prefix, 0, length)) {
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				readFields(parser, message, MESSAGE_FIELDS);
			}
		}
		catch (JacksonException ex) {
			// The cut: what was read before it is the message.
		}
		catch (Throwable ex) {
			TracingFaults.report("reading an MCP request for its server span", ex);
			return null;
		}
		return message.path("method").isString() ? message : null;
	}

	private static void readFields(JsonParser parser, ObjectNode into, Set<String> kept) {
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (kept == MESSAGE_FIELDS && "params".equals(name) && value == JsonToken.START_OBJECT) {
				readFields(parser, into.putObject("params"), PARAMS_FIELDS);
			}
			else if (kept.contains(name)) {
				JsonNode node = VALUE.readValue(parser);
				into.set(name, node);
			}
			else {
				parser.skipChildren();
			}
		}
	}

	static String method(JsonNode message) {
		return message.path("method").asString();
	}

	/**
	 * Whether a request's span comes from the instrumented tool, resource or prompt
	 * specification that serves it.
	 */
	static boolean handledBySpecifications(JsonNode message) {
		return HANDLED_BY_SPECIFICATIONS.contains(method(message));
	}

	/**
	 * What the HTTP request tells of the message and the handler does not know.
	 * @param message the JSON-RPC message
	 * @param protocolVersion the {@code MCP-Protocol-Version} header, or {@code null}
	 * @param clientAddress the client's IP address, or {@code null}
	 * @param clientPort the client's port
	 * @return the attributes
	 */
	static Attributes requestAttributes(JsonNode message, @Nullable String protocolVersion,
			@Nullable String clientAddress, int clientPort) {
		AttributesBuilder attributes = Attributes.builder();
		String id = McpServerSessionCalls.id(message.path("id"));
		if (id != null) {
			attributes.put(McpAttributes.JSONRPC_REQUEST_ID, id);
		}
		if (protocolVersion != null) {
			attributes.put(McpAttributes.PROTOCOL_VERSION, protocolVersion);
		}
		if (clientAddress != null) {
			attributes.put(McpAttributes.CLIENT_ADDRESS, clientAddress);
			attributes.put(McpAttributes.CLIENT_PORT, (long) clientPort);
		}
		return attributes.build();
	}

	/**
	 * Start the SERVER span of a request, to be ended by {@link #end} when its HTTP
	 * response is complete.
	 * @return the call, or {@code null} when tracing failed
	 */
	static @Nullable McpServerCall start(McpTracing tracing, JsonNode message, @Nullable String sessionId,
			Attributes requestAttributes) {
		try {
			String method = method(message);
			JsonNode params = message.path("params");
			String resourceUri = (McpMethods.RESOURCES_READ.equals(method) && params.path("uri").isString())
					? params.path("uri").asString() : null;
			return McpServerCall.start(tracing, method, McpServerSessionCalls.target(method, params),
					McpServerSessionCalls.meta(params.path(McpAttributes.META)), sessionId, resourceUri,
					requestAttributes);
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span from its HTTP request", ex);
			return null;
		}
	}

	/**
	 * End a request's span with its HTTP response: an error status fails it, else the
	 * session id the response assigns ({@code initialize}) goes on it.
	 * @param call the call
	 * @param status the response's status
	 * @param sessionId the response's {@code Mcp-Session-Id} header, or {@code null}
	 */
	static void end(McpServerCall call, int status, @Nullable String sessionId) {
		end(call, status, sessionId, null);
	}

	/**
	 * End a request's span with its HTTP response, as the body the server wrote says: a
	 * JSON-RPC error ends it with its code, a {@code tools/call} result with
	 * {@code isError} as a tool error; else an error status fails it, and the session id
	 * the response assigns ({@code initialize}) goes on it.
	 * @param call the call
	 * @param status the response's status
	 * @param sessionId the response's {@code Mcp-Session-Id} header, or {@code null}
	 * @param body the copy of the response's body, or {@code null}
	 */
	static void end(McpServerCall call, int status, @Nullable String sessionId, @Nullable McpResponseCopy body) {
		JsonNode response = (body != null) ? body.response() : null;
		if (response != null && response.path("error").path("code").isInt()) {
			JsonNode error = response.path("error");
			String message = error.path("message").isString() ? error.path("message").asString() : null;
			call.respondedWithError(error.path("code").asInt(), message);
			return;
		}
		if (status >= 400) {
			call.failed(String.valueOf(status));
			return;
		}
		if (sessionId != null) {
			call.attribute(McpAttributes.SESSION_ID, sessionId);
		}
		boolean toolError = body != null && response != null && McpMethods.TOOLS_CALL.equals(body.method())
				&& response.path("result").path("isError").asBoolean(false);
		call.succeeded(toolError ? TOOL_ERROR : null);
	}

}

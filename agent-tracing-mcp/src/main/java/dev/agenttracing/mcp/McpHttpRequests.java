package dev.agenttracing.mcp;

import java.util.Set;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * What the HTTP filters in front of MCP servers, the servlet {@link McpServerHttpFilter}
 * and the reactive {@link McpServerWebFilter}, share: reading the JSON-RPC message of a
 * request body, the attributes the request gives its span, starting the span of a request
 * and ending it with the HTTP response's status.
 *
 * @author agent-tracing
 */
final class McpHttpRequests {

	static final String SESSION_HEADER = "Mcp-Session-Id";

	static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";

	// The query parameter by which the SSE transports name a session on the message
	// endpoint.
	static final String SSE_SESSION_PARAMETER = "sessionId";

	// Spans of these come from the instrumented specifications.
	private static final Set<String> HANDLED_BY_SPECIFICATIONS = Set.of(McpMethods.TOOLS_CALL,
			McpMethods.RESOURCES_READ, McpMethods.PROMPTS_GET);

	private static final JsonMapper JSON = new JsonMapper();

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
		if (status >= 400) {
			call.failed(String.valueOf(status));
		}
		else {
			if (sessionId != null) {
				call.attribute(McpAttributes.SESSION_ID, sessionId);
			}
			call.succeeded(null);
		}
	}

}

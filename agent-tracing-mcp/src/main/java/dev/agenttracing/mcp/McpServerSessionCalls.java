package dev.agenttracing.mcp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.support.TracingFaults;
import dev.agenttracing.semconv.McpAttributes;

/**
 * The requests of one server session that have arrived and not been answered yet, each
 * with its SERVER span. A request is seen on its way in (by the stdio input or the HTTP
 * filter), its response on its way out (by the session's transport), and a tool, resource
 * or prompt handler in between joins the request's span instead of starting a second one.
 *
 * @author agent-tracing
 */
final class McpServerSessionCalls {

	// Beyond this many unanswered requests a request's span ends when it arrives.
	static final int MAX_IN_FLIGHT = 10_000;

	static final String TRANSPORT_CLOSED = "transport_closed";

	private static final JsonMapper JSON = new JsonMapper();

	private final McpTracing tracing;

	private final String transport;

	private final @Nullable String sessionId;

	// Streamable HTTP: no transport sees the responses, so a handler ends the span it
	// joins.
	private final boolean handlerEnds;

	private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

	// The version negotiated by initialize: stdio and SSE carry no version header.
	private volatile @Nullable String protocolVersion;

	/**
	 * Calls of one session.
	 * @param tracing the tracing
	 * @param transport the {@code network.transport} of the spans
	 * @param sessionId the session id the client sees on the wire, or {@code null}
	 * (stdio)
	 */
	McpServerSessionCalls(McpTracing tracing, String transport, @Nullable String sessionId) {
		this(tracing, transport, sessionId, false);
	}

	/**
	 * Calls of one session.
	 * @param tracing the tracing
	 * @param transport the {@code network.transport} of the spans
	 * @param sessionId the session id the client sees on the wire, or {@code null}
	 * @param handlerEnds whether a handler that joins a request's span ends it with its
	 * result, because no transport sees the response
	 */
	McpServerSessionCalls(McpTracing tracing, String transport, @Nullable String sessionId, boolean handlerEnds) {
		this.tracing = tracing;
		this.transport = transport;
		this.sessionId = sessionId;
		this.handlerEnds = handlerEnds;
	}

	boolean handlerEnds() {
		return this.handlerEnds;
	}

	/**
	 * A line read from a stdio client: a JSON-RPC message, or something the SDK will
	 * reject.
	 */
	void receivedLine(byte[] line, int length) {
		JsonNode message = read(line, length);
		if (message != null) {
			McpServerCall call = received(message, Attributes.empty());
			if (call != null && !isRequest(message)) {
				// A notification has no response to wait for.
				call.succeeded(null);
			}
		}
	}

	/**
	 * Start the span of a request or notification that arrived.
	 * @param message the JSON-RPC message
	 * @param requestAttributes what the transport knows of it (client address, ...)
	 * @return its call, or {@code null} when it is no request or notification; a
	 * request's call ends when its response is sent
	 */
	@Nullable McpServerCall received(JsonNode message, Attributes requestAttributes) {
		try {
			if (!message.isObject() || !message.path("method").isString()) {
				return null;
			}
			String method = message.path("method").asString();
			JsonNode params = message.path("params");
			String target = target(method, params);
			String resourceUri = (McpMethods.RESOURCES_READ.equals(method) && params.path("uri").isString())
					? params.path("uri").asString() : null;
			Map<String, String> meta = meta(params.path(McpAttributes.META));
			String id = id(message.path("id"));
			AttributesBuilder attributes = requestAttributes.toBuilder();
			if (id != null) {
				attributes.put(McpAttributes.JSONRPC_REQUEST_ID, id);
			}
			String version = this.protocolVersion;
			if (version != null && requestAttributes.get(McpAttributes.PROTOCOL_VERSION) == null) {
				attributes.put(McpAttributes.PROTOCOL_VERSION, version);
			}
			McpServerCall call = McpServerCall.start(this.tracing, this.transport, method, target, meta, this.sessionId,
					resourceUri, attributes.build());
			if (id != null) {
				if (this.inFlight.size() < MAX_IN_FLIGHT) {
					String traceparent = (meta != null) ? meta.get("traceparent") : null;
					this.inFlight.put(id, new InFlight(call, method, target, traceparent, new AtomicBoolean()));
				}
				else {
					call.succeeded(null);
				}
			}
			return call;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span", ex);
			return null;
		}
	}

	/**
	 * The span of the request a tool, resource or prompt handler is serving, which it
	 * joins.
	 * @return the call, or {@code null} when no unanswered request matches
	 */
	@Nullable McpServerCall claim(String method, @Nullable String target, @Nullable Map<String, Object> meta) {
		Object traceparent = (meta != null) ? meta.get("traceparent") : null;
		for (InFlight candidate : this.inFlight.values()) {
			if (candidate.method.equals(method) && java.util.Objects.equals(candidate.target, target)
					&& java.util.Objects.equals(candidate.traceparent, traceparent)
					&& candidate.claimed.compareAndSet(false, true)) {
				return candidate.call;
			}
		}
		return null;
	}

	/**
	 * The server sends a message to the client: a response ends its request's span.
	 */
	void sending(McpSchema.JSONRPCMessage message) {
		try {
			if (!(message instanceof McpSchema.JSONRPCResponse response) || response.id() == null) {
				return;
			}
			InFlight answered = this.inFlight.remove(String.valueOf(response.id()));
			if (answered == null) {
				return;
			}
			if (response.result() instanceof McpSchema.InitializeResult initialized
					&& initialized.protocolVersion() != null) {
				this.protocolVersion = initialized.protocolVersion();
				answered.call.attribute(McpAttributes.PROTOCOL_VERSION, initialized.protocolVersion());
			}
			answered.call.responded(response);
		}
		catch (Throwable ex) {
			TracingFaults.report("ending an MCP server span", ex);
		}
	}

	/**
	 * The session is closed: requests left unanswered end as failed.
	 */
	void closed() {
		Iterator<InFlight> unanswered = this.inFlight.values().iterator();
		while (unanswered.hasNext()) {
			InFlight call = unanswered.next();
			unanswered.remove();
			call.call.failed(TRANSPORT_CLOSED);
		}
	}

	/**
	 * The HTTP request that brought the message is complete: its request is no longer
	 * awaited (its span ends there if the response has not ended it).
	 */
	void posted(JsonNode message) {
		String id = id(message.path("id"));
		if (id != null) {
			this.inFlight.remove(id);
		}
	}

	boolean awaits(@Nullable Object id) {
		return id != null && this.inFlight.containsKey(String.valueOf(id));
	}

	int inFlight() {
		return this.inFlight.size();
	}

	static boolean isRequest(JsonNode message) {
		return id(message.path("id")) != null;
	}

	static @Nullable String id(JsonNode id) {
		return (id.isString() || id.isNumber()) ? id.asString() : null;
	}

	static @Nullable String target(String method, JsonNode params) {
		return (McpMethods.TOOLS_CALL.equals(method) || McpMethods.PROMPTS_GET.equals(method))
				&& params.path("name").isString() ? params.path("name").asString() : null;
	}

	static @Nullable Map<String, String> meta(JsonNode meta) {
		if (!meta.isObject()) {
			return null;
		}
		Map<String, String> entries = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : meta.properties()) {
			if (entry.getValue().isString()) {
				entries.put(entry.getKey(), entry.getValue().asString());
			}
		}
		return entries;
	}

	private static @Nullable JsonNode read(byte[] line, int length) {
		try {
			return JSON.readTree(line, 0, length);
		}
		catch (Throwable ex) {
			// Not JSON: the SDK rejects it as it would anyway.
			return null;
		}
	}

	private record InFlight(McpServerCall call, String method, @Nullable String target, @Nullable String traceparent,
			AtomicBoolean claimed) {
	}

}

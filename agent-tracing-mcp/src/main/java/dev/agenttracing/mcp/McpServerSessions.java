package dev.agenttracing.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.common.Attributes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The server sessions whose requests are traced at the transport, so that a tool,
 * resource or prompt handler, which knows its session by the SDK's id only, finds the
 * span of the request it serves. Over SSE the client names its session by another id (the
 * message endpoint's query); those calls are kept by that id until the session's
 * transport first answers on the request's thread and so learns which they are.
 *
 * @author agent-tracing
 */
final class McpServerSessions {

	// Beyond this many sessions new ones are traced without joining handler spans.
	private static final int MAX_SESSIONS = 10_000;

	private static final ThreadLocal<@Nullable McpServerSessionCalls> HANDLING = new ThreadLocal<>();

	private final Map<String, McpServerSessionCalls> byServerSession = new ConcurrentHashMap<>();

	private final Map<String, McpServerSessionCalls> byHttpSession = new ConcurrentHashMap<>();

	void register(String serverSessionId, McpServerSessionCalls calls) {
		if (this.byServerSession.size() < MAX_SESSIONS) {
			this.byServerSession.put(serverSessionId, calls);
		}
	}

	void remove(String serverSessionId, McpServerSessionCalls calls) {
		this.byServerSession.remove(serverSessionId, calls);
		this.byHttpSession.values().remove(calls);
	}

	@Nullable McpServerSessionCalls forServerSession(@Nullable String serverSessionId) {
		return (serverSessionId != null) ? this.byServerSession.get(serverSessionId) : null;
	}

	/**
	 * The calls of the session a client names on the wire; {@code null} when too many are
	 * kept already.
	 */
	@Nullable McpServerSessionCalls forHttpSession(String httpSessionId, McpTracing tracing, String transport) {
		McpServerSessionCalls calls = this.byHttpSession.get(httpSessionId);
		if (calls == null && this.byHttpSession.size() < MAX_SESSIONS) {
			calls = this.byHttpSession.computeIfAbsent(httpSessionId,
					(id) -> new McpServerSessionCalls(tracing, transport, id));
		}
		return calls;
	}

	/**
	 * The calls of the session a client names on the wire by the given id, if any of its
	 * requests has been seen. Spring AI's SSE transports name a session on the wire by
	 * the server session's own id, which lets a session transport find its calls where it
	 * answers on another thread than the request's (WebFlux).
	 */
	@Nullable McpServerSessionCalls httpSession(String httpSessionId) {
		return this.byHttpSession.get(httpSessionId);
	}

	/**
	 * Start the span of a tool, resource or prompt request over streamable HTTP, kept by
	 * the session id the client sends (the server session's) for the handler to join and
	 * end until {@link #completed} is called for it.
	 * @return the call, or {@code null} when too many are kept already (the handler then
	 * starts its own span)
	 */
	@Nullable McpServerCall receivedForHandler(String sessionId, JsonNode message, Attributes requestAttributes,
			McpTracing tracing, String transport) {
		@Nullable McpServerCall[] call = new McpServerCall[1];
		this.byServerSession.compute(sessionId, (id, calls) -> {
			if (calls == null) {
				if (this.byServerSession.size() >= MAX_SESSIONS) {
					return null;
				}
				calls = new McpServerSessionCalls(tracing, transport, id, true);
			}
			if (calls.inFlight() < McpServerSessionCalls.MAX_IN_FLIGHT) {
				call[0] = calls.received(message, requestAttributes);
			}
			return calls;
		});
		return call[0];
	}

	/**
	 * The HTTP exchange of a request {@link #receivedForHandler received for its handler}
	 * is complete: the request is no longer awaited, and a session with none awaited is
	 * forgotten.
	 */
	void completed(String sessionId, JsonNode message) {
		this.byServerSession.computeIfPresent(sessionId, (id, calls) -> {
			calls.posted(message);
			return (calls.handlerEnds() && calls.inFlight() == 0) ? null : calls;
		});
	}

	/**
	 * Mark the calls whose HTTP request the current thread is handling, for the session
	 * transport that answers on it.
	 * @return the previous mark, to restore
	 */
	static @Nullable McpServerSessionCalls handling(@Nullable McpServerSessionCalls calls) {
		McpServerSessionCalls previous = HANDLING.get();
		if (calls != null) {
			HANDLING.set(calls);
		}
		else {
			HANDLING.remove();
		}
		return previous;
	}

	static @Nullable McpServerSessionCalls handling() {
		return HANDLING.get();
	}

}

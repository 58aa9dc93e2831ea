package dev.agenttracing.mcp;

import java.io.IOException;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * A servlet filter in front of an MCP server's streamable HTTP endpoint that gives a
 * SERVER span to the requests the SDK's server answers itself ({@code initialize},
 * {@code ping}, {@code tools/list}, {@code resources/list}, {@code prompts/list}, ...)
 * and to notifications: the SDK offers no hook that sees them. A tool, resource or prompt
 * call's span is begun here with its JSON-RPC id, protocol version and client address,
 * which the instrumented specification does not see, kept by the {@code Mcp-Session-Id}
 * for the specification that serves it to join and end with its result; a call no handler
 * serves (an unknown tool) ends with the JSON-RPC error the server answers. Without a
 * session id the filter hands those attributes to the specification in the OpenTelemetry
 * context, where a handler that runs on the request's thread (Spring AI's servlet servers
 * run them so) finds them. In front of a stateless server ({@link #forStatelessServer})
 * it gives every request its span. In front of an SSE server's message endpoint
 * ({@link #forSseServer}) it begins every request's span, which the response sent over
 * the SSE stream ends (the server's transport provider
 * {@link McpTracing#instrument(io.modelcontextprotocol.spec.McpServerTransportProvider)
 * instrumented}) and tool, resource and prompt handlers join. The body is read once, up
 * to {@link McpTracing.Builder#maxBodySize the cap}, and handed on unchanged; the span
 * ends when the response is complete, with what the response's body says (a bounded copy
 * of it is read as it goes to the client).
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class McpServerHttpFilter implements Filter {

	private static final String OTHER_ERROR = GenAiAttributes.ERROR_TYPE_OTHER;

	private final McpTracing tracing;

	private final boolean everyMethod;

	private final boolean sse;

	/**
	 * Create a filter that traces with the given {@link McpTracing}, for a server whose
	 * tool, resource and prompt specifications are instrumented.
	 * @param tracing the MCP tracing
	 */
	public McpServerHttpFilter(McpTracing tracing) {
		this(tracing, false, false);
	}

	private McpServerHttpFilter(McpTracing tracing, boolean everyMethod, boolean sse) {
		this.tracing = tracing;
		this.everyMethod = everyMethod;
		this.sse = sse;
	}

	/**
	 * Create a filter for the message endpoint of an SSE server (the SDK's
	 * {@code HttpServletSseServerTransportProvider}, Spring AI's
	 * {@code WebMvcSseServerTransportProvider}) built with the provider
	 * {@link McpTracing#instrument(io.modelcontextprotocol.spec.McpServerTransportProvider)
	 * instrumented}: every request gets one SERVER span, begun here and ended by the
	 * response the server sends over the SSE stream, with its JSON-RPC id, the session
	 * id, the negotiated protocol version and the client address; tool, resource and
	 * prompt handlers join it.
	 * @param tracing the MCP tracing
	 * @return the filter
	 */
	public static McpServerHttpFilter forSseServer(McpTracing tracing) {
		return new McpServerHttpFilter(tracing, false, true);
	}

	/**
	 * Create a filter for a stateless server ({@code McpStatelessServerTransport}), whose
	 * specifications are not instrumented: every request gets its SERVER span here, tool,
	 * resource and prompt calls included, and ended with the response as the server
	 * writes it: its JSON-RPC error ({@code error.type} and
	 * {@code rpc.response.status_code} its code), a tool result flagged {@code isError}
	 * ({@code error.type=tool_error}), else its HTTP status.
	 * @param tracing the MCP tracing
	 * @return the filter
	 */
	public static McpServerHttpFilter forStatelessServer(McpTracing tracing) {
		return new McpServerHttpFilter(tracing, true, false);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
				|| !"POST".equals(http.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		int maxBodySize = this.tracing.maxBodySize();
		ServletInputStream in = http.getInputStream();
		byte[] body = in.readNBytes(maxBodySize + 1);
		boolean whole = body.length <= maxBodySize;
		HttpServletRequest replay = new ReplayedServletRequest(http, body, whole ? null : in);
		JsonNode message = whole ? McpHttpRequests.read(body) : readPrefix(body, maxBodySize);
		if (this.sse) {
			filterSse(http, httpResponse, replay, message, chain);
			return;
		}
		McpServerCall call = (message != null) ? start(http, message) : null;
		Runnable completion = null;
		if (call == null && message != null) {
			String sessionId = http.getHeader(McpHttpRequests.SESSION_HEADER);
			call = receivedForHandler(http, message, sessionId);
			completion = (call != null && sessionId != null)
					? () -> this.tracing.serverSessions().completed(sessionId, message) : null;
		}
		if (call == null || message == null) {
			Attributes forHandler = (message != null) ? forSpecificationHandler(http, message) : null;
			try (Scope scope = (forHandler != null) ? McpServerCall.withRequestAttributes(forHandler) : Scope.noop()) {
				chain.doFilter(replay, response);
			}
			return;
		}
		McpResponseCopy copy = McpResponseCopy.of(message, maxBodySize, httpResponse::getContentType);
		HttpServletResponse copied = (copy != null) ? new CopiedServletResponse(httpResponse, copy) : httpResponse;
		try (Scope scope = call.makeCurrent()) {
			chain.doFilter(replay, copied);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			completed(completion);
			call.failed(ex);
			throw ex;
		}
		if (replay.isAsyncStarted()) {
			replay.getAsyncContext().addListener(new EndOnComplete(call, httpResponse, copy, completion));
		}
		else {
			completed(completion);
			end(call, httpResponse, copy);
		}
	}

	private static void completed(@Nullable Runnable completion) {
		try {
			if (completion != null) {
				completion.run();
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("ending an MCP server span", ex);
		}
	}

	/**
	 * Begin the span of a tool, resource or prompt request, kept by its session for the
	 * instrumented specification that serves it to join and end with its result; one no
	 * handler serves (an unknown tool) ends with the response the server writes.
	 * @return the call, or {@code null} when the specification starts the span itself
	 * (without a session id, or when too many are kept)
	 */
	private @Nullable McpServerCall receivedForHandler(HttpServletRequest request, JsonNode message,
			@Nullable String sessionId) {
		try {
			return (!this.everyMethod && sessionId != null && McpHttpRequests.handledBySpecifications(message))
					? this.tracing.serverSessions()
						.receivedForHandler(sessionId, message, requestAttributes(request, message), this.tracing,
								McpAttributes.TRANSPORT_TCP)
					: null;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span from its HTTP request", ex);
			return null;
		}
	}

	private static @Nullable JsonNode readPrefix(byte[] prefix, int maxBodySize) {
		TracingFaults.notice("mcp-request-over-max-body-size",
				"An MCP request is longer than agent.tracing.mcp.max-body-size; its server span has what the first "
						+ maxBodySize + " bytes say (its parent too, when params._meta comes before the cut)");
		return McpHttpRequests.readPrefix(prefix, maxBodySize);
	}

	private void filterSse(HttpServletRequest request, HttpServletResponse response, HttpServletRequest replay,
			@Nullable JsonNode message, FilterChain chain) throws IOException, ServletException {
		McpServerSessionCalls calls = null;
		McpServerCall call = null;
		try {
			String sessionId = request.getParameter(McpHttpRequests.SSE_SESSION_PARAMETER);
			if (message != null && sessionId != null) {
				calls = this.tracing.serverSessions()
					.forHttpSession(sessionId, this.tracing, McpAttributes.TRANSPORT_TCP);
				call = (calls != null) ? calls.received(message, requestAttributes(request, message)) : null;
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span from its HTTP request", ex);
		}
		if (call == null || calls == null || message == null) {
			chain.doFilter(replay, response);
			return;
		}
		// The session's transport learns its calls from the first response it sends on
		// this thread.
		McpServerSessionCalls previous = McpServerSessions.handling(calls);
		try (Scope scope = call.makeCurrent()) {
			chain.doFilter(replay, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			call.failed(ex);
			throw ex;
		}
		finally {
			McpServerSessions.handling(previous);
		}
		// The SDK answers over the SSE stream before the POST completes, which has ended
		// a
		// request's span; a notification's, or one the answer did not reach, ends here.
		calls.posted(message);
		end(call, response);
	}

	private @Nullable McpServerCall start(HttpServletRequest request, JsonNode message) {
		try {
			if (!this.everyMethod && McpHttpRequests.handledBySpecifications(message)) {
				return null;
			}
			return McpHttpRequests.start(this.tracing, message, request.getHeader(McpHttpRequests.SESSION_HEADER),
					requestAttributes(request, message));
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span from its HTTP request", ex);
			return null;
		}
	}

	private @Nullable Attributes forSpecificationHandler(HttpServletRequest request, JsonNode message) {
		try {
			return !this.everyMethod && McpHttpRequests.handledBySpecifications(message)
					? requestAttributes(request, message) : null;
		}
		catch (Throwable ex) {
			TracingFaults.report("reading an MCP request for its server span", ex);
			return null;
		}
	}

	private static Attributes requestAttributes(HttpServletRequest request, JsonNode message) {
		return McpHttpRequests.requestAttributes(message, request.getHeader(McpHttpRequests.PROTOCOL_VERSION_HEADER),
				request.getRemoteAddr(), request.getRemotePort());
	}

	static void end(McpServerCall call, HttpServletResponse response) {
		end(call, response, null);
	}

	static void end(McpServerCall call, HttpServletResponse response, @Nullable McpResponseCopy copy) {
		McpHttpRequests.end(call, response.getStatus(), response.getHeader(McpHttpRequests.SESSION_HEADER), copy);
	}

	private record EndOnComplete(McpServerCall call, HttpServletResponse response, @Nullable McpResponseCopy copy,
			@Nullable Runnable completion) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			completed(this.completion);
			end(this.call, this.response, this.copy);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			completed(this.completion);
			this.call.failed("timeout");
		}

		@Override
		public void onError(AsyncEvent event) {
			completed(this.completion);
			Throwable cause = event.getThrowable();
			this.call.failed((cause != null) ? cause.getClass().getName() : OTHER_ERROR);
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}

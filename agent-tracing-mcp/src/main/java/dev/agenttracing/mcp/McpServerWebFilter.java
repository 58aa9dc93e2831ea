package dev.agenttracing.mcp;

import java.net.InetSocketAddress;

import io.opentelemetry.api.common.Attributes;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * The reactive counterpart of {@link McpServerHttpFilter}: a {@link WebFilter} in front
 * of an MCP server's endpoint in a WebFlux application that reads each request's JSON-RPC
 * message (the body is read once and handed on unchanged) and gives it its SERVER span,
 * which ends when the HTTP exchange is complete.
 * <ul>
 * <li>{@link #forStreamableServer Streamable HTTP}: the requests the SDK's server answers
 * itself ({@code initialize}, {@code ping}, {@code tools/list}, ...) and notifications
 * get their span here; a tool, resource or prompt call's span is begun here with the
 * request's id, protocol version and client address, and joined and ended by the
 * instrumented specification that serves it (on whatever thread), which sees its
 * result.</li>
 * <li>{@link #forStatelessServer Stateless}: every request gets its span here, ended with
 * the HTTP status.</li>
 * <li>{@link #forSseServer SSE} (the message endpoint of a server built with the provider
 * {@link McpTracing#instrument(io.modelcontextprotocol.spec.McpServerTransportProvider)
 * instrumented}): every request's span is begun here and ended by the response the server
 * sends over the SSE stream.</li>
 * </ul>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class McpServerWebFilter implements WebFilter {

	private enum Server {

		STREAMABLE, STATELESS, SSE

	}

	private final McpTracing tracing;

	private final String endpoint;

	private final Server server;

	private McpServerWebFilter(McpTracing tracing, String endpoint, Server server) {
		Assert.notNull(tracing, "'tracing' must not be null");
		Assert.hasText(endpoint, "'endpoint' must not be empty");
		this.tracing = tracing;
		this.endpoint = endpoint;
		this.server = server;
	}

	/**
	 * A filter for the endpoint of a streamable HTTP server whose tool, resource and
	 * prompt specifications are instrumented.
	 * @param tracing the MCP tracing
	 * @param endpoint the server's endpoint path, such as {@code /mcp}
	 * @return the filter
	 */
	public static McpServerWebFilter forStreamableServer(McpTracing tracing, String endpoint) {
		return new McpServerWebFilter(tracing, endpoint, Server.STREAMABLE);
	}

	/**
	 * A filter for the endpoint of a stateless server, whose specifications are not
	 * instrumented: every request gets its SERVER span here. It sees the HTTP status of
	 * the response, not its body, so a JSON-RPC error or a tool result flagged as an
	 * error leaves the span OK.
	 * @param tracing the MCP tracing
	 * @param endpoint the server's endpoint path, such as {@code /mcp}
	 * @return the filter
	 */
	public static McpServerWebFilter forStatelessServer(McpTracing tracing, String endpoint) {
		return new McpServerWebFilter(tracing, endpoint, Server.STATELESS);
	}

	/**
	 * A filter for the message endpoint of an SSE server built with the provider
	 * {@link McpTracing#instrument(io.modelcontextprotocol.spec.McpServerTransportProvider)
	 * instrumented}, whose session ids on the wire are the server sessions' own (Spring
	 * AI's WebFlux SSE transport): every request gets one SERVER span, begun here and
	 * ended by the response the server sends over the SSE stream.
	 * @param tracing the MCP tracing
	 * @param messageEndpoint the message endpoint path, such as {@code /mcp/message}
	 * @return the filter
	 */
	public static McpServerWebFilter forSseServer(McpTracing tracing, String messageEndpoint) {
		return new McpServerWebFilter(tracing, messageEndpoint, Server.SSE);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!HttpMethod.POST.equals(request.getMethod())
				|| !this.endpoint.equals(request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		return DataBufferUtils.join(request.getBody())
			.map(McpServerWebFilter::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> filter(exchange, chain, body));
	}

	private Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain, byte[] body) {
		ServerWebExchange replay = exchange.mutate().request(new ReplayedBody(exchange, body)).build();
		JsonNode message = McpHttpRequests.read(body);
		Traced traced = (message != null) ? start(exchange.getRequest(), message) : null;
		if (traced == null) {
			return chain.filter(replay);
		}
		return chain.filter(replay)
			.doOnSuccess((done) -> traced.completed(exchange.getResponse(), null, null))
			.doOnError((ex) -> traced.completed(exchange.getResponse(), ex, null))
			// The client went away before the response was complete.
			.doOnCancel(() -> traced.completed(exchange.getResponse(), null, McpServerSessionCalls.TRANSPORT_CLOSED));
	}

	private @Nullable Traced start(ServerHttpRequest request, JsonNode message) {
		try {
			Attributes attributes = requestAttributes(request, message);
			return switch (this.server) {
				case STREAMABLE -> startStreamable(request, message, attributes);
				case STATELESS -> traced(McpHttpRequests.start(this.tracing, message, null, attributes), null);
				case SSE -> startSse(request, message, attributes);
			};
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span from its HTTP request", ex);
			return null;
		}
	}

	private @Nullable Traced startStreamable(ServerHttpRequest request, JsonNode message, Attributes attributes) {
		String sessionId = request.getHeaders().getFirst(McpHttpRequests.SESSION_HEADER);
		if (!McpHttpRequests.handledBySpecifications(message)) {
			return traced(McpHttpRequests.start(this.tracing, message, sessionId, attributes), null);
		}
		if (sessionId == null) {
			return null;
		}
		McpServerCall call = this.tracing.serverSessions()
			.receivedForHandler(sessionId, message, attributes, this.tracing, McpAttributes.TRANSPORT_TCP);
		return traced(call, () -> this.tracing.serverSessions().completed(sessionId, message));
	}

	private @Nullable Traced startSse(ServerHttpRequest request, JsonNode message, Attributes attributes) {
		String sessionId = request.getQueryParams().getFirst(McpHttpRequests.SSE_SESSION_PARAMETER);
		McpServerSessionCalls calls = (sessionId != null)
				? this.tracing.serverSessions().forHttpSession(sessionId, this.tracing, McpAttributes.TRANSPORT_TCP)
				: null;
		McpServerCall call = (calls != null) ? calls.received(message, attributes) : null;
		// The SDK answers over the SSE stream before the POST completes, which has ended
		// a request's span; a notification's, or one the answer did not reach, ends here.
		return (calls != null) ? traced(call, () -> calls.posted(message)) : null;
	}

	private static @Nullable Traced traced(@Nullable McpServerCall call, @Nullable Runnable completion) {
		return (call != null) ? new Traced(call, completion) : null;
	}

	private static Attributes requestAttributes(ServerHttpRequest request, JsonNode message) {
		InetSocketAddress client = request.getRemoteAddress();
		String address = null;
		if (client != null) {
			address = (client.getAddress() != null) ? client.getAddress().getHostAddress() : client.getHostString();
		}
		return McpHttpRequests.requestAttributes(message,
				request.getHeaders().getFirst(McpHttpRequests.PROTOCOL_VERSION_HEADER), address,
				(client != null) ? client.getPort() : 0);
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	// A request's span and what to do when its exchange is complete.
	private record Traced(McpServerCall call, @Nullable Runnable completion) {

		void completed(ServerHttpResponse response, @Nullable Throwable failure, @Nullable String errorType) {
			try {
				if (this.completion != null) {
					this.completion.run();
				}
				if (failure != null) {
					this.call.failed(failure);
					return;
				}
				if (errorType != null) {
					this.call.failed(errorType);
					return;
				}
				HttpStatusCode status = response.getStatusCode();
				McpHttpRequests.end(this.call, (status != null) ? status.value() : 200,
						response.getHeaders().getFirst(McpHttpRequests.SESSION_HEADER));
			}
			catch (Throwable ex) {
				TracingFaults.report("ending an MCP server span", ex);
			}
		}

	}

	private static final class ReplayedBody extends ServerHttpRequestDecorator {

		private final ServerWebExchange exchange;

		private final byte[] body;

		ReplayedBody(ServerWebExchange exchange, byte[] body) {
			super(exchange.getRequest());
			this.exchange = exchange;
			this.body = body;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> Flux.just(this.exchange.getResponse().bufferFactory().wrap(this.body)));
		}

	}

}

package dev.agenttracing.mcp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;

import io.opentelemetry.api.common.Attributes;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
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
 * message (the body is read once, up to {@link McpTracing.Builder#maxBodySize the cap},
 * and handed on unchanged) and gives it its SERVER span, which ends when the HTTP
 * exchange is complete, with what the response's body says (a bounded copy of it is read
 * as it goes to the client): a JSON-RPC error, a tool result flagged {@code isError}.
 * <ul>
 * <li>{@link #forStreamableServer Streamable HTTP}: the requests the SDK's server answers
 * itself ({@code initialize}, {@code ping}, {@code tools/list}, ...) and notifications
 * get their span here; a tool, resource or prompt call's span is begun here with the
 * request's id, protocol version and client address, and joined and ended by the
 * instrumented specification that serves it (on whatever thread), which sees its result;
 * a call no handler serves (an unknown tool) ends with the JSON-RPC error the server
 * answers.</li>
 * <li>{@link #forStatelessServer Stateless}: every request gets its span here.</li>
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
	 * instrumented: every request gets its SERVER span here, ended with the response as
	 * the server writes it: its JSON-RPC error ({@code error.type} and
	 * {@code rpc.response.status_code} its code), a tool result flagged {@code isError}
	 * ({@code error.type=tool_error}), else its HTTP status.
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
		int maxBodySize = this.tracing.maxBodySize();
		long[] read = new long[1];
		// The body up to the first buffer past the cap, then the rest buffer by buffer.
		return request.getBody()
			.bufferUntil((buffer) -> (read[0] += buffer.readableByteCount()) > maxBodySize)
			.switchOnFirst((first, buffers) -> {
				List<DataBuffer> held = first.get();
				held = (held != null) ? held : List.of();
				byte[] body = bytes(held);
				if (body.length <= maxBodySize) {
					return filter(exchange, chain, body, McpHttpRequests.read(body), Flux.empty());
				}
				TracingFaults.notice("mcp-request-over-max-body-size",
						"An MCP request is longer than agent.tracing.mcp.max-body-size; its server span has what the"
								+ " first " + maxBodySize + " bytes say (its parent too, when params._meta comes"
								+ " before the cut)");
				return filter(exchange, chain, body, McpHttpRequests.readPrefix(body, maxBodySize),
						buffers.skip(1).concatMapIterable(Function.identity()));
			})
			.then();
	}

	private Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain, byte[] body, @Nullable JsonNode message,
			Flux<DataBuffer> rest) {
		ServerWebExchange.Builder replayed = exchange.mutate().request(new ReplayedBody(exchange, body, rest));
		Traced traced = (message != null) ? start(exchange.getRequest(), message) : null;
		if (traced == null || message == null) {
			return chain.filter(replayed.build());
		}
		McpResponseCopy copy = McpResponseCopy.of(message, this.tracing.maxBodySize(),
				() -> contentType(exchange.getResponse()));
		ServerWebExchange replay = (copy != null)
				? replayed.response(new CopiedServerHttpResponse(exchange.getResponse(), copy)).build()
				: replayed.build();
		Traced ending = traced.copied(copy);
		return chain.filter(replay)
			.doOnSuccess((done) -> ending.completed(exchange.getResponse(), null, null))
			.doOnError((ex) -> ending.completed(exchange.getResponse(), ex, null))
			// The client went away before the response was complete.
			.doOnCancel(() -> ending.completed(exchange.getResponse(), null, McpServerSessionCalls.TRANSPORT_CLOSED));
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
		return (call != null) ? new Traced(call, completion, null) : null;
	}

	private static @Nullable String contentType(ServerHttpResponse response) {
		MediaType type = response.getHeaders().getContentType();
		return (type != null) ? type.toString() : null;
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

	// The bytes of the buffers, which are released.
	private static byte[] bytes(List<DataBuffer> buffers) {
		try {
			int length = 0;
			for (DataBuffer buffer : buffers) {
				length += buffer.readableByteCount();
			}
			byte[] bytes = new byte[length];
			int offset = 0;
			for (DataBuffer buffer : buffers) {
				int count = buffer.readableByteCount();
				buffer.read(bytes, offset, count);
				offset += count;
			}
			return bytes;
		}
		finally {
			buffers.forEach(DataBufferUtils::release);
		}
	}

	// A request's span, what to do when its exchange is complete, and the copy of the
	// response's body.
	private record Traced(McpServerCall call, @Nullable Runnable completion, @Nullable McpResponseCopy copy) {

		Traced copied(@Nullable McpResponseCopy copy) {
			return new Traced(this.call, this.completion, copy);
		}

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
						response.getHeaders().getFirst(McpHttpRequests.SESSION_HEADER), this.copy);
			}
			catch (Throwable ex) {
				TracingFaults.report("ending an MCP server span", ex);
			}
		}

	}

	// The body read, then (of a body longer than the filter holds) the rest of the
	// original one.
	private static final class ReplayedBody extends ServerHttpRequestDecorator {

		private final ServerWebExchange exchange;

		private final byte[] body;

		private final Flux<DataBuffer> rest;

		ReplayedBody(ServerWebExchange exchange, byte[] body, Flux<DataBuffer> rest) {
			super(exchange.getRequest());
			this.exchange = exchange;
			this.body = body;
			this.rest = rest;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> Flux.just(this.exchange.getResponse().bufferFactory().wrap(this.body)))
				.concatWith(this.rest);
		}

	}

}

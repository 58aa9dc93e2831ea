package dev.agenttracing.mcp;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.agenttracing.support.TracingFaults;
import dev.agenttracing.mcp.internal.SdkTransportInternals;
import dev.agenttracing.semconv.McpAttributes;

/**
 * A client transport that traces every request it sends: a CLIENT span from the request
 * to its response, with the trace context written into {@code params._meta} (the caller's
 * own {@code _meta} entries are kept). The SDK hands its transport an interface, so this
 * decorator is the SDK's own extension point; it changes nothing else about the messages.
 *
 * @author agent-tracing
 */
final class TracingMcpClientTransport implements McpClientTransport {

	// Requests whose response never came (a timeout on the SDK's side) must not pile up.
	static final int MAX_PENDING = 10_000;

	private static final String INITIALIZED = "notifications/initialized";

	private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
	};

	private final McpClientTransport delegate;

	private final McpTracing tracing;

	private final ClientEndpoint endpoint;

	private final Map<String, McpClientCall> pending = new ConcurrentHashMap<>();

	// The SDK sends notifications/initialized from its own thread: it belongs to
	// initialize.
	private volatile @Nullable Context initializeContext;

	TracingMcpClientTransport(McpClientTransport delegate, @Nullable URI serverUri, McpTracing tracing) {
		this.delegate = delegate;
		this.tracing = tracing;
		this.endpoint = ClientEndpoint.of(delegate, serverUri);
	}

	McpClientTransport delegate() {
		return this.delegate;
	}

	@Override
	public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
		return this.delegate.connect((inbound) -> handler.apply(inbound.doOnNext(this::received)));
	}

	@Override
	public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
		if (message instanceof McpSchema.JSONRPCNotification notification) {
			return this.delegate.sendMessage(withTraceContext(notification));
		}
		if (!(message instanceof McpSchema.JSONRPCRequest request)) {
			return this.delegate.sendMessage(message);
		}
		McpClientCall call = start(request);
		if (call == null) {
			return this.delegate.sendMessage(message);
		}
		McpSchema.JSONRPCRequest traced = new McpSchema.JSONRPCRequest(request.jsonrpc(), request.method(),
				request.id(), call.params());
		return this.delegate.sendMessage(traced).doOnError((ex) -> {
			if (this.pending.remove(call.key()) != null) {
				call.failed(ex);
			}
		});
	}

	private @Nullable McpClientCall start(McpSchema.JSONRPCRequest request) {
		try {
			Map<String, Object> params = params(request.params());
			McpClientCall call = McpClientCall.start(this.tracing, this.endpoint, request, params,
					SdkTransportInternals.sessionId(this.delegate));
			if (McpMethods.INITIALIZE.equals(request.method())) {
				this.initializeContext = call.context();
			}
			if (this.pending.size() < MAX_PENDING) {
				this.pending.put(call.key(), call);
			}
			else {
				call.untracked();
			}
			return call;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP client span", ex);
			return null;
		}
	}

	// Notifications get no span of their own, but carry the caller's context to the
	// server's span.
	private McpSchema.JSONRPCMessage withTraceContext(McpSchema.JSONRPCNotification notification) {
		try {
			Context context = Context.current();
			Context initialize = this.initializeContext;
			if (!Span.fromContext(context).getSpanContext().isValid() && initialize != null
					&& INITIALIZED.equals(notification.method())) {
				context = initialize;
			}
			if (!Span.fromContext(context).getSpanContext().isValid()) {
				return notification;
			}
			Map<String, Object> params = params(notification.params());
			params.put(McpAttributes.META, McpClientCall.meta(this.tracing, context, params));
			return new McpSchema.JSONRPCNotification(notification.jsonrpc(), notification.method(), params);
		}
		catch (Throwable ex) {
			TracingFaults.report("writing the trace context into an MCP notification", ex);
			return notification;
		}
	}

	private Map<String, Object> params(@Nullable Object params) {
		if (params == null) {
			return new LinkedHashMap<>();
		}
		Map<String, Object> map = (params instanceof Map<?, ?>) ? unchecked(params)
				: this.delegate.unmarshalFrom(params, MAP);
		return new LinkedHashMap<>(map);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> unchecked(Object map) {
		return (Map<String, Object>) map;
	}

	private void received(McpSchema.JSONRPCMessage message) {
		if (message instanceof McpSchema.JSONRPCResponse response && response.id() != null) {
			McpClientCall call = this.pending.remove(String.valueOf(response.id()));
			if (call != null) {
				try {
					call.end(response, this.endpoint, this.delegate);
				}
				catch (Throwable ex) {
					TracingFaults.report("ending an MCP client span", ex);
				}
			}
		}
	}

	@Override
	public void setExceptionHandler(Consumer<Throwable> handler) {
		this.delegate.setExceptionHandler(handler);
	}

	@Override
	public Mono<Void> closeGracefully() {
		return this.delegate.closeGracefully().doFinally((signal) -> endPending());
	}

	@Override
	public void close() {
		try {
			this.delegate.close();
		}
		finally {
			endPending();
		}
	}

	private void endPending() {
		List<McpClientCall> calls = new ArrayList<>(this.pending.values());
		this.pending.clear();
		calls.forEach((call) -> call.failed(null));
	}

	@Override
	public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
		return this.delegate.unmarshalFrom(data, typeRef);
	}

	@Override
	public List<String> protocolVersions() {
		return this.delegate.protocolVersions();
	}

	/**
	 * Where a transport's requests go, and what is learnt about its session on the way.
	 */
	static final class ClientEndpoint {

		final String networkTransport;

		final @Nullable String serverAddress;

		final int serverPort;

		volatile @Nullable String protocolVersion;

		private ClientEndpoint(String networkTransport, @Nullable String serverAddress, int serverPort) {
			this.networkTransport = networkTransport;
			this.serverAddress = serverAddress;
			this.serverPort = serverPort;
		}

		static ClientEndpoint of(McpClientTransport transport, @Nullable URI serverUri) {
			if (transport instanceof StdioClientTransport) {
				return of(McpAttributes.TRANSPORT_PIPE, null);
			}
			return of(McpAttributes.TRANSPORT_TCP,
					(serverUri != null) ? serverUri : SdkTransportInternals.baseUri(transport));
		}

		/**
		 * A pipe, or a server at the given URI ({@code null} when it is not known).
		 */
		static ClientEndpoint of(String networkTransport, @Nullable URI uri) {
			if (McpAttributes.TRANSPORT_PIPE.equals(networkTransport) || uri == null || uri.getHost() == null) {
				return new ClientEndpoint(networkTransport, null, -1);
			}
			int port = (uri.getPort() != -1) ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
			return new ClientEndpoint(networkTransport, uri.getHost(), port);
		}

		boolean isHttp() {
			return McpAttributes.TRANSPORT_TCP.equals(this.networkTransport);
		}

	}

}

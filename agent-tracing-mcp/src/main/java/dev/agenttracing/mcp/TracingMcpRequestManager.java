package dev.agenttracing.mcp;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agenttracing.context.ScopedPublishers;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * A request manager of the SDK's {@code io.modelcontextprotocol.modern} server API that
 * makes every request and notification it handles one SERVER span, from the moment the
 * transport hands it over to the moment its response (the last message of a streamed one)
 * is known, with its JSON-RPC id, the protocol version the request names in its
 * {@code _meta}, and the parent the client wrote there. The API's transports
 * ({@code HttpServletMcpTransport}, {@code StdioMcpTransport}) take this interface, so
 * the decorator is the SDK's own extension point; requests, responses and errors pass
 * unchanged.
 *
 * @author agent-tracing
 */
final class TracingMcpRequestManager implements McpRequestManager, AutoCloseable {

	// Every request of the modern protocol names its version here; there is no
	// initialize.
	private static final String PROTOCOL_VERSION_META = "io.modelcontextprotocol/protocolVersion";

	private static final String CANCELLED = CancellationException.class.getName();

	private final McpRequestManager delegate;

	private final McpTracing tracing;

	TracingMcpRequestManager(McpRequestManager delegate, McpTracing tracing) {
		this.delegate = delegate;
		this.tracing = tracing;
	}

	@Override
	public Mono<McpTransportResponse> handle(McpTransportContext context, JsonRpc.JSONRPCRequest request) {
		return traced(context, request, () -> this.delegate.handle(context, request));
	}

	@Override
	public Mono<McpTransportResponse> handleBlocking(McpTransportContext context, JsonRpc.JSONRPCRequest request) {
		return traced(context, request, () -> this.delegate.handleBlocking(context, request));
	}

	@Override
	public Mono<Void> handleNotification(McpTransportContext context, JsonRpc.JSONRPCNotification notification) {
		return Mono.defer(() -> {
			McpServerCall call = start(context, notification.method(), null, notification.params());
			return ScopedPublishers
				.scoped(Mono.defer(() -> this.delegate.handleNotification(context, notification)), call.context())
				.doOnSuccess((ignored) -> call.succeeded(null))
				.doOnError((ex) -> failed(call, ex))
				.doOnCancel(() -> call.failed(CANCELLED));
		});
	}

	// Begun when the transport subscribes: over HTTP on the request's thread, inside its
	// HTTP server span (a link), over stdio on the SDK's worker.
	private Mono<McpTransportResponse> traced(McpTransportContext context, JsonRpc.JSONRPCRequest request,
			Supplier<Mono<McpTransportResponse>> handling) {
		return Mono.defer(() -> {
			McpServerCall call = start(context, request.method(), request.id(), request.params());
			return ScopedPublishers.scoped(Mono.defer(handling), call.context())
				.map((response) -> responded(call, response))
				.doOnSuccess((response) -> {
					if (response == null) {
						call.succeeded(null);
					}
				})
				.doOnError((ex) -> failed(call, ex))
				.doOnCancel(() -> call.failed(CANCELLED));
		});
	}

	private McpServerCall start(@Nullable McpTransportContext context, String method, @Nullable Object id,
			@Nullable Object params) {
		try {
			Map<String, Object> map = (params instanceof Map<?, ?>) ? stringKeyed(params) : null;
			Map<?, ?> meta = (map != null && map.get(McpAttributes.META) instanceof Map<?, ?> value) ? value : null;
			AttributesBuilder request = Attributes.builder();
			if (id != null) {
				request.put(McpAttributes.JSONRPC_REQUEST_ID, String.valueOf(id));
			}
			if (meta != null && meta.get(PROTOCOL_VERSION_META) instanceof String version) {
				request.put(McpAttributes.PROTOCOL_VERSION, version);
			}
			String uri = (map != null && method.startsWith("resources/") && map.get("uri") instanceof String value)
					? value : null;
			return McpServerCall.start(this.tracing, networkTransport(context), method, McpMethods.target(method, map),
					stringKeyed(meta), null, uri, request.build());
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span", ex);
			return McpServerCall.start(this.tracing, this.tracing.serverTransport(), method, null, null, null, null,
					Attributes.empty());
		}
	}

	// The SDK's transports say what they are in the context they hand over: a transport
	// without HTTP headers (stdio) marks it NOT_MIRRORED. A notification over HTTP comes
	// with the application's context only.
	private String networkTransport(@Nullable McpTransportContext context) {
		Object headers = (context != null) ? context.get(McpHeaders.TRANSPORT_CONTEXT_KEY) : null;
		if (headers == McpHeaders.NOT_MIRRORED) {
			return McpAttributes.TRANSPORT_PIPE;
		}
		return (headers instanceof McpHeaders) ? McpAttributes.TRANSPORT_TCP : this.tracing.serverTransport();
	}

	private McpTransportResponse responded(McpServerCall call, McpTransportResponse response) {
		try {
			if (response instanceof McpTransportResponse.Result result) {
				ended(call, result.response());
			}
			else if (response instanceof McpTransportResponse.Error error) {
				ended(call, error.response());
			}
			else if (response instanceof McpTransportResponse.Streaming streaming) {
				return McpTransportResponse.streaming(streamed(call, streaming.messages()));
			}
			else {
				call.succeeded(null);
			}
		}
		catch (Throwable ex) {
			TracingFaults.report("ending an MCP server span", ex);
		}
		return response;
	}

	// Progress and other notifications first, the response last; the stream's own work
	// runs when the transport subscribes, under the request's span.
	private Flux<JsonRpc.JSONRPCMessage> streamed(McpServerCall call, Flux<JsonRpc.JSONRPCMessage> messages) {
		return ScopedPublishers.scoped(messages, call.context()).doOnNext((message) -> {
			if (message instanceof JsonRpc.JSONRPCResponse response) {
				ended(call, response);
			}
		})
			.doOnError((ex) -> failed(call, ex))
			.doOnComplete(() -> call.succeeded(null))
			.doOnCancel(() -> call.failed(CANCELLED));
	}

	private static void ended(McpServerCall call, JsonRpc.JSONRPCResponse response) {
		JsonRpc.JSONRPCResponse.JSONRPCError error = response.error();
		if (error != null) {
			call.respondedWithError(error.code(), error.message());
		}
		else {
			call.succeeded(response.result());
		}
	}

	private static void failed(McpServerCall call, Throwable ex) {
		if (ex instanceof McpException mcpException && mcpException.error() != null) {
			call.respondedWithError(mcpException.error().code(), mcpException.error().message());
		}
		else {
			call.failed(ex);
		}
	}

	/**
	 * Close the server gracefully. A transport closes an {@code McpServer} it was given
	 * itself, but not one behind this decorator: here a container closing this bean, or
	 * the application, does it.
	 */
	@Override
	public void close() throws Exception {
		if (this.delegate instanceof McpServer server) {
			server.closeGracefully();
		}
		else if (this.delegate instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, Object> stringKeyed(@Nullable Object map) {
		return (Map<String, Object>) map;
	}

}

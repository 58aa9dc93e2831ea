package dev.agenttracing.mcp;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpTransportRequest;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import dev.agenttracing.context.ScopedPublishers;
import dev.agenttracing.mcp.TracingMcpClientTransport.ClientEndpoint;
import dev.agenttracing.semconv.McpAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * A client transport of the SDK's {@code io.modelcontextprotocol.modern} API that traces
 * every exchange: a CLIENT span from the request to its response, with the trace context
 * written into {@code params._meta} beside the SDK's and the caller's own entries. The
 * API's clients take this interface, so the decorator is the SDK's own extension point;
 * everything else about the request (its name, headers, round timeout) and the messages
 * received passes unchanged. The protocol has no session and names its version on every
 * request.
 *
 * @author agent-tracing
 */
final class TracingModernMcpClientTransport implements McpClientTransport, AutoCloseable {

	private final McpClientTransport delegate;

	private final McpTracing tracing;

	private final ClientEndpoint endpoint;

	TracingModernMcpClientTransport(McpClientTransport delegate, @Nullable URI serverUri, McpTracing tracing) {
		this.delegate = delegate;
		this.tracing = tracing;
		this.endpoint = ClientEndpoint.of((delegate instanceof StdioMcpClientTransport) ? McpAttributes.TRANSPORT_PIPE
				: McpAttributes.TRANSPORT_TCP, serverUri);
	}

	@Override
	public Flux<JsonRpc.JSONRPCMessage> exchange(McpTransportRequest request) {
		return Flux.defer(() -> {
			McpClientCall call = start(request);
			McpTransportRequest traced = (call != null) ? traced(request, call) : null;
			if (call == null || traced == null) {
				return this.delegate.exchange(request);
			}
			AtomicBoolean ended = new AtomicBoolean();
			// Sent under the request's span; what is received passes down in the caller's
			// context, whatever thread it arrives on, so that a request the client chains
			// to it (a tools/call after the tool catalog's tools/list) has the same
			// parent.
			return ScopedPublishers.scoped(this.delegate.exchange(traced), call.context()).doOnNext((message) -> {
				if (message instanceof JsonRpc.JSONRPCResponse response && ended.compareAndSet(false, true)) {
					end(call, response);
				}
			}).doOnError((ex) -> {
				if (ended.compareAndSet(false, true)) {
					call.failed(ex);
				}
			}).doOnComplete(() -> {
				// Over without a response: the transport closed first.
				if (ended.compareAndSet(false, true)) {
					call.failed(null);
				}
			}).doOnCancel(() -> {
				if (ended.compareAndSet(false, true)) {
					call.failed(new CancellationException());
				}
			});
		});
	}

	private @Nullable McpClientCall start(McpTransportRequest request) {
		try {
			JsonRpc.JSONRPCRequest message = request.message();
			Map<String, Object> params = new LinkedHashMap<>();
			if (message.params() instanceof Map<?, ?> map) {
				map.forEach((key, value) -> params.put(String.valueOf(key), value));
			}
			return McpClientCall.start(this.tracing, this.endpoint, message.jsonrpc(), message.method(), message.id(),
					params, null, request.protocolVersion());
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP client span", ex);
			return null;
		}
	}

	// The same request with the traced params; a request that cannot be rebuilt is sent
	// as it is, its span ended at once.
	private static @Nullable McpTransportRequest traced(McpTransportRequest request, McpClientCall call) {
		try {
			JsonRpc.JSONRPCRequest message = request.message();
			return McpTransportRequest
				.builder(new JsonRpc.JSONRPCRequest(message.jsonrpc(), message.method(), message.id(), call.params()),
						request.protocolVersion())
				.name(request.name())
				.paramHeaders(request.paramHeaders())
				.roundTimeout(request.roundTimeout())
				.build();
		}
		catch (Throwable ex) {
			TracingFaults.report("writing the trace context into an MCP request", ex);
			call.untracked();
			return null;
		}
	}

	private void end(McpClientCall call, JsonRpc.JSONRPCResponse response) {
		try {
			JsonRpc.JSONRPCResponse.JSONRPCError error = response.error();
			call.end((error != null) ? error.code() : null, (error != null) ? error.message() : null, response.result(),
					this.endpoint, () -> null);
		}
		catch (Throwable ex) {
			TracingFaults.report("ending an MCP client span", ex);
		}
	}

	@Override
	public boolean mirrorsToolParams() {
		return this.delegate.mirrorsToolParams();
	}

	/**
	 * Close the transport when it can be closed (a stdio transport ends its server
	 * process), as a container closing this bean would close the transport itself.
	 */
	@Override
	public void close() throws Exception {
		if (this.delegate instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

}

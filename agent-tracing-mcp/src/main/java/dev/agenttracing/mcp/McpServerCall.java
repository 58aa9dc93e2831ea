package dev.agenttracing.mcp;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.support.TracingFaults;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

/**
 * One request handled by a traced server handler: a SERVER span whose parent is the trace
 * context the client wrote into {@code params._meta}. The context the request arrived in
 * (an HTTP server span, say) becomes a link, as the conventions say.
 *
 * @author agent-tracing
 */
final class McpServerCall {

	private static final McpServerCall NONE = new McpServerCall(null, null, "", null, "", 0);

	// What the transport knows of a request and a handler does not: its id, protocol
	// version, client.
	private static final ContextKey<Attributes> REQUEST_ATTRIBUTES = ContextKey
		.named("dev.agenttracing.mcp.request-attributes");

	private final @Nullable McpTracing tracing;

	private final @Nullable Span span;

	private final String method;

	private final @Nullable String target;

	private final String transport;

	private final long startNanos;

	private final AtomicBoolean ended = new AtomicBoolean();

	private McpServerCall(@Nullable McpTracing tracing, @Nullable Span span, String method, @Nullable String target,
			String transport, long startNanos) {
		this.tracing = tracing;
		this.span = span;
		this.method = method;
		this.target = target;
		this.transport = transport;
		this.startNanos = startNanos;
	}

	static McpServerCall start(McpTracing tracing, String method, @Nullable String target,
			@Nullable Map<String, Object> meta, @Nullable String sessionId, @Nullable String resourceUri) {
		Attributes request = Context.current().get(REQUEST_ATTRIBUTES);
		return start(tracing, method, target, meta, sessionId, resourceUri,
				(request != null) ? request : Attributes.empty());
	}

	/**
	 * Make the attributes of the request being handled current, for the handler span it
	 * gets.
	 */
	static Scope withRequestAttributes(Attributes attributes) {
		return Context.current().with(REQUEST_ATTRIBUTES, attributes).makeCurrent();
	}

	static McpServerCall start(McpTracing tracing, String method, @Nullable String target,
			@Nullable Map<String, ?> meta, @Nullable String sessionId, @Nullable String resourceUri,
			Attributes request) {
		return start(tracing, tracing.serverTransport(), method, target, meta, sessionId, resourceUri, request);
	}

	static McpServerCall start(McpTracing tracing, String transport, String method, @Nullable String target,
			@Nullable Map<String, ?> meta, @Nullable String sessionId, @Nullable String resourceUri,
			Attributes request) {
		try {
			Context ambient = Context.current();
			Context fromMeta = tracing.propagation().extract(meta);
			boolean propagated = Span.fromContext(fromMeta).getSpanContext().isValid();
			SpanBuilder builder = tracing.tracer()
				.spanBuilder(McpMethods.spanName(method, target))
				.setSpanKind(SpanKind.SERVER)
				.setParent(propagated ? fromMeta : ambient)
				.setAttribute(McpAttributes.METHOD_NAME, method)
				.setAttribute(McpAttributes.NETWORK_TRANSPORT, transport);
			if (propagated && Span.fromContext(ambient).getSpanContext().isValid()) {
				builder.addLink(Span.fromContext(ambient).getSpanContext());
			}
			if (McpAttributes.TRANSPORT_TCP.equals(transport)) {
				builder.setAttribute(McpAttributes.NETWORK_PROTOCOL_NAME, "http");
			}
			if (sessionId != null && !sessionId.isEmpty()) {
				builder.setAttribute(McpAttributes.SESSION_ID, sessionId);
			}
			if (target != null && McpMethods.TOOLS_CALL.equals(method)) {
				builder.setAttribute(GenAiAttributes.TOOL_NAME, target);
				builder.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL);
			}
			else if (target != null && McpMethods.PROMPTS_GET.equals(method)) {
				builder.setAttribute(McpAttributes.PROMPT_NAME, target);
			}
			if (resourceUri != null) {
				builder.setAttribute(McpAttributes.RESOURCE_URI, resourceUri);
			}
			builder.setAllAttributes(request);
			Span span = builder.startSpan();
			// Timed from the span's start to its end, so that both land in the same
			// bucket.
			return new McpServerCall(tracing, span, method, target, transport, System.nanoTime());
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an MCP server span", ex);
			return NONE;
		}
	}

	Scope makeCurrent() {
		return (this.span != null) ? this.span.makeCurrent() : Scope.noop();
	}

	/**
	 * The current context with this request's span, for work that runs later, such as a
	 * Reactor publisher's subscription.
	 */
	Context context() {
		return (this.span != null) ? Context.current().with(this.span) : Context.current();
	}

	<T> void attribute(io.opentelemetry.api.common.AttributeKey<T> key, T value) {
		if (this.span != null) {
			this.span.setAttribute(key, value);
		}
	}

	void succeeded(@Nullable Object result) {
		if (isToolError(result)) {
			end(McpAttributes.ERROR_TYPE_TOOL_ERROR, null, null);
		}
		else {
			end(null, null, null);
		}
	}

	// A result object of the session API, or a result as it goes on the wire (a map).
	private boolean isToolError(@Nullable Object result) {
		if (result instanceof McpSchema.CallToolResult toolResult) {
			return Boolean.TRUE.equals(toolResult.isError());
		}
		return McpMethods.TOOLS_CALL.equals(this.method) && result instanceof Map<?, ?> map
				&& Boolean.TRUE.equals(map.get("isError"));
	}

	/**
	 * End the request with the response the server sends for it: its JSON-RPC error, or
	 * its result.
	 */
	void responded(McpSchema.JSONRPCResponse response) {
		McpSchema.JSONRPCResponse.JSONRPCError error = response.error();
		if (error != null) {
			respondedWithError(error.code(), error.message());
		}
		else {
			succeeded(response.result());
		}
	}

	/**
	 * End the request with the JSON-RPC error the server sends for it.
	 */
	void respondedWithError(@Nullable Integer code, @Nullable String message) {
		String type = String.valueOf(code);
		end(type, type, message);
	}

	/**
	 * End a request that failed without an exception reaching tracing, such as an HTTP
	 * error status.
	 */
	void failed(String errorType) {
		end(errorType, null, null);
	}

	void failed(Throwable ex) {
		if (ex instanceof McpError mcpError && mcpError.getJsonRpcError() != null
				&& mcpError.getJsonRpcError().code() != null) {
			McpSchema.JSONRPCResponse.JSONRPCError error = mcpError.getJsonRpcError();
			String code = String.valueOf(error.code());
			end(code, code, error.message());
		}
		else {
			end(ex.getClass().getName(), null, ex.getMessage());
		}
	}

	private void end(@Nullable String errorType, @Nullable String statusCode, @Nullable String message) {
		McpTracing tracing = this.tracing;
		Span span = this.span;
		if (tracing == null || span == null || !this.ended.compareAndSet(false, true)) {
			return;
		}
		try {
			if (errorType != null) {
				span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
				String description = (message != null) ? tracing.content().redactText(message) : null;
				span.setStatus(StatusCode.ERROR, (description != null) ? description : "");
			}
			if (statusCode != null) {
				span.setAttribute(McpAttributes.RPC_RESPONSE_STATUS_CODE, statusCode);
			}
			long nanos = System.nanoTime() - this.startNanos;
			span.end();
			tracing.metrics().record(false, this.method, this.target, this.transport, errorType, nanos);
		}
		catch (Throwable ex) {
			TracingFaults.report("ending an MCP server span", ex);
		}
	}

}

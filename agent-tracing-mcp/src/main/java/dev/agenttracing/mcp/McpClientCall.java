package dev.agenttracing.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.mcp.TracingMcpClientTransport.ClientEndpoint;
import dev.agenttracing.mcp.internal.SdkTransportInternals;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

/**
 * One request sent by a traced client transport, from its start to its response. It owns
 * a CLIENT span, or, for a {@code tools/call} made inside a tool execution that
 * agent-tracing already traces, adds the MCP attributes to that tool's span (the
 * conventions' rule for an outer GenAI instrumentation) and leaves ending it to its
 * owner.
 *
 * @author agent-tracing
 */
final class McpClientCall {

	private static final String JSONRPC_2 = "2.0";

	private static final String CLOSED = "transport_closed";

	private final McpTracing tracing;

	private final String key;

	private final String method;

	private final @Nullable String target;

	private final String networkTransport;

	private final Map<String, Object> params;

	private final @Nullable Span span;

	private final @Nullable StartedOperation tool;

	private final long startNanos;

	private final Context context;

	private McpClientCall(McpTracing tracing, String key, String method, @Nullable String target,
			String networkTransport, Map<String, Object> params, @Nullable Span span, @Nullable StartedOperation tool,
			long startNanos, Context context) {
		this.tracing = tracing;
		this.key = key;
		this.method = method;
		this.target = target;
		this.networkTransport = networkTransport;
		this.params = params;
		this.span = span;
		this.tool = tool;
		this.startNanos = startNanos;
		this.context = context;
	}

	static McpClientCall start(McpTracing tracing, ClientEndpoint endpoint, McpSchema.JSONRPCRequest request,
			Map<String, Object> params, @Nullable String sessionId) {
		return start(tracing, endpoint, request.jsonrpc(), request.method(), request.id(), params, sessionId,
				endpoint.protocolVersion);
	}

	/**
	 * Start the span of a request and write its trace context into {@code params}
	 * ({@code _meta}), the params to send in place of the request's own.
	 */
	static McpClientCall start(McpTracing tracing, ClientEndpoint endpoint, String jsonrpc, String method, Object id,
			Map<String, Object> params, @Nullable String sessionId, @Nullable String protocolVersion) {
		String target = McpMethods.target(method, params);
		Attributes attributes = attributes(endpoint, jsonrpc, method, id, params, target, sessionId, protocolVersion);
		StartedOperation tool = currentTool(tracing.agentTracer(), method);
		Span span = null;
		Context context;
		if (tool != null) {
			attributes.forEach((key, value) -> setOn(tool, key, value));
			context = tool.context();
		}
		else {
			Context parent = Context.current();
			span = tracing.tracer()
				.spanBuilder(McpMethods.spanName(method, target))
				.setSpanKind(SpanKind.CLIENT)
				.setParent(parent)
				.setAllAttributes(attributes)
				.startSpan();
			if (McpMethods.TOOLS_CALL.equals(method) && tracing.content().isEnabled()
					&& params.get("arguments") instanceof Map<?, ?> arguments) {
				String recorded = tracing.content().toolArguments(stringKeys(arguments));
				if (recorded != null) {
					span.setAttribute(GenAiAttributes.TOOL_CALL_ARGUMENTS, recorded);
				}
			}
			context = parent.with(span);
		}
		// Timed from the span's start to its end, so that both land in the same bucket.
		long start = System.nanoTime();
		params.put(McpAttributes.META, meta(tracing, context, params));
		return new McpClientCall(tracing, String.valueOf(id), method, target, endpoint.networkTransport, params, span,
				tool, start, context);
	}

	/**
	 * The request's {@code _meta} with the trace context of {@code context} added to the
	 * caller's own entries.
	 */
	static Map<String, Object> meta(McpTracing tracing, Context context, Map<String, Object> params) {
		Map<String, Object> meta = new LinkedHashMap<>();
		if (params.get(McpAttributes.META) instanceof Map<?, ?> callerMeta) {
			callerMeta.forEach((key, value) -> meta.put(String.valueOf(key), value));
		}
		tracing.propagation().inject(context, meta);
		return meta;
	}

	private static @Nullable StartedOperation currentTool(@Nullable AgentTracer agentTracer, String method) {
		if (agentTracer == null || !McpMethods.TOOLS_CALL.equals(method)) {
			return null;
		}
		StartedOperation tool = agentTracer.currentTool();
		return tool.isRecording() ? tool : null;
	}

	private static Attributes attributes(ClientEndpoint endpoint, String jsonrpc, String method, Object id,
			Map<String, Object> params, @Nullable String target, @Nullable String sessionId,
			@Nullable String protocolVersion) {
		AttributesBuilder builder = Attributes.builder()
			.put(McpAttributes.METHOD_NAME, method)
			.put(McpAttributes.JSONRPC_REQUEST_ID, String.valueOf(id))
			.put(McpAttributes.NETWORK_TRANSPORT, endpoint.networkTransport);
		if (!JSONRPC_2.equals(jsonrpc)) {
			builder.put(McpAttributes.JSONRPC_PROTOCOL_VERSION, jsonrpc);
		}
		if (endpoint.isHttp()) {
			builder.put(McpAttributes.NETWORK_PROTOCOL_NAME, "http");
		}
		if (endpoint.serverAddress != null) {
			builder.put(GenAiAttributes.SERVER_ADDRESS, endpoint.serverAddress);
			builder.put(GenAiAttributes.SERVER_PORT, (long) endpoint.serverPort);
		}
		if (sessionId != null) {
			builder.put(McpAttributes.SESSION_ID, sessionId);
		}
		if (protocolVersion != null) {
			builder.put(McpAttributes.PROTOCOL_VERSION, protocolVersion);
		}
		if (McpMethods.TOOLS_CALL.equals(method) && target != null) {
			builder.put(GenAiAttributes.TOOL_NAME, target);
			builder.put(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL);
		}
		else if (McpMethods.PROMPTS_GET.equals(method) && target != null) {
			builder.put(McpAttributes.PROMPT_NAME, target);
		}
		if (method.startsWith("resources/") && params.get("uri") instanceof String uri) {
			builder.put(McpAttributes.RESOURCE_URI, uri);
		}
		return builder.build();
	}

	/**
	 * The context whose span stands for this request.
	 */
	Context context() {
		return this.context;
	}

	String key() {
		return this.key;
	}

	/**
	 * The params to send: the request's own, with the trace context in {@code _meta}.
	 */
	Map<String, Object> params() {
		return this.params;
	}

	void end(McpSchema.JSONRPCResponse response, ClientEndpoint endpoint, McpClientTransport transport) {
		McpSchema.JSONRPCResponse.JSONRPCError error = response.error();
		end((error != null) ? error.code() : null, (error != null) ? error.message() : null, response.result(),
				endpoint, () -> SdkTransportInternals.sessionId(transport));
	}

	/**
	 * End with the response: a JSON-RPC error (its code), or a result.
	 */
	void end(@Nullable Integer errorCode, @Nullable String errorMessage, @Nullable Object response,
			ClientEndpoint endpoint, Supplier<@Nullable String> sessionId) {
		String errorType = null;
		Map<?, ?> result = (response instanceof Map<?, ?> map) ? map : null;
		if (McpMethods.INITIALIZE.equals(this.method) && result != null
				&& result.get("protocolVersion") instanceof String version) {
			endpoint.protocolVersion = version;
			set(McpAttributes.PROTOCOL_VERSION, version);
			String session = sessionId.get();
			if (session != null) {
				set(McpAttributes.SESSION_ID, session);
			}
		}
		if (errorCode != null) {
			String code = String.valueOf(errorCode);
			set(McpAttributes.RPC_RESPONSE_STATUS_CODE, code);
			errorType = code;
			if (this.span != null) {
				this.span.setAttribute(GenAiAttributes.ERROR_TYPE, code);
				String description = redacted(errorMessage);
				this.span.setStatus(StatusCode.ERROR, (description != null) ? description : "");
			}
		}
		else if (McpMethods.TOOLS_CALL.equals(this.method) && result != null
				&& Boolean.TRUE.equals(result.get("isError"))) {
			errorType = McpAttributes.ERROR_TYPE_TOOL_ERROR;
			if (this.span != null) {
				this.span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
				this.span.setStatus(StatusCode.ERROR);
			}
		}
		else if (this.span != null && McpMethods.TOOLS_CALL.equals(this.method) && result != null
				&& this.tracing.content().isEnabled()) {
			String recorded = this.tracing.content().toolResult(result);
			if (recorded != null) {
				this.span.setAttribute(GenAiAttributes.TOOL_CALL_RESULT, recorded);
			}
		}
		long nanos = System.nanoTime() - this.startNanos;
		if (this.span != null) {
			this.span.end();
		}
		this.tracing.metrics().record(true, this.method, this.target, this.networkTransport, errorType, nanos);
	}

	/**
	 * End without a response: the message could not be sent, or the transport closed
	 * first.
	 */
	void failed(@Nullable Throwable cause) {
		String errorType = (cause != null) ? cause.getClass().getName() : CLOSED;
		if (this.span != null) {
			this.span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
			this.span.setStatus(StatusCode.ERROR);
			this.span.end();
		}
		this.tracing.metrics()
			.record(true, this.method, this.target, this.networkTransport, errorType,
					System.nanoTime() - this.startNanos);
	}

	/**
	 * End at once, when too many requests wait for a response to keep another one open.
	 */
	void untracked() {
		if (this.span != null) {
			this.span.end();
		}
	}

	private <T> void set(AttributeKey<T> key, T value) {
		if (this.span != null) {
			this.span.setAttribute(key, value);
		}
		else if (this.tool != null) {
			this.tool.setAttribute(key, value);
		}
	}

	private @Nullable String redacted(@Nullable String message) {
		return (message != null) ? this.tracing.content().redactText(message) : null;
	}

	@SuppressWarnings("unchecked")
	private static void setOn(StartedOperation tool, AttributeKey<?> key, Object value) {
		tool.setAttribute((AttributeKey<Object>) key, value);
	}

	private static Map<String, Object> stringKeys(Map<?, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(String.valueOf(key), value));
		return copy;
	}

}

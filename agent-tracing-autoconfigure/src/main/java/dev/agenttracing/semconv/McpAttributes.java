package dev.agenttracing.semconv;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys and values of the Model Context Protocol (MCP) semantic conventions
 * v1.41.0 ({@code model/mcp}, with the {@code jsonrpc}, {@code rpc}, {@code network} and
 * {@code client} registries they refer to), declared once. The GenAI keys MCP spans share
 * ({@code gen_ai.tool.name}, {@code gen_ai.operation.name}, {@code error.type},
 * {@code server.*}, the tool call content) are in {@link GenAiAttributes}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class McpAttributes {

	public static final AttributeKey<String> METHOD_NAME = AttributeKey.stringKey("mcp.method.name");

	public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mcp.session.id");

	public static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");

	public static final AttributeKey<String> RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");

	/** {@code gen_ai.prompt.name}: the prompt of a {@code prompts/get} request. */
	public static final AttributeKey<String> PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");

	/** {@code jsonrpc.request.id}: the request's {@code id}, as a string. */
	public static final AttributeKey<String> JSONRPC_REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");

	/** {@code jsonrpc.protocol.version}: set only when it is not {@code 2.0}. */
	public static final AttributeKey<String> JSONRPC_PROTOCOL_VERSION = AttributeKey
		.stringKey("jsonrpc.protocol.version");

	/** {@code rpc.response.status_code}: the JSON-RPC error code, as a string. */
	public static final AttributeKey<String> RPC_RESPONSE_STATUS_CODE = AttributeKey
		.stringKey("rpc.response.status_code");

	public static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");

	public static final AttributeKey<String> NETWORK_PROTOCOL_NAME = AttributeKey.stringKey("network.protocol.name");

	public static final AttributeKey<String> NETWORK_PROTOCOL_VERSION = AttributeKey
		.stringKey("network.protocol.version");

	public static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");

	public static final AttributeKey<Long> CLIENT_PORT = AttributeKey.longKey("client.port");

	/** {@code network.transport} of stdio. */
	public static final String TRANSPORT_PIPE = "pipe";

	/** {@code network.transport} of the HTTP transports. */
	public static final String TRANSPORT_TCP = "tcp";

	/** {@code error.type} of a {@code tools/call} result flagged {@code isError}. */
	public static final String ERROR_TYPE_TOOL_ERROR = "tool_error";

	/** Metric: duration of a request as the sender sees it. */
	public static final String CLIENT_OPERATION_DURATION = "mcp.client.operation.duration";

	/** Metric: duration of a request as the receiver sees it. */
	public static final String SERVER_OPERATION_DURATION = "mcp.server.operation.duration";

	/** Explicit bucket boundaries of the MCP duration histograms, in seconds. */
	public static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
			30.0, 60.0, 120.0, 300.0);

	/** Key of the W3C trace context entries in a request's {@code params._meta}. */
	public static final String META = "_meta";

	private McpAttributes() {
	}

}

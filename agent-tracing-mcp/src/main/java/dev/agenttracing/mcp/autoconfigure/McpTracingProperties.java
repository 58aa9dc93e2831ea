package dev.agenttracing.mcp.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.agenttracing.mcp.McpTracing;

/**
 * Configuration of the MCP integration.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@ConfigurationProperties(McpTracingProperties.PREFIX)
public class McpTracingProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "agent.tracing.mcp";

	/**
	 * Whether to trace MCP requests made and served with the MCP Java SDK: client and
	 * server spans, trace context in params._meta, and the
	 * mcp.client/server.operation.duration histograms.
	 */
	private boolean enabled = true;

	/**
	 * Most of an HTTP request's or response's body held by the filters in front of MCP
	 * servers to read its JSON-RPC message. A longer body passes to the server or client
	 * unchanged, held no further; the span of a longer request has what its first bytes
	 * say, that of a longer response ends with the HTTP status. At least 1B, at most 1GB.
	 */
	private DataSize maxBodySize = McpTracing.DEFAULT_MAX_BODY_SIZE;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

}

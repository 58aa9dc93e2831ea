/**
 * Traces MCP requests made and served with the MCP Java SDK as the MCP semantic
 * conventions v1.41.0 say: CLIENT and SERVER spans, W3C trace context in
 * {@code params._meta}, the {@code mcp.*.operation.duration} histograms.
 */
@NullMarked
package dev.agenttracing.mcp;

import org.jspecify.annotations.NullMarked;

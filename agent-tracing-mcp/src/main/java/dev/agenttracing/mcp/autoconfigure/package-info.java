/**
 * Auto-configuration of MCP tracing.
 */
@NullMarked
package dev.agenttracing.mcp.autoconfigure;

import org.jspecify.annotations.NullMarked;

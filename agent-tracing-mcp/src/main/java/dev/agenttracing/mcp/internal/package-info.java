/**
 * Adapters to what the MCP Java SDK keeps private, one class, with a test that fails when
 * the SDK changes.
 */
@NullMarked
package dev.agenttracing.mcp.internal;

import org.jspecify.annotations.NullMarked;

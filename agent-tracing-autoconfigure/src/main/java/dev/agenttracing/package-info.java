/**
 * The programmatic API of agent-tracing: {@link dev.agenttracing.AgentTracer}.
 */
@NullMarked
package dev.agenttracing;

import org.jspecify.annotations.NullMarked;

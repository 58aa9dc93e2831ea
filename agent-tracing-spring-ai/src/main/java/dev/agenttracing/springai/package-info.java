/**
 * Traces Spring AI with no user code: chat model calls and tool executions become
 * agent-tracing's GenAI spans through Spring AI's own observations.
 */
@NullMarked
package dev.agenttracing.springai;

import org.jspecify.annotations.NullMarked;

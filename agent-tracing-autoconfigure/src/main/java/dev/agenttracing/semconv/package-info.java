/**
 * The GenAI semantic-convention attribute keys agent-tracing writes.
 */
@NullMarked
package dev.agenttracing.semconv;

import org.jspecify.annotations.NullMarked;

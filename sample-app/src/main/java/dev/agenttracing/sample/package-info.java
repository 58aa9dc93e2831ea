/**
 * The sample application: a trip-planning agent on Spring AI whose runs agent-tracing
 * traces.
 */
@NullMarked
package dev.agenttracing.sample;

import org.jspecify.annotations.NullMarked;

/**
 * Carries the OpenTelemetry context, and with it the current agent run, across threads.
 */
@NullMarked
package dev.agenttracing.propagation;

import org.jspecify.annotations.NullMarked;

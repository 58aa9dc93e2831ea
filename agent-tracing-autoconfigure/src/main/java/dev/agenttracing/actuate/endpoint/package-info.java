/**
 * Actuator endpoint support for agent-tracing.
 */
@NullMarked
package dev.agenttracing.actuate.endpoint;

import org.jspecify.annotations.NullMarked;

/**
 * Actuator health support for agent-tracing.
 */
@NullMarked
package dev.agenttracing.actuate.health;

import org.jspecify.annotations.NullMarked;

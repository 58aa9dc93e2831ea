/**
 * Auto-configuration for agent-tracing.
 */
@NullMarked
package dev.agenttracing.autoconfigure;

import org.jspecify.annotations.NullMarked;

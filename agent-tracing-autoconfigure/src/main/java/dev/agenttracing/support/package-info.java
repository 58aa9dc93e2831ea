/**
 * What every package of agent-tracing and its integrations share: reporting a fault
 * inside tracing once ({@link dev.agenttracing.support.TracingFaults}), so that it never
 * reaches the traced code. Public for the integration modules; not an API for
 * applications.
 */
@NullMarked
package dev.agenttracing.support;

import org.jspecify.annotations.NullMarked;

/**
 * Carries the OpenTelemetry context, and with it the current agent run, across threads
 * and into Reactor publishers: the context-propagation accessor, the task decorator, the
 * scoping of a {@code Flux} or {@code Mono} to an operation's context. Depends on nothing
 * of agent-tracing but {@code support}, so any package can use it.
 */
@NullMarked
package dev.agenttracing.context;

import org.jspecify.annotations.NullMarked;

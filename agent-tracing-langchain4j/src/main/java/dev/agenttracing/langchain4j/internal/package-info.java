/**
 * The one adapter to langchain4j-agentic's {@code internal} package: how agent-tracing's
 * listener reaches a supervisor or planner-based agent that is already built. Its
 * guarding test is {@code AgenticSupervisorTracingTests}.
 */
@NullMarked
package dev.agenttracing.langchain4j.internal;

import org.jspecify.annotations.NullMarked;

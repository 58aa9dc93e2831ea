/**
 * The API users touch: {@link dev.agenttracing.AgentTracer} (the programmatic API the
 * annotations' aspects and the framework integrations are built on) and
 * {@link dev.agenttracing.AgentTracerBuilder}, the specs that describe an operation
 * ({@link dev.agenttracing.AgentRunSpec}, {@link dev.agenttracing.ToolSpec},
 * {@link dev.agenttracing.LlmCallSpec}), the handles of operations in progress
 * ({@link dev.agenttracing.StartedOperation}, {@link dev.agenttracing.CurrentLlmCall}),
 * the run context ({@link dev.agenttracing.AgentContext} and the span processor that
 * stamps it), and the extension points for results ({@link dev.agenttracing.LlmResult},
 * {@link dev.agenttracing.LlmResultExtractor}, {@link dev.agenttracing.ModelPricing}).
 * <p>
 * Beside it, package-private, the engine: one operation class per kind over a shared base
 * that ends it exactly once (agent run, tool execution, LLM call), a starter per kind,
 * the run state that rolls usage and cost up into its run. Where the rest lives:
 * {@code annotation} and {@code aop} (annotations and their aspects), {@code context}
 * (propagation across threads and Reactor), {@code sampling} (the SDK sampler and
 * failed-run processor), {@code content} and {@code redact}, {@code metrics},
 * {@code semconv} (every key), {@code export}, {@code actuate}, {@code autoconfigure}
 * (all wiring), {@code support} (fault reporting) and {@code internal} (adapters to other
 * projects' non-public API).
 */
@NullMarked
package dev.agenttracing;

import org.jspecify.annotations.NullMarked;

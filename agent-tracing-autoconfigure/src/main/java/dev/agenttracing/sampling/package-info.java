/**
 * Sampling of agent runs, separate from the application's sampling of HTTP traces: the
 * per-run decision ({@link dev.agenttracing.sampling.RunSampling}, used by
 * {@code AgentTracer}), the SDK {@link io.opentelemetry.sdk.trace.samplers.Sampler} that
 * applies it ({@link dev.agenttracing.sampling.AgentRunSampler}) and the span processor
 * that exports an unsampled run only when it fails
 * ({@link dev.agenttracing.sampling.FailedRunSpanProcessor}). The auto-configuration adds
 * the last two to Boot's SDK; an SDK built by hand adds them itself.
 */
@NullMarked
package dev.agenttracing.sampling;

import org.jspecify.annotations.NullMarked;

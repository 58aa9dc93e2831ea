package dev.agenttracing.sampling;

import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

import dev.agenttracing.sampling.AgentRunSampler.Decision;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Decides, once per top-level agent run, whether it is recorded, independently of the
 * application's sampling of HTTP traces:
 * <ul>
 * <li>inside a sampled trace the run is part of that trace, as usual;</li>
 * <li>inside another run it follows that run;</li>
 * <li>otherwise (no trace, or one the application did not sample) the run is recorded
 * with the configured probability. A recorded run inside an unsampled trace starts a
 * trace of its own with a link to the caller's span, so that no backend shows a parent
 * that was never exported.</li>
 * </ul>
 * When failed runs are always recorded, a run not chosen is recorded tentatively, in a
 * trace of its own, and exported only if it fails (see {@link FailedRunSpanProcessor}).
 * The decision reaches the SDK through {@link AgentRunSampler}. Used by
 * {@code AgentTracer} for every agent run it starts; public for it, not an API for
 * applications.
 *
 * @author agent-tracing
 */
public final class RunSampling {

	private final double probability;

	private final boolean recordFailedRuns;

	public RunSampling(double probability, boolean recordFailedRuns) {
		this.probability = probability;
		this.recordFailedRuns = recordFailedRuns;
	}

	/**
	 * Start a run's span where sampling puts it.
	 * @param span the run's span, not started yet
	 * @param parent the caller's context
	 * @param nested whether the new run is nested in another run
	 * @return the started span
	 */
	public Span start(SpanBuilder span, Context parent, boolean nested) {
		if (nested) {
			return span.setParent(parent).startSpan();
		}
		SpanContext caller = Span.fromContext(parent).getSpanContext();
		if (caller.isValid() && caller.isSampled()) {
			return span.setParent(parent).startSpan();
		}
		Decision decision = sample() ? Decision.RECORD : this.recordFailedRuns ? Decision.TENTATIVE : Decision.DROP;
		if (decision == Decision.DROP) {
			return span.setParent(AgentRunSampler.withDecision(parent, decision)).startSpan();
		}
		if (caller.isValid()) {
			span.addLink(caller);
			span.setAttribute(GenAiAttributes.SAMPLING_LINKED, true);
		}
		return span.setParent(AgentRunSampler.withDecision(Context.root(), decision)).startSpan();
	}

	/**
	 * The context the operations of a run start from.
	 * @param parent the caller's context
	 * @param span the run's span
	 * @return {@code parent}, marked as inside a run (a tentative one when it is kept
	 * only in case it fails), so that {@link AgentRunSampler} lets the run decide about
	 * its spans
	 */
	public Context contextOfRun(Context parent, Span span) {
		SpanContext spanContext = span.getSpanContext();
		boolean tentative = this.recordFailedRuns && span.isRecording() && !spanContext.isSampled();
		return AgentRunSampler.insideRun(parent, tentative);
	}

	private boolean sample() {
		if (this.probability >= 1.0) {
			return true;
		}
		return this.probability > 0.0 && ThreadLocalRandom.current().nextDouble() < this.probability;
	}

}

package dev.agenttracing;

import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Decides, once per top-level agent run, whether it is recorded, independently of the
 * application's sampling of HTTP traces:
 * <ul>
 * <li>inside a sampled trace the run is part of that trace, as usual;</li>
 * <li>inside another run it follows that run;</li>
 * <li>otherwise (no trace, or one the application did not sample) the run is recorded with the
 * configured probability. A recorded run inside an unsampled trace starts a trace of its own
 * with a link to the caller's span, so that no backend shows a parent that was never
 * exported.</li>
 * </ul>
 * The decision reaches the SDK through {@link AgentRunSampler}.
 *
 * @author agent-tracing
 */
final class RunSampling {

	private final double probability;

	RunSampling(double probability) {
		this.probability = probability;
	}

	/**
	 * The parent context to start a run's span with, carrying the decision when one was made.
	 * @param parent the caller's context
	 * @param parentRun the run the new run is nested in, or {@code null}
	 * @param span the run's span, to link to the caller's span when the run starts a new trace
	 * @return the context to use as the span's parent
	 */
	Context parentOfRun(Context parent, @Nullable RunState parentRun, SpanBuilder span) {
		if (parentRun != null) {
			return parent;
		}
		SpanContext caller = Span.fromContext(parent).getSpanContext();
		if (caller.isValid() && caller.isSampled()) {
			return parent;
		}
		boolean sampled = sample();
		if (sampled && caller.isValid()) {
			span.addLink(caller);
			span.setAttribute(GenAiAttributes.SAMPLING_LINKED, true);
			return AgentRunSampler.withDecision(Context.root(), true);
		}
		return AgentRunSampler.withDecision(parent, sampled);
	}

	private boolean sample() {
		if (this.probability >= 1.0) {
			return true;
		}
		return this.probability > 0.0 && ThreadLocalRandom.current().nextDouble() < this.probability;
	}

}

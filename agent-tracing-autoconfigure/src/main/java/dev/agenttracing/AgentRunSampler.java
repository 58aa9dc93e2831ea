package dev.agenttracing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A {@link Sampler} that lets {@link AgentTracer} decide about the agent runs it chose to
 * sample or not (see {@code agent.tracing.sampling.probability}) and leaves every other span
 * to the application's sampler. Boot's auto-configuration wraps the application's sampler
 * with it; an SDK built by hand can do the same. Without it, agent runs are sampled like any
 * other span.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentRunSampler implements Sampler {

	private static final ContextKey<Decision> DECISION = ContextKey.named("dev.agenttracing.sampling-decision");

	// Inside a run kept only in case it fails: every span of it is recorded, not sampled.
	private static final ContextKey<Boolean> TENTATIVE_RUN = ContextKey.named("dev.agenttracing.tentative-run");

	private static final SamplingResult RECORD = SamplingResult.recordAndSample();

	private static final SamplingResult RECORD_ONLY = SamplingResult.recordOnly();

	private static final SamplingResult DROP = SamplingResult.drop();

	private final Sampler delegate;

	/**
	 * Wrap a sampler.
	 * @param delegate the sampler for every span agent-tracing did not decide about
	 */
	public AgentRunSampler(Sampler delegate) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = delegate;
	}

	/**
	 * The parent context for an agent run span that {@link AgentTracer} decided about.
	 * @param parent the parent context
	 * @param decision what was decided
	 * @return the parent context carrying the decision
	 */
	static Context withDecision(Context parent, Decision decision) {
		return parent.with(DECISION, decision);
	}

	static @Nullable Decision decisionIn(Context parent) {
		return parent.get(DECISION);
	}

	/**
	 * The context for the operations inside a tentative run: their spans are recorded too.
	 * @param context the run's context
	 * @return the context marking the run as tentative
	 */
	static Context insideTentativeRun(Context context) {
		return context.with(TENTATIVE_RUN, true);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		Decision decision = parentContext.get(DECISION);
		if (decision != null) {
			return switch (decision) {
				case RECORD -> RECORD;
				case DROP -> DROP;
				case TENTATIVE -> RECORD_ONLY;
			};
		}
		if (parentContext.get(TENTATIVE_RUN) != null && !Span.fromContext(parentContext).getSpanContext().isSampled()) {
			return RECORD_ONLY;
		}
		return this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	@Override
	public String getDescription() {
		return "AgentRunSampler{" + this.delegate.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	/**
	 * What {@link AgentTracer} decided about a top-level agent run.
	 */
	enum Decision {

		/** Record and export the run. */
		RECORD,

		/** Neither record nor export the run. */
		DROP,

		/** Record the run without sampling it; export it only if it fails. */
		TENTATIVE

	}

	/** The wrapped sampler. */
	public Sampler getDelegate() {
		return this.delegate;
	}

}

package dev.agenttracing.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A {@link Sampler} that lets {@code AgentTracer} decide about the agent runs it chose to
 * sample or not (see {@code agent.tracing.sampling.probability}) and leaves every other
 * span to the application's sampler:
 * <ul>
 * <li>a top-level agent run is recorded when the caller's trace is sampled, else with
 * agent-tracing's probability; a sampler that {@link #AgentRunSampler(Sampler, boolean)
 * decides runs} is asked first, with the run span's attributes, and a drop drops the
 * run;</li>
 * <li>every span inside a run (tools, LLM calls, subagents, HTTP client spans) follows
 * the run: recorded when the run is, dropped when it is not, so no sampler cuts holes in
 * a recorded run;</li>
 * <li>every other span is the delegate's.</li>
 * </ul>
 * Boot's auto-configuration wraps the application's sampler with it: Boot's own sampler
 * only samples HTTP traffic, a {@code Sampler} bean of the application also decides runs.
 * An SDK built by hand can do the same. Without it, agent runs are sampled like any other
 * span.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentRunSampler implements Sampler {

	// What a context says about sampling, under one key so that a span start
	// looks once: a Decision on the parent context of a top-level run that
	// AgentTracer decided about, or a RunMark on the context of the operations
	// inside a run.
	private static final ContextKey<Object> SAMPLING = ContextKey.named("dev.agenttracing.sampling");

	private static final SamplingResult RECORD = SamplingResult.recordAndSample();

	private static final SamplingResult RECORD_ONLY = SamplingResult.recordOnly();

	private static final SamplingResult DROP = SamplingResult.drop();

	private final Sampler delegate;

	private final boolean delegateDecidesRuns;

	/**
	 * Wrap a sampler that samples everything but agent runs (such as Boot's ratio-based
	 * one).
	 * @param delegate the sampler for every span outside agent runs
	 */
	public AgentRunSampler(Sampler delegate) {
		this(delegate, false);
	}

	/**
	 * Wrap a sampler.
	 * @param delegate the sampler for every span outside agent runs
	 * @param delegateDecidesRuns whether the delegate is also asked about every top-level
	 * agent run (it can drop a run that agent-tracing's probability chose, never keep one
	 * it did not)
	 */
	public AgentRunSampler(Sampler delegate, boolean delegateDecidesRuns) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = delegate;
		this.delegateDecidesRuns = delegateDecidesRuns;
	}

	/**
	 * The parent context for an agent run span that {@code AgentTracer} decided about.
	 * @param parent the parent context
	 * @param decision what was decided
	 * @return the parent context carrying the decision
	 */
	static Context withDecision(Context parent, Decision decision) {
		return parent.with(SAMPLING, decision);
	}

	static @Nullable Decision decisionIn(Context parent) {
		return (parent.get(SAMPLING) instanceof Decision decision) ? decision : null;
	}

	/**
	 * The context for the operations inside a run: the run decided about their spans.
	 * @param context the run's context
	 * @param tentative whether the run is kept only in case it fails: their spans are
	 * recorded too
	 * @return the context marking the run
	 */
	static Context insideRun(Context context, boolean tentative) {
		return context.with(SAMPLING, tentative ? RunMark.INSIDE_TENTATIVE_RUN : RunMark.INSIDE_RUN);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		Object mark = parentContext.get(SAMPLING);
		if (mark instanceof Decision decision) {
			// A top-level run outside a sampled trace: agent-tracing's probability
			// decided.
			if (decision == Decision.DROP || (this.delegateDecidesRuns && dropped(
					this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks)))) {
				return DROP;
			}
			return (decision == Decision.RECORD) ? RECORD : RECORD_ONLY;
		}
		if (mark != null) {
			SpanContext parent = Span.fromContext(parentContext).getSpanContext();
			if (parent.isValid()) {
				// Inside a run (a subagent too): the run decided.
				if (parent.isSampled()) {
					return RECORD;
				}
				return (mark == RunMark.INSIDE_TENTATIVE_RUN) ? RECORD_ONLY : DROP;
			}
		}
		// Outside runs, and a top-level run inside a sampled trace: the application's
		// sampler.
		return this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	private static boolean dropped(SamplingResult result) {
		return result.getDecision() == SamplingDecision.DROP;
	}

	/**
	 * Whether the delegate is also asked about top-level agent runs.
	 * @return whether the delegate decides runs
	 */
	public boolean isDelegateDecidingRuns() {
		return this.delegateDecidesRuns;
	}

	@Override
	public String getDescription() {
		return "AgentRunSampler{" + this.delegate.getDescription() + (this.delegateDecidesRuns ? ", decides runs" : "")
				+ "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	/**
	 * What {@code AgentTracer} decided about a top-level agent run.
	 */
	enum Decision {

		/** Record and export the run. */
		RECORD,

		/** Neither record nor export the run. */
		DROP,

		/** Record the run without sampling it; export it only if it fails. */
		TENTATIVE

	}

	/** What marks the context of the operations inside a run. */
	private enum RunMark {

		/** Inside a run: its spans follow the run's sampling. */
		INSIDE_RUN,

		/**
		 * Inside a run kept only in case it fails: its spans are recorded, not sampled.
		 */
		INSIDE_TENTATIVE_RUN

	}

	/** The wrapped sampler. */
	public Sampler getDelegate() {
		return this.delegate;
	}

}

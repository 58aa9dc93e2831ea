package dev.agenttracing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
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

	private static final ContextKey<Boolean> DECISION = ContextKey.named("dev.agenttracing.sampling-decision");

	private static final SamplingResult RECORD = SamplingResult.recordAndSample();

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
	 * @param sampled whether the run is sampled
	 * @return the parent context carrying the decision
	 */
	static Context withDecision(Context parent, boolean sampled) {
		return parent.with(DECISION, sampled);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		Boolean decision = parentContext.get(DECISION);
		if (decision != null) {
			return decision ? RECORD : DROP;
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

	/** The wrapped sampler. */
	public Sampler getDelegate() {
		return this.delegate;
	}

}

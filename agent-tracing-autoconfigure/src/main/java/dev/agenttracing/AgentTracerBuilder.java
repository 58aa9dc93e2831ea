package dev.agenttracing;

import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.metrics.OperationMetrics;
import dev.agenttracing.sampling.AgentRunSampler;
import dev.agenttracing.sampling.FailedRunSpanProcessor;

/**
 * Builds an {@link AgentTracer}: {@code AgentTracer.builder(openTelemetry)}. The
 * auto-configuration builds the application's tracer from {@code agent.tracing.*}; build
 * one by hand for an OpenTelemetry SDK of your own or a test.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class AgentTracerBuilder {

	/** Every agent run is recorded unless a probability is set. */
	public static final double DEFAULT_SAMPLING_PROBABILITY = 1.0;

	final OpenTelemetry openTelemetry;

	@Nullable String defaultProvider;

	@Nullable String defaultModel;

	List<LlmResultExtractor> extractors = List.of();

	ModelPricing pricing = ModelPricing.NONE;

	OperationMetrics metrics = OperationMetrics.NONE;

	@Nullable ContentRecorder content;

	double samplingProbability = DEFAULT_SAMPLING_PROBABILITY;

	boolean recordFailedRuns;

	AgentTracerBuilder(OpenTelemetry openTelemetry) {
		Assert.notNull(openTelemetry, "'openTelemetry' must not be null");
		this.openTelemetry = openTelemetry;
	}

	/**
	 * Provider name for agent runs that do not name one.
	 * @param defaultProvider the provider name, or {@code null} for none
	 * @return this builder
	 */
	public AgentTracerBuilder defaultProvider(@Nullable String defaultProvider) {
		this.defaultProvider = defaultProvider;
		return this;
	}

	/**
	 * Requested model for LLM calls that do not name one.
	 * @param defaultModel the model name, or {@code null} for none
	 * @return this builder
	 */
	public AgentTracerBuilder defaultModel(@Nullable String defaultModel) {
		this.defaultModel = defaultModel;
		return this;
	}

	/**
	 * Extractors that read LLM results from types other than {@link LlmResult}, asked in
	 * order.
	 * @param extractors the extractors
	 * @return this builder
	 */
	public AgentTracerBuilder extractors(List<? extends LlmResultExtractor> extractors) {
		this.extractors = List.copyOf(extractors);
		return this;
	}

	/**
	 * Prices that turn token usage into cost.
	 * @param pricing the prices
	 * @return this builder
	 */
	public AgentTracerBuilder pricing(ModelPricing pricing) {
		Assert.notNull(pricing, "'pricing' must not be null");
		this.pricing = pricing;
		return this;
	}

	/**
	 * Where operation metrics go.
	 * @param metrics the metrics recorder
	 * @return this builder
	 */
	public AgentTracerBuilder metrics(OperationMetrics metrics) {
		Assert.notNull(metrics, "'metrics' must not be null");
		this.metrics = metrics;
		return this;
	}

	/**
	 * How content is recorded and how content and exception messages are redacted. By
	 * default content is not recorded and exception messages go through the built-in
	 * detectors in mask mode.
	 * @param content the content recorder
	 * @return this builder
	 */
	public AgentTracerBuilder content(ContentRecorder content) {
		Assert.notNull(content, "'content' must not be null");
		this.content = content;
		return this;
	}

	/**
	 * Probability that an agent run outside a sampled trace is recorded. A run inside a
	 * sampled trace is always recorded, as part of it; a run chosen inside an unsampled
	 * trace starts a trace of its own, linked to the caller's span. Takes effect when the
	 * SDK's sampler is wrapped in an {@link AgentRunSampler}.
	 * @param samplingProbability a probability from 0.0 to 1.0 (the default)
	 * @return this builder
	 */
	public AgentTracerBuilder samplingProbability(double samplingProbability) {
		Assert.isTrue(samplingProbability >= 0.0 && samplingProbability <= 1.0,
				"'samplingProbability' must be between 0.0 and 1.0");
		this.samplingProbability = samplingProbability;
		return this;
	}

	/**
	 * Whether agent runs that sampling did not choose are recorded anyway, in a trace of
	 * their own, and exported if they end in error. Takes effect with an
	 * {@link AgentRunSampler} and a {@link FailedRunSpanProcessor} in the SDK.
	 * @param recordFailedRuns whether to record failed runs always (default false)
	 * @return this builder
	 */
	public AgentTracerBuilder recordFailedRuns(boolean recordFailedRuns) {
		this.recordFailedRuns = recordFailedRuns;
		return this;
	}

	/**
	 * Build the tracer.
	 * @return a new {@link AgentTracer}
	 */
	public AgentTracer build() {
		return new AgentTracer(this);
	}

}

package dev.agenttracing.semconv;

import java.util.List;

/**
 * The GenAI semantic-convention metrics agent-tracing records (v1.41.0
 * {@code gen_ai.client.*}), with their tag keys, values and explicit bucket boundaries,
 * declared once. Tag keys are the attribute keys of {@link GenAiAttributes}, so a metric
 * and a span never spell one differently.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class GenAiMetrics {

	/** Duration of GenAI operations (histogram, seconds). */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** Tokens used by LLM calls (histogram, {@code {token}}). */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** Time to the first chunk of streamed LLM calls (histogram, seconds). */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	/** Cost of LLM calls in the configured currency; ours, the conventions have none. */
	public static final String COST = "agent_tracing.client.cost";

	/** Tag {@code gen_ai.operation.name}. */
	public static final String OPERATION_NAME_TAG = GenAiAttributes.OPERATION_NAME.getKey();

	/** Tag {@code gen_ai.provider.name}. */
	public static final String PROVIDER_NAME_TAG = GenAiAttributes.PROVIDER_NAME.getKey();

	/** Tag {@code gen_ai.request.model}. */
	public static final String REQUEST_MODEL_TAG = GenAiAttributes.REQUEST_MODEL.getKey();

	/** Tag {@code gen_ai.response.model}. */
	public static final String RESPONSE_MODEL_TAG = GenAiAttributes.RESPONSE_MODEL.getKey();

	/** Tag {@code error.type}, on the duration histogram only. */
	public static final String ERROR_TYPE_TAG = GenAiAttributes.ERROR_TYPE.getKey();

	/** Tag {@code gen_ai.token.type} of the token usage histogram. */
	public static final String TOKEN_TYPE_TAG = "gen_ai.token.type";

	/** {@code gen_ai.token.type} of input (prompt) tokens. */
	public static final String TOKEN_TYPE_INPUT = "input";

	/** {@code gen_ai.token.type} of output (completion) tokens. */
	public static final String TOKEN_TYPE_OUTPUT = "output";

	/** Tag of the cost counter: the currency of {@code agent.tracing.pricing}. */
	public static final String CURRENCY_TAG = "currency";

	/**
	 * The value a tag takes once it has too many distinct values or one too long (the
	 * conventions' {@code _OTHER}).
	 */
	public static final String OTHER_VALUE = GenAiAttributes.ERROR_TYPE_OTHER;

	/** Boundaries of the duration and time-to-first-chunk histograms (seconds). */
	public static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
			5.12, 10.24, 20.48, 40.96, 81.92);

	/** Boundaries of the token usage histogram. */
	public static final List<Double> TOKEN_BUCKETS = List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0,
			65536.0, 262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);

	private GenAiMetrics() {
	}

}

package dev.agenttracing.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.FinishedOperation;
import dev.agenttracing.OperationMetrics;

/**
 * Records the GenAI client metrics of the semantic conventions v1.41.0 with Micrometer, with the
 * conventions' explicit bucket boundaries:
 * <ul>
 * <li>{@value #OPERATION_DURATION} (s) for every operation, agent runs and tools included;</li>
 * <li>{@value #TOKEN_USAGE} ({token}) by {@code gen_ai.token.type} {@code input}/{@code output}
 * only, so summing never double counts;</li>
 * <li>{@value #TIME_TO_FIRST_CHUNK} (s) for streamed calls;</li>
 * <li>{@value #COST} (a counter in the pricing currency) by model, when prices are configured.</li>
 * </ul>
 * Every meter of a name has the same tag keys (Prometheus requires it): a tag the operation does
 * not know is the empty string, which Prometheus treats as absent. Tag values are bounded: past
 * {@value #MAX_VALUES_PER_TAG} distinct values per tag, or beyond {@value #MAX_VALUE_LENGTH}
 * characters, a value becomes {@value #OTHER}, so a model name taken from user input cannot
 * explode cardinality. {@code error.type} is the exception's class name, never its message.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class MicrometerOperationMetrics implements OperationMetrics {

	/** Duration of GenAI operations. */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** Tokens used by LLM calls. */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** Time to the first chunk of streamed LLM calls. */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	/** Cost of LLM calls, in the configured currency. */
	public static final String COST = "agent_tracing.client.cost";

	/** Boundaries of the duration and time-to-first-chunk histograms (seconds). */
	public static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
			2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

	/** Boundaries of the token usage histogram. */
	public static final List<Double> TOKEN_BUCKETS = List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0,
			65536.0, 262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);

	static final int MAX_VALUES_PER_TAG = 100;

	static final int MAX_VALUE_LENGTH = 128;

	static final String OTHER = "_OTHER";

	private static final double[] DURATION_SLOS = DURATION_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray();

	private static final double[] TOKEN_SLOS = TOKEN_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray();

	private final MeterRegistry registry;

	private final Map<String, Set<String>> seenValues = new ConcurrentHashMap<>();

	private final Map<Tags, DistributionSummary> durations = new ConcurrentHashMap<>();

	private final Map<Tags, DistributionSummary> tokens = new ConcurrentHashMap<>();

	private final Map<Tags, DistributionSummary> firstChunks = new ConcurrentHashMap<>();

	private final Map<Tags, Counter> costs = new ConcurrentHashMap<>();

	/**
	 * Create metrics on the given registry.
	 * @param registry the registry
	 */
	public MicrometerOperationMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void record(FinishedOperation operation) {
		Tags common = Tags.of("gen_ai.operation.name", bounded("gen_ai.operation.name", operation.operationName()),
				"gen_ai.provider.name", bounded("gen_ai.provider.name", operation.provider()), "gen_ai.request.model",
				bounded("gen_ai.request.model", operation.requestModel()), "gen_ai.response.model",
				bounded("gen_ai.response.model", operation.responseModel()));
		Tags durationTags = common.and("error.type", bounded("error.type", operation.errorType()));
		this.durations
			.computeIfAbsent(durationTags,
					(tags) -> seconds(OPERATION_DURATION, "Duration of GenAI operations", tags))
			.record(operation.durationSeconds());
		recordTokens(common, "input", operation.inputTokens());
		recordTokens(common, "output", operation.outputTokens());
		if (operation.timeToFirstChunkSeconds() != null) {
			this.firstChunks
				.computeIfAbsent(common,
						(tags) -> seconds(TIME_TO_FIRST_CHUNK, "Time to the first chunk of a streamed response", tags))
				.record(operation.timeToFirstChunkSeconds());
		}
		if (operation.cost() != null) {
			String model = (operation.responseModel() != null) ? operation.responseModel() : operation.requestModel();
			Tags costTags = Tags.of("gen_ai.request.model", bounded("gen_ai.request.model", model), "currency",
					bounded("currency", operation.currency()));
			this.costs
				.computeIfAbsent(costTags,
						(tags) -> Counter.builder(COST)
							.description("Cost of LLM calls, from agent.tracing.pricing")
							.baseUnit(operation.currency())
							.tags(tags)
							.register(this.registry))
				.increment(operation.cost());
		}
	}

	private void recordTokens(Tags common, String type, @Nullable Long count) {
		if (count == null) {
			return;
		}
		this.tokens.computeIfAbsent(common.and("gen_ai.token.type", type),
				(tags) -> DistributionSummary.builder(TOKEN_USAGE)
					.description("Number of input and output tokens used")
					.baseUnit("{token}")
					.serviceLevelObjectives(TOKEN_SLOS)
					.tags(tags)
					.register(this.registry))
			.record(count);
	}

	private DistributionSummary seconds(String name, String description, Tags tags) {
		return DistributionSummary.builder(name)
			.description(description)
			.baseUnit("s")
			.serviceLevelObjectives(DURATION_SLOS)
			.tags(tags)
			.register(this.registry);
	}

	private String bounded(String key, @Nullable String value) {
		if (value == null) {
			return "";
		}
		if (value.length() > MAX_VALUE_LENGTH) {
			return OTHER;
		}
		Set<String> seen = this.seenValues.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet());
		if (seen.contains(value)) {
			return value;
		}
		if (seen.size() >= MAX_VALUES_PER_TAG) {
			return OTHER;
		}
		seen.add(value);
		return value;
	}

}

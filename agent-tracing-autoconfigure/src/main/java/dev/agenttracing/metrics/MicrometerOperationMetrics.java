package dev.agenttracing.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiMetrics;

/**
 * Records the GenAI client metrics of the semantic conventions v1.41.0 with Micrometer,
 * with the conventions' explicit bucket boundaries:
 * <ul>
 * <li>{@value #OPERATION_DURATION} for every operation, agent runs and tools
 * included;</li>
 * <li>{@value #TOKEN_USAGE} ({token}) by {@code gen_ai.token.type}
 * {@code input}/{@code output} only, so summing never double counts;</li>
 * <li>{@value #TIME_TO_FIRST_CHUNK} for streamed calls;</li>
 * <li>{@value #COST} (a counter, unit {@code {<currency>}}, tag {@code currency}) by
 * model, when prices are configured.</li>
 * </ul>
 * The two durations are {@link Timer Timers} recorded in nanoseconds, with the boundaries
 * as service level objectives: a {@code DistributionSummary} rounds every value up to a
 * whole number before it picks a bucket, which would put every sub-second duration into
 * the first bucket at or above 1. A timer picks the bucket from the exact nanoseconds,
 * and each registry exposes it in its own base time unit (Prometheus: {@code _seconds},
 * boundaries {@code le="0.01"}...). Token counts are whole numbers, so a distribution
 * summary is exact for them. Every meter of a name has the same tag keys (Prometheus
 * requires it): a tag the operation does not know is the empty string, which Prometheus
 * treats as absent. Tag values are bounded: past {@value #MAX_VALUES_PER_TAG} distinct
 * values per tag, or beyond {@value #MAX_VALUE_LENGTH} characters, a value becomes
 * {@value #OTHER}, so a model name taken from user input cannot explode cardinality.
 * {@code error.type} is the exception's class name, never its message.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class MicrometerOperationMetrics implements OperationMetrics {

	/** Duration of GenAI operations. */
	public static final String OPERATION_DURATION = GenAiMetrics.OPERATION_DURATION;

	/** Tokens used by LLM calls. */
	public static final String TOKEN_USAGE = GenAiMetrics.TOKEN_USAGE;

	/** Time to the first chunk of streamed LLM calls. */
	public static final String TIME_TO_FIRST_CHUNK = GenAiMetrics.TIME_TO_FIRST_CHUNK;

	/** Cost of LLM calls, in the configured currency. */
	public static final String COST = GenAiMetrics.COST;

	/** Boundaries of the duration and time-to-first-chunk histograms (seconds). */
	public static final List<Double> DURATION_BUCKETS = GenAiMetrics.DURATION_BUCKETS;

	/** Boundaries of the token usage histogram. */
	public static final List<Double> TOKEN_BUCKETS = GenAiMetrics.TOKEN_BUCKETS;

	static final int MAX_VALUES_PER_TAG = 100;

	static final int MAX_VALUE_LENGTH = 128;

	static final String OTHER = GenAiMetrics.OTHER_VALUE;

	// Bounds the raw-value cache; beyond it, lookups take the Tags path (still bounded).
	static final int MAX_CACHED_COMBINATIONS = 1024;

	private static final Duration[] DURATION_SLOS = DURATION_BUCKETS.stream()
		.map((seconds) -> Duration.ofNanos(Math.round(seconds * 1e9)))
		.toArray(Duration[]::new);

	private static final double[] TOKEN_SLOS = TOKEN_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray();

	private final MeterRegistry registry;

	private final Map<String, Set<String>> seenValues = new ConcurrentHashMap<>();

	private final Map<Tags, Timer> durations = new ConcurrentHashMap<>();

	// Raw values to meters; a value's bounding never changes once seen, so this is exact.
	private final Map<MeterKey, OperationMeters> metersByValues = new ConcurrentHashMap<>();

	private final Map<Tags, DistributionSummary> tokens = new ConcurrentHashMap<>();

	private final Map<Tags, Timer> firstChunks = new ConcurrentHashMap<>();

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
		// Per call, the meters are found by the operation's raw values: building and
		// bounding Tags costs several hundred nanoseconds, so it is done once per
		// combination, for the duration and token histograms and the cost counter alike.
		MeterKey key = new MeterKey(operation.operationName(), operation.provider(), operation.requestModel(),
				operation.responseModel(), operation.errorType());
		OperationMeters meters = this.metersByValues.get(key);
		if (meters == null) {
			meters = new OperationMeters(commonTags(operation), operation.errorType());
			if (this.metersByValues.size() < MAX_CACHED_COMBINATIONS) {
				OperationMeters cached = this.metersByValues.putIfAbsent(key, meters);
				meters = (cached != null) ? cached : meters;
			}
		}
		meters.duration().record(nanos(operation.durationSeconds()), TimeUnit.NANOSECONDS);
		Long inputTokens = operation.inputTokens();
		if (inputTokens != null) {
			meters.inputTokens().record(inputTokens);
		}
		Long outputTokens = operation.outputTokens();
		if (outputTokens != null) {
			meters.outputTokens().record(outputTokens);
		}
		Double timeToFirstChunk = operation.timeToFirstChunkSeconds();
		if (timeToFirstChunk != null) {
			meters.firstChunk().record(nanos(timeToFirstChunk), TimeUnit.NANOSECONDS);
		}
		Double cost = operation.cost();
		if (cost != null) {
			meters.cost(operation).increment(cost);
		}
	}

	private Counter costCounter(FinishedOperation operation) {
		String model = (operation.responseModel() != null) ? operation.responseModel() : operation.requestModel();
		Tags costTags = Tags.of(GenAiMetrics.REQUEST_MODEL_TAG, bounded(GenAiMetrics.REQUEST_MODEL_TAG, model),
				GenAiMetrics.CURRENCY_TAG, bounded(GenAiMetrics.CURRENCY_TAG, operation.currency()));
		return this.costs.computeIfAbsent(costTags,
				(tags) -> Counter.builder(COST)
					.description("Cost of LLM calls, from agent.tracing.pricing")
					.baseUnit("{" + operation.currency() + "}")
					.tags(tags)
					.register(this.registry));
	}

	private Tags commonTags(FinishedOperation operation) {
		return Tags.of(GenAiMetrics.OPERATION_NAME_TAG,
				bounded(GenAiMetrics.OPERATION_NAME_TAG, operation.operationName()), GenAiMetrics.PROVIDER_NAME_TAG,
				bounded(GenAiMetrics.PROVIDER_NAME_TAG, operation.provider()), GenAiMetrics.REQUEST_MODEL_TAG,
				bounded(GenAiMetrics.REQUEST_MODEL_TAG, operation.requestModel()), GenAiMetrics.RESPONSE_MODEL_TAG,
				bounded(GenAiMetrics.RESPONSE_MODEL_TAG, operation.responseModel()));
	}

	private DistributionSummary tokenUsage(Tags common, String type) {
		return this.tokens.computeIfAbsent(common.and(GenAiMetrics.TOKEN_TYPE_TAG, type),
				(tags) -> DistributionSummary.builder(TOKEN_USAGE)
					.description("Number of input and output tokens used")
					.baseUnit("{token}")
					.serviceLevelObjectives(TOKEN_SLOS)
					.tags(tags)
					.register(this.registry));
	}

	private Timer seconds(String name, String description, Tags tags) {
		return Timer.builder(name)
			.description(description)
			.serviceLevelObjectives(DURATION_SLOS)
			.tags(tags)
			.register(this.registry);
	}

	private static long nanos(double seconds) {
		return Math.round(seconds * 1e9);
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

	/**
	 * The meters of one combination of an operation's values: its duration histogram,
	 * found when the combination is first seen, and the token and first-chunk histograms
	 * and the cost counter (which have no {@code error.type}), found the first time an
	 * operation of the combination reports them. Each is registered once in the registry;
	 * this only saves finding it again.
	 */
	private final class OperationMeters {

		private final Tags common;

		private final Timer duration;

		private volatile @Nullable DistributionSummary inputTokens;

		private volatile @Nullable DistributionSummary outputTokens;

		private volatile @Nullable Timer firstChunk;

		// The counter and the currency it counts in: the model is the combination's, the
		// currency the pricing's, which is one per tracer; another currency finds its
		// own.
		private volatile @Nullable CostCounter cost;

		OperationMeters(Tags common, @Nullable String errorType) {
			this.common = common;
			Tags durationTags = common.and(GenAiMetrics.ERROR_TYPE_TAG,
					bounded(GenAiMetrics.ERROR_TYPE_TAG, errorType));
			this.duration = MicrometerOperationMetrics.this.durations.computeIfAbsent(durationTags,
					(tags) -> seconds(OPERATION_DURATION, "Duration of GenAI operations", tags));
		}

		Timer duration() {
			return this.duration;
		}

		DistributionSummary inputTokens() {
			DistributionSummary summary = this.inputTokens;
			if (summary == null) {
				summary = tokenUsage(this.common, GenAiMetrics.TOKEN_TYPE_INPUT);
				this.inputTokens = summary;
			}
			return summary;
		}

		DistributionSummary outputTokens() {
			DistributionSummary summary = this.outputTokens;
			if (summary == null) {
				summary = tokenUsage(this.common, GenAiMetrics.TOKEN_TYPE_OUTPUT);
				this.outputTokens = summary;
			}
			return summary;
		}

		Timer firstChunk() {
			Timer timer = this.firstChunk;
			if (timer == null) {
				timer = MicrometerOperationMetrics.this.firstChunks.computeIfAbsent(this.common,
						(tags) -> seconds(TIME_TO_FIRST_CHUNK, "Time to the first chunk of a streamed response", tags));
				this.firstChunk = timer;
			}
			return timer;
		}

		Counter cost(FinishedOperation operation) {
			CostCounter cost = this.cost;
			if (cost == null || !cost.currency().equals(operation.currency())) {
				cost = new CostCounter(operation.currency(), MicrometerOperationMetrics.this.costCounter(operation));
				this.cost = cost;
			}
			return cost.counter();
		}

	}

	private record CostCounter(String currency, Counter counter) {
	}

}

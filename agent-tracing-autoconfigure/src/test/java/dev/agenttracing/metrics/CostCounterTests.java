package dev.agenttracing.metrics;

import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The cost counter is found once per combination of an operation's values and kept with
 * its other meters: what it counts must not change for it, whatever combinations,
 * currencies and errors follow one another.
 */
class CostCounterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerOperationMetrics metrics = new MicrometerOperationMetrics(this.registry);

	@Test
	void callsOfOneModelAddUpInOneCounterWhateverTheirError() {
		this.metrics.record(call("gpt-4o", "gpt-4o-2024-08-06", null, 0.25, "USD"));
		this.metrics.record(call("gpt-4o", "gpt-4o-2024-08-06", null, 0.5, "USD"));
		this.metrics.record(call("gpt-4o", "gpt-4o-2024-08-06", "java.io.IOException", 0.125, "USD"));
		this.metrics.record(call("gpt-4o", "gpt-4o-2024-08-06", null, null, "USD"));
		assertThat(costs()).containsOnly(entry("gpt-4o-2024-08-06 USD", 0.875));
	}

	@Test
	void theModelThatAnsweredNamesTheCounterAndTheRequestedOneWhenNoneAnswered() {
		this.metrics.record(call("gpt-4o", "gpt-4o-2024-08-06", null, 0.25, "USD"));
		this.metrics.record(call("gpt-4o", null, null, 0.5, "USD"));
		this.metrics.record(call("gpt-4o", "gpt-4o-mini", null, 1.0, "USD"));
		assertThat(costs()).containsOnly(entry("gpt-4o-2024-08-06 USD", 0.25), entry("gpt-4o USD", 0.5),
				entry("gpt-4o-mini USD", 1.0));
	}

	@Test
	void anotherCurrencyForTheSameCombinationGetsACounterOfItsOwn() {
		this.metrics.record(call("gpt-4o", "gpt-4o", null, 0.25, "USD"));
		this.metrics.record(call("gpt-4o", "gpt-4o", null, 2.0, "EUR"));
		this.metrics.record(call("gpt-4o", "gpt-4o", null, 0.5, "USD"));
		this.metrics.record(call("gpt-4o", "gpt-4o", null, 4.0, "EUR"));
		assertThat(costs()).containsOnly(entry("gpt-4o USD", 0.75), entry("gpt-4o EUR", 6.0));
		assertThat(this.registry.get(MicrometerOperationMetrics.COST)
			.tag("currency", "EUR")
			.counter()
			.getId()
			.getBaseUnit()).isEqualTo("{EUR}");
	}

	@Test
	void costModelsStayBoundedLikeTheOtherTags() {
		for (int i = 0; i < 150; i++) {
			this.metrics.record(call("model-" + i, null, null, 1.0, "USD"));
		}
		Map<String, Double> costs = costs();
		assertThat(costs).hasSize(101)
			.containsEntry("model-0 USD", 1.0)
			.containsEntry("model-99 USD", 1.0)
			.containsEntry("_OTHER USD", 50.0);
	}

	private Map<String, Double> costs() {
		return this.registry.get(MicrometerOperationMetrics.COST)
			.counters()
			.stream()
			.collect(Collectors.toMap((counter) -> counter.getId().getTag("gen_ai.request.model") + " "
					+ counter.getId().getTag("currency"), Counter::count));
	}

	private static FinishedOperation call(String requestModel, @Nullable String responseModel,
			@Nullable String errorType, @Nullable Double cost, String currency) {
		return new FinishedOperation("chat", "openai", requestModel, responseModel, errorType, 0.1, 10L, 20L, null,
				cost, currency);
	}

}

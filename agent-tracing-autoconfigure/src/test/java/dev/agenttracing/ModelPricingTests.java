package dev.agenttracing;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agenttracing.ModelPricing.Price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ModelPricing} on its own: which model's price applies, what a call costs with
 * and without cache reads, and the currency.
 */
class ModelPricingTests {

	private static final Price GPT_4O = price("2.50", "10.00", "1.25");

	private static final Price GPT_4O_MINI = price("0.15", "0.60", null);

	private final ModelPricing pricing = new ModelPricing("USD", Map.of("gpt-4o", GPT_4O, "gpt-4o-mini", GPT_4O_MINI));

	@Test
	void responseModelIsPricedBeforeTheRequestedOne() {
		// Asked for an alias, answered by a dated model with a price of its own.
		assertThat(this.pricing.priceOf("gpt-4o-mini", "gpt-4o")).isSameAs(GPT_4O_MINI);
		assertThat(this.pricing.priceOf("gpt-4o", "gpt-4o-mini")).isSameAs(GPT_4O);
	}

	@Test
	void requestedModelIsPricedWhenTheResponseModelHasNoPrice() {
		assertThat(this.pricing.priceOf("gpt-4o-2024-08-06", "gpt-4o")).isSameAs(GPT_4O);
		assertThat(this.pricing.priceOf(null, "gpt-4o-mini")).isSameAs(GPT_4O_MINI);
	}

	@Test
	void modelsWithoutAPriceHaveNone() {
		assertThat(this.pricing.priceOf("claude-sonnet-4", "claude-sonnet-4")).isNull();
		assertThat(this.pricing.priceOf("gpt-4o-2024-08-06", null)).isNull();
		assertThat(this.pricing.priceOf(null, null)).isNull();
		assertThat(ModelPricing.NONE.priceOf("gpt-4o", "gpt-4o")).isNull();
	}

	@Test
	void inputAndOutputAreChargedPerMillionTokens() {
		assertThat(GPT_4O.cost(1_000_000L, 500_000L, null)).isCloseTo(2.50 + 5.00, within(1e-12));
		assertThat(GPT_4O_MINI.cost(1_200L, 300L, null)).isCloseTo(0.000180 + 0.000180, within(1e-12));
	}

	@Test
	void cacheReadTokensAreChargedAtTheCacheReadPrice() {
		// 1 000 input tokens of which 400 came from the cache: 600 at 2.50, 400 at 1.25.
		assertThat(GPT_4O.cost(1_000L, 0L, 400L)).isCloseTo(0.0015 + 0.0005, within(1e-12));
	}

	@Test
	void cacheReadTokensCostTheInputPriceWhenTheModelHasNoCacheReadPrice() {
		assertThat(GPT_4O_MINI.cost(1_000L, 0L, 400L)).isCloseTo(GPT_4O_MINI.cost(1_000L, 0L, null), within(1e-15));
		assertThat(GPT_4O_MINI.cost(1_000L, 0L, 400L)).isCloseTo(0.00015, within(1e-12));
	}

	@Test
	void unknownCountsCostNothing() {
		assertThat(GPT_4O.cost(null, null, null)).isZero();
		assertThat(GPT_4O.cost(null, 1_000L, null)).isCloseTo(0.01, within(1e-12));
		assertThat(GPT_4O.cost(1_000L, null, null)).isCloseTo(0.0025, within(1e-12));
		assertThat(GPT_4O.cost(0L, 0L, 0L)).isZero();
	}

	@Test
	void moreCacheReadTokensThanInputTokensNeverGiveANegativeUncachedPart() {
		// A provider that reports cached tokens outside the input count: only the cached
		// part costs.
		assertThat(GPT_4O.cost(100L, 0L, 200L)).isCloseTo(200 * 1.25 / 1_000_000, within(1e-15));
	}

	@Test
	void currencyIsTheOneConfigured() {
		assertThat(new ModelPricing("EUR", Map.of("gpt-4o", GPT_4O)).currency()).isEqualTo("EUR");
		assertThat(ModelPricing.NONE.currency()).isEqualTo("USD");
	}

	@Test
	void blankCurrencyIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ModelPricing(" ", Map.of()))
			.withMessageContaining("currency");
	}

	@Test
	void pricesAreCopiedSoLaterChangesToTheMapDoNotApply() {
		Map<String, Price> prices = new HashMap<>(Map.of("gpt-4o", GPT_4O));
		ModelPricing copied = new ModelPricing("USD", prices);
		prices.put("gpt-4o-mini", GPT_4O_MINI);
		prices.remove("gpt-4o");
		assertThat(copied.priceOf("gpt-4o", null)).isSameAs(GPT_4O);
		assertThat(copied.priceOf("gpt-4o-mini", null)).isNull();
		assertThat(copied.isEmpty()).isFalse();
		assertThat(ModelPricing.NONE.isEmpty()).isTrue();
	}

	private static Price price(String input, String output, String cacheRead) {
		return new Price(new BigDecimal(input), new BigDecimal(output),
				(cacheRead != null) ? new BigDecimal(cacheRead) : null);
	}

}

package dev.agenttracing;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Prices per million tokens, by model, in one currency; turns an LLM call's token usage
 * into its cost. A model without a price has no cost (and no error).
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class ModelPricing {

	/** No prices: no call has a cost. */
	public static final ModelPricing NONE = new ModelPricing("USD", Map.of());

	private static final double MILLION = 1_000_000.0;

	private final String currency;

	private final Map<String, Price> prices;

	/**
	 * Create pricing.
	 * @param currency the currency of every price, e.g. {@code USD}
	 * @param prices prices by model name
	 */
	public ModelPricing(String currency, Map<String, Price> prices) {
		Assert.hasText(currency, "'currency' must not be empty");
		this.currency = currency;
		this.prices = Map.copyOf(prices);
	}

	/**
	 * @return the currency of every cost
	 */
	public String currency() {
		return this.currency;
	}

	/**
	 * @return whether any model has a price
	 */
	public boolean isEmpty() {
		return this.prices.isEmpty();
	}

	/**
	 * The price of the model that answered, or else of the model requested.
	 * @param responseModel the response model, if known
	 * @param requestModel the request model, if known
	 * @return the price, or {@code null} when neither model has one
	 */
	public @Nullable Price priceOf(@Nullable String responseModel, @Nullable String requestModel) {
		Price price = (responseModel != null) ? this.prices.get(responseModel) : null;
		return (price != null || requestModel == null) ? price : this.prices.get(requestModel);
	}

	/**
	 * Prices of one model, per million tokens. Cache-read input tokens cost
	 * {@code cacheReadPerMillion} when given, the input price otherwise.
	 *
	 * @param inputPerMillion price of a million input tokens
	 * @param outputPerMillion price of a million output tokens
	 * @param cacheReadPerMillion price of a million cache-read input tokens, or
	 * {@code null}
	 */
	public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion,
			@Nullable BigDecimal cacheReadPerMillion) {

		/**
		 * Cost of the given usage; unknown counts cost nothing.
		 * @param input input tokens, cached ones included
		 * @param output output tokens
		 * @param cacheRead cache-read input tokens
		 * @return the cost
		 */
		public double cost(@Nullable Long input, @Nullable Long output, @Nullable Long cacheRead) {
			long cached = (cacheRead != null) ? cacheRead : 0;
			long uncached = Math.max(0, ((input != null) ? input : 0) - cached);
			BigDecimal cachePrice = (this.cacheReadPerMillion != null) ? this.cacheReadPerMillion
					: this.inputPerMillion;
			double cost = uncached * this.inputPerMillion.doubleValue() + cached * cachePrice.doubleValue()
					+ ((output != null) ? output : 0) * this.outputPerMillion.doubleValue();
			return cost / MILLION;
		}

	}

}

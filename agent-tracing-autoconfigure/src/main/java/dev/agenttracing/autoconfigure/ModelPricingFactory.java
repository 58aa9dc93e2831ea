package dev.agenttracing.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.ModelPricing;

/**
 * Builds {@link ModelPricing} from {@code agent.tracing.pricing}, failing startup with
 * the property's name when a model lacks a price or has a negative one.
 *
 * @author agent-tracing
 */
final class ModelPricingFactory {

	private static final String PREFIX = AgentTracingProperties.PREFIX + ".pricing";

	private ModelPricingFactory() {
	}

	static ModelPricing create(AgentTracingProperties.Pricing pricing) {
		Map<String, ModelPricing.Price> prices = new LinkedHashMap<>();
		pricing.getModels().forEach((model, price) -> {
			String property = PREFIX + ".models[" + model + "]";
			BigDecimal input = price.getInputPerMillion();
			BigDecimal output = price.getOutputPerMillion();
			if (input == null || output == null) {
				throw new InvalidAgentTracingPropertyException(property, null,
						"both input-per-million and output-per-million must be set",
						"set both prices (use 0 for free tokens).");
			}
			requireNonNegative(property + ".input-per-million", input);
			requireNonNegative(property + ".output-per-million", output);
			requireNonNegative(property + ".cache-read-per-million", price.getCacheReadPerMillion());
			prices.put(model, new ModelPricing.Price(input, output, price.getCacheReadPerMillion()));
		});
		return PropertyFailures.apply(PREFIX + ".currency", pricing.getCurrency(), "set a currency code such as 'USD'.",
				() -> new ModelPricing(pricing.getCurrency(), prices));
	}

	private static void requireNonNegative(String property, @Nullable BigDecimal price) {
		if (price != null && price.signum() < 0) {
			throw new InvalidAgentTracingPropertyException(property, price, "a price must not be negative",
					"set a price of 0 or more (0 for free tokens).");
		}
	}

}

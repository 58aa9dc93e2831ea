package dev.agenttracing.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

import dev.agenttracing.ModelPricing;

/**
 * Builds {@link ModelPricing} from {@code agent.tracing.pricing}, failing startup (through
 * Boot's own failure analysis, which names the property) when a model lacks a price.
 *
 * @author agent-tracing
 */
final class ModelPricingFactory {

	private ModelPricingFactory() {
	}

	static ModelPricing create(AgentTracingProperties.Pricing pricing) {
		if (!StringUtils.hasText(pricing.getCurrency())) {
			throw new InvalidConfigurationPropertyValueException(AgentTracingProperties.PREFIX + ".pricing.currency",
					pricing.getCurrency(), "A currency code such as 'USD' is required");
		}
		Map<String, ModelPricing.Price> prices = new LinkedHashMap<>();
		pricing.getModels().forEach((model, price) -> {
			String property = AgentTracingProperties.PREFIX + ".pricing.models[" + model + "]";
			if (price.getInputPerMillion() == null || price.getOutputPerMillion() == null) {
				throw new InvalidConfigurationPropertyValueException(property, null,
						"Both input-per-million and output-per-million must be set (use 0 for free tokens)");
			}
			prices.put(model, new ModelPricing.Price(price.getInputPerMillion(), price.getOutputPerMillion(),
					price.getCacheReadPerMillion()));
		});
		return new ModelPricing(pricing.getCurrency(), prices);
	}

}

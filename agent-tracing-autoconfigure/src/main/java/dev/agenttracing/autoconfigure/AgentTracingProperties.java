package dev.agenttracing.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * Configuration properties for agent-tracing.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@ConfigurationProperties(AgentTracingProperties.PREFIX)
public class AgentTracingProperties {

	/** Prefix of every agent-tracing property. */
	public static final String PREFIX = "agent.tracing";

	/** Default order of the tracing aspects: early, so tracing wraps retries and transactions. */
	public static final int DEFAULT_ASPECT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/**
	 * Whether to trace agent runs, tools and LLM calls. When false, none of agent-tracing's
	 * beans are created.
	 */
	private boolean enabled = true;

	/**
	 * Provider name (gen_ai.provider.name), such as 'openai' or 'anthropic', for agent runs
	 * whose annotation or spec names none.
	 */
	private @Nullable String defaultProvider;

	/**
	 * Requested model (gen_ai.request.model), such as 'gpt-4o', for LLM calls whose annotation or
	 * spec names none.
	 */
	private @Nullable String defaultModel;

	/**
	 * Order of the tracing aspects relative to other advice on the same method. The default
	 * puts tracing outermost, so a retry or transaction advice runs inside the traced span.
	 */
	private int aspectOrder = DEFAULT_ASPECT_ORDER;

	private final Export export = new Export();

	private final Pricing pricing = new Pricing();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getDefaultProvider() {
		return this.defaultProvider;
	}

	public void setDefaultProvider(@Nullable String defaultProvider) {
		this.defaultProvider = defaultProvider;
	}

	public @Nullable String getDefaultModel() {
		return this.defaultModel;
	}

	public void setDefaultModel(@Nullable String defaultModel) {
		this.defaultModel = defaultModel;
	}

	public Pricing getPricing() {
		return this.pricing;
	}

	public int getAspectOrder() {
		return this.aspectOrder;
	}

	public void setAspectOrder(int aspectOrder) {
		this.aspectOrder = aspectOrder;
	}

	public Export getExport() {
		return this.export;
	}

	/**
	 * Where finished spans go, beside Boot's OTLP exporter.
	 */
	public static class Export {

		private final Log log = new Log();

		public Log getLog() {
			return this.log;
		}

		/**
		 * Console view of finished agent runs.
		 */
		public static class Log {

			/**
			 * Whether to log each finished top-level agent run once, as an indented span tree,
			 * on the 'dev.agenttracing.runs' logger at INFO.
			 */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * Prices that turn token usage into cost.
	 */
	public static class Pricing {

		/**
		 * Currency of every price, such as 'USD' or 'EUR'.
		 */
		private String currency = "USD";

		/**
		 * Prices per million tokens by model name (the response model is looked up first, then
		 * the requested one). Put names with dots in brackets: '[gpt-4.1]'.
		 */
		private final Map<String, ModelPrice> models = new LinkedHashMap<>();

		public String getCurrency() {
			return this.currency;
		}

		public void setCurrency(String currency) {
			this.currency = currency;
		}

		public Map<String, ModelPrice> getModels() {
			return this.models;
		}

		/**
		 * Prices of one model, per million tokens.
		 */
		public static class ModelPrice {

			/**
			 * Price of a million input tokens.
			 */
			private @Nullable BigDecimal inputPerMillion;

			/**
			 * Price of a million output tokens.
			 */
			private @Nullable BigDecimal outputPerMillion;

			/**
			 * Price of a million input tokens read from the provider's cache; the input price
			 * when not set.
			 */
			private @Nullable BigDecimal cacheReadPerMillion;

			public @Nullable BigDecimal getInputPerMillion() {
				return this.inputPerMillion;
			}

			public void setInputPerMillion(@Nullable BigDecimal inputPerMillion) {
				this.inputPerMillion = nonNegative(inputPerMillion, "input-per-million");
			}

			public @Nullable BigDecimal getOutputPerMillion() {
				return this.outputPerMillion;
			}

			public void setOutputPerMillion(@Nullable BigDecimal outputPerMillion) {
				this.outputPerMillion = nonNegative(outputPerMillion, "output-per-million");
			}

			public @Nullable BigDecimal getCacheReadPerMillion() {
				return this.cacheReadPerMillion;
			}

			public void setCacheReadPerMillion(@Nullable BigDecimal cacheReadPerMillion) {
				this.cacheReadPerMillion = nonNegative(cacheReadPerMillion, "cache-read-per-million");
			}

			private static @Nullable BigDecimal nonNegative(@Nullable BigDecimal price, String name) {
				if (price != null && price.signum() < 0) {
					throw new IllegalArgumentException(name + " must not be negative (use 0 for free tokens)");
				}
				return price;
			}

		}

	}

}

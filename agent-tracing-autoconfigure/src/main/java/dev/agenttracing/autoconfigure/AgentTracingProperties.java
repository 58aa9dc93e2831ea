package dev.agenttracing.autoconfigure;

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
	 * Order of the tracing aspects relative to other advice on the same method. The default
	 * puts tracing outermost, so a retry or transaction advice runs inside the traced span.
	 */
	private int aspectOrder = Ordered.HIGHEST_PRECEDENCE + 100;

	private final Export export = new Export();

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

}

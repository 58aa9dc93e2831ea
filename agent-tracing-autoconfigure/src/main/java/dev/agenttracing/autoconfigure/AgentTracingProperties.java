package dev.agenttracing.autoconfigure;

import java.io.File;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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
	private int aspectOrder = org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100;

	private final Export export = new Export();

	private final Shutdown shutdown = new Shutdown();

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

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	/**
	 * What happens to buffered spans when the application shuts down.
	 */
	public static class Shutdown {

		/**
		 * How long a graceful shutdown waits for agent runs still in flight and then for every
		 * buffered span to be exported, before the OpenTelemetry SDK shuts down. Also the
		 * timeout of the actuator flush operation.
		 */
		private Duration flushTimeout = Duration.ofSeconds(10);

		public Duration getFlushTimeout() {
			return this.flushTimeout;
		}

		public void setFlushTimeout(Duration flushTimeout) {
			this.flushTimeout = flushTimeout;
		}

	}

	/**
	 * Where finished spans go, beside Boot's OTLP exporter.
	 */
	public static class Export {

		private final Log log = new Log();

		private final Jsonl jsonl = new Jsonl();

		private final Health health = new Health();

		public Log getLog() {
			return this.log;
		}

		public Jsonl getJsonl() {
			return this.jsonl;
		}

		public Health getHealth() {
			return this.health;
		}

		/**
		 * Trace files: one OTLP/JSON lines file per trace, for local work.
		 */
		public static class Jsonl {

			/**
			 * Whether to write every trace to its own file,
			 * '<directory>/<yyyy-MM-dd>/<traceId>.jsonl', one OTLP/JSON export request per line.
			 */
			private boolean enabled;

			/**
			 * Root directory of the trace files. Created at startup, accessible by its owner
			 * only.
			 */
			private File directory = new File("./agent-traces");

			/**
			 * How long trace files are kept after their last write.
			 */
			private Duration maxAge = Duration.ofDays(7);

			/**
			 * How much disk all trace files may use together; the oldest files are deleted
			 * first.
			 */
			private DataSize maxTotalSize = DataSize.ofMegabytes(512);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public File getDirectory() {
				return this.directory;
			}

			public void setDirectory(File directory) {
				this.directory = directory;
			}

			public Duration getMaxAge() {
				return this.maxAge;
			}

			public void setMaxAge(Duration maxAge) {
				this.maxAge = maxAge;
			}

			public DataSize getMaxTotalSize() {
				return this.maxTotalSize;
			}

			public void setMaxTotalSize(DataSize maxTotalSize) {
				this.maxTotalSize = maxTotalSize;
			}

		}

		/**
		 * The health contributor of span export.
		 */
		public static class Health {

			/**
			 * Whether a failing exporter reports the 'agentTracing' health contributor DOWN, and
			 * with it the application's overall health. Off by default: tracing trouble should
			 * not restart pods.
			 */
			private boolean downOnFailure;

			public boolean isDownOnFailure() {
				return this.downOnFailure;
			}

			public void setDownOnFailure(boolean downOnFailure) {
				this.downOnFailure = downOnFailure;
			}

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

package dev.agenttracing.autoconfigure;

import java.io.File;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

import dev.agenttracing.AgentTracerBuilder;
import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.jsonl.JsonlSpanExporter;
import dev.agenttracing.redact.Detector;
import dev.agenttracing.redact.RedactionMode;
import dev.agenttracing.redact.Redactor;

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
	 * Default order of the tracing aspects: early, so tracing wraps retries and
	 * transactions.
	 */
	public static final int DEFAULT_ASPECT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/**
	 * Whether to trace agent runs, tools and LLM calls. When false, none of
	 * agent-tracing's beans are created.
	 */
	private boolean enabled = true;

	/**
	 * Provider name (gen_ai.provider.name), such as 'openai' or 'anthropic', for agent
	 * runs whose annotation or spec names none.
	 */
	private @Nullable String defaultProvider;

	/**
	 * Requested model (gen_ai.request.model), such as 'gpt-4o', for LLM calls whose
	 * annotation or spec names none.
	 */
	private @Nullable String defaultModel;

	/**
	 * Order of the tracing aspects relative to other advice on the same method. The
	 * default puts tracing outermost, so a retry or transaction advice runs inside the
	 * traced span.
	 */
	private int aspectOrder = DEFAULT_ASPECT_ORDER;

	private final Export export = new Export();

	private final Pricing pricing = new Pricing();

	private final Shutdown shutdown = new Shutdown();

	private final Sampling sampling = new Sampling();

	private final Content content = new Content();

	private final Metrics metrics = new Metrics();

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

	public Content getContent() {
		return this.content;
	}

	public int getAspectOrder() {
		return this.aspectOrder;
	}

	public void setAspectOrder(int aspectOrder) {
		this.aspectOrder = aspectOrder;
	}

	public Metrics getMetrics() {
		return this.metrics;
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
		 * How long a graceful shutdown waits for agent runs still in flight and then for
		 * every buffered span to be exported, before the OpenTelemetry SDK shuts down.
		 * Also the timeout of the actuator flush operation.
		 */
		private Duration flushTimeout = Duration.ofSeconds(10);

		public Duration getFlushTimeout() {
			return this.flushTimeout;
		}

		public void setFlushTimeout(Duration flushTimeout) {
			this.flushTimeout = flushTimeout;
		}

	}

	public Sampling getSampling() {
		return this.sampling;
	}

	/**
	 * Which agent runs are recorded, independently of Boot's sampling of other traces
	 * ({@code management.tracing.sampling.probability}).
	 */
	public static class Sampling {

		/**
		 * Probability, from 0.0 to 1.0, that an agent run outside a sampled trace is
		 * recorded. A run inside a sampled trace (an HTTP request Boot sampled, say) is
		 * always recorded as part of it, and subagents follow their run. A run recorded
		 * inside a trace Boot did not sample starts a trace of its own with a span link
		 * to the caller's span.
		 */
		private double probability = AgentTracerBuilder.DEFAULT_SAMPLING_PROBABILITY;

		/**
		 * Whether agent runs that sampling did not choose are recorded anyway, each in a
		 * trace of its own, and exported when they end in error, so that no failure goes
		 * unseen. Costs the recording of every unchosen run; at most 1,000 such runs of
		 * 256 spans each are held at once.
		 */
		private boolean recordFailedRuns;

		public double getProbability() {
			return this.probability;
		}

		public void setProbability(double probability) {
			this.probability = probability;
		}

		public boolean isRecordFailedRuns() {
			return this.recordFailedRuns;
		}

		public void setRecordFailedRuns(boolean recordFailedRuns) {
			this.recordFailedRuns = recordFailedRuns;
		}

	}

	/**
	 * Where finished spans go, beside Boot's OTLP exporter.
	 */
	public static class Export {

		private final Log log = new Log();

		private final Jsonl jsonl = new Jsonl();

		private final Health health = new Health();

		private final Spool spool = new Spool();

		public Spool getSpool() {
			return this.spool;
		}

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
			 * '<directory>/<yyyy-MM-dd>/<traceId>.jsonl', one OTLP/JSON export request
			 * per line.
			 */
			private boolean enabled;

			/**
			 * Root directory of the trace files. Created at startup, accessible by its
			 * owner only.
			 */
			private File directory = new File("./agent-traces");

			/**
			 * How long trace files are kept after their last write.
			 */
			private Duration maxAge = JsonlSpanExporter.DEFAULT_MAX_AGE;

			/**
			 * How many bytes all trace files may hold together: the writer deletes the
			 * least recently written files before a write would pass it.
			 */
			private DataSize maxTotalSize = DataSize.ofBytes(JsonlSpanExporter.DEFAULT_MAX_TOTAL_SIZE);

			/**
			 * How many trace files the directory may hold; the least recently written
			 * files are deleted first, before a write would pass this or
			 * 'max-total-size'.
			 */
			private int maxFiles = JsonlSpanExporter.DEFAULT_MAX_FILES;

			/**
			 * The trace files' own batch queue and writer, apart from Boot's (OTLP).
			 */
			private final ExportQueue queue = new ExportQueue();

			public ExportQueue getQueue() {
				return this.queue;
			}

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

			public int getMaxFiles() {
				return this.maxFiles;
			}

			public void setMaxFiles(int maxFiles) {
				this.maxFiles = maxFiles;
			}

		}

		/**
		 * The health contributor of span export.
		 */
		public static class Health {

			/**
			 * Whether a failing exporter reports the 'agentTracing' health contributor
			 * DOWN, and with it the application's overall health. Off by default: tracing
			 * trouble should not restart pods.
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
		 * The durable spool of Boot's OTLP span exporter: batches the collector did not
		 * take are kept on disk and sent again once it takes them.
		 */
		public static class Spool {

			/**
			 * Whether batches the OTLP exporter fails to deliver are written to disk and
			 * sent again later, once each, instead of being dropped.
			 */
			private boolean enabled;

			/**
			 * Directory of the spool files. Created at startup; a spool left by an
			 * earlier run of the application is sent when the collector takes spans
			 * again.
			 */
			private File directory = new File("./agent-traces-spool");

			/**
			 * How much disk the spool may use; when it is full, its oldest file is
			 * deleted to make room. At most 2GB.
			 */
			private DataSize maxSize = DataSize.ofMegabytes(64);

			/**
			 * How long spooled spans are kept; older spool files are deleted unsent.
			 */
			private Duration maxAge = Duration.ofHours(18);

			/**
			 * How long one spool file takes writes before it is closed and its spans can
			 * be sent again: the least time a spooled span waits. Less than 'max-age'.
			 */
			private Duration resendDelay = Duration.ofSeconds(10);

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

			public DataSize getMaxSize() {
				return this.maxSize;
			}

			public void setMaxSize(DataSize maxSize) {
				this.maxSize = maxSize;
			}

			public Duration getMaxAge() {
				return this.maxAge;
			}

			public void setMaxAge(Duration maxAge) {
				this.maxAge = maxAge;
			}

			public Duration getResendDelay() {
				return this.resendDelay;
			}

			public void setResendDelay(Duration resendDelay) {
				this.resendDelay = resendDelay;
			}

		}

		/**
		 * Console view of finished agent runs.
		 */
		public static class Log {

			/**
			 * Whether to log each finished top-level agent run once, as an indented span
			 * tree, on the 'dev.agenttracing.runs' logger at INFO.
			 */
			private boolean enabled;

			/**
			 * The run log's own batch queue and worker, apart from Boot's (OTLP).
			 */
			private final ExportQueue queue = new ExportQueue();

			public ExportQueue getQueue() {
				return this.queue;
			}

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * GenAI client metrics.
	 */
	public static class Metrics {

		private final OtlpDurations otlpDurations = new OtlpDurations();

		public OtlpDurations getOtlpDurations() {
			return this.otlpDurations;
		}

		/**
		 * The duration histograms in OTLP metrics.
		 */
		public static class OtlpDurations {

			/**
			 * Whether, when Micrometer's OTLP registry is in use, the operation duration
			 * and time-to-first-chunk histograms go to its endpoint through the
			 * OpenTelemetry SDK (unit 's', the conventions' boundaries, exact buckets)
			 * instead of through the registry, which would export them in its base time
			 * unit.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * The bounded queue and worker thread of one of agent-tracing's own destinations
	 * (trace files, run log): a batch span processor of its own, so a destination that is
	 * slow or down (a collector behind Boot's processor) never fills another's queue.
	 */
	public static class ExportQueue {

		/**
		 * How many finished spans the queue holds. When it is full, further spans are
		 * dropped and counted ('agent.tracing.export.spans.dropped', reason
		 * 'queue_full'). The SDK rounds it up to a power of two.
		 */
		private int maxSize = DestinationSpanProcessor.DEFAULT_MAX_QUEUE_SIZE;

		/**
		 * How many spans one export call gets at most. At most 'max-size'.
		 */
		private int maxBatchSize = DestinationSpanProcessor.DEFAULT_MAX_BATCH_SIZE;

		/**
		 * How long the worker waits for a full batch before exporting what it has.
		 */
		private Duration scheduleDelay = DestinationSpanProcessor.DEFAULT_SCHEDULE_DELAY;

		/**
		 * How long one export call may take before the worker moves on.
		 */
		private Duration exportTimeout = DestinationSpanProcessor.DEFAULT_EXPORT_TIMEOUT;

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

		public Duration getExportTimeout() {
			return this.exportTimeout;
		}

		public void setExportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
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
		 * Prices per million tokens by model name (the response model is looked up first,
		 * then the requested one). Put names with dots in brackets: '[gpt-4.1]'.
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
			 * Price of a million input tokens read from the provider's cache; the input
			 * price when not set.
			 */
			private @Nullable BigDecimal cacheReadPerMillion;

			public @Nullable BigDecimal getInputPerMillion() {
				return this.inputPerMillion;
			}

			public void setInputPerMillion(@Nullable BigDecimal inputPerMillion) {
				this.inputPerMillion = inputPerMillion;
			}

			public @Nullable BigDecimal getOutputPerMillion() {
				return this.outputPerMillion;
			}

			public void setOutputPerMillion(@Nullable BigDecimal outputPerMillion) {
				this.outputPerMillion = outputPerMillion;
			}

			public @Nullable BigDecimal getCacheReadPerMillion() {
				return this.cacheReadPerMillion;
			}

			public void setCacheReadPerMillion(@Nullable BigDecimal cacheReadPerMillion) {
				this.cacheReadPerMillion = cacheReadPerMillion;
			}

		}

	}

	/**
	 * Content recording (prompts, messages, tool arguments and results) and redaction.
	 */
	public static class Content {

		/**
		 * Whether to record prompts, messages, tool arguments and results on spans. They
		 * may hold sensitive or personal information and reach every exporter, so this is
		 * off by default; agents can override it with @AgentRun(content = ...).
		 */
		private boolean enabled;

		/**
		 * Maximum length, in characters, of one recorded content attribute, exception
		 * message or stack trace. Longer values are truncated with a '[truncated]'
		 * marker, keeping the JSON valid. At least 64.
		 */
		private int maxLength = ContentRecorder.DEFAULT_MAX_LENGTH;

		private final Redaction redaction = new Redaction();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

		public Redaction getRedaction() {
			return this.redaction;
		}

		/**
		 * Redaction of recorded content and of exception messages, which applies whether
		 * or not content is recorded.
		 */
		public static class Redaction {

			/**
			 * How detected values are replaced: 'mask' writes a marker such as
			 * '[REDACTED:email]'; 'hash' adds a keyed hash of the value, so equal values
			 * correlate across spans without being readable.
			 */
			private RedactionMode mode = Redactor.DEFAULT_MODE;

			/**
			 * Secret key of the hash in 'hash' mode, at least 16 characters. Required in
			 * hash mode; supply it from the environment or a secret store, never from
			 * source control.
			 */
			private @Nullable String hashKey;

			/**
			 * Built-in detectors to switch on or off, such as 'phone-number: false'.
			 * Every detector is on unless set to false here.
			 */
			private final Map<Detector, Boolean> detectors = new LinkedHashMap<>();

			/**
			 * Keys whose values are replaced whatever they hold, in JSON content, tool
			 * arguments and 'key=value' text. Case-insensitive; '_', '-' and '.' are
			 * ignored, and a key also matches keys that end with it ('token' matches
			 * 'accessToken').
			 */
			private List<String> keys = new ArrayList<>(Redactor.DEFAULT_SENSITIVE_KEYS);

			/**
			 * Custom rules, applied after the built-in detectors.
			 */
			private final List<Rule> rules = new ArrayList<>();

			/**
			 * How long redacting one value may take. A value that takes longer is
			 * dropped, never recorded unredacted.
			 */
			private Duration timeout = Redactor.DEFAULT_TIMEOUT;

			public RedactionMode getMode() {
				return this.mode;
			}

			public void setMode(RedactionMode mode) {
				this.mode = mode;
			}

			public @Nullable String getHashKey() {
				return this.hashKey;
			}

			public void setHashKey(@Nullable String hashKey) {
				this.hashKey = hashKey;
			}

			public Map<Detector, Boolean> getDetectors() {
				return this.detectors;
			}

			public List<String> getKeys() {
				return this.keys;
			}

			public void setKeys(List<String> keys) {
				this.keys = keys;
			}

			public List<Rule> getRules() {
				return this.rules;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			/**
			 * A custom redaction rule.
			 */
			public static class Rule {

				/**
				 * Regular expression (java.util.regex) of what to replace. Keep it
				 * linear: bounded or possessive quantifiers, no nested repetition.
				 */
				private @Nullable String pattern;

				/**
				 * Replacement, which may refer to groups as '$1'. When not set, the
				 * mode's marker labelled with the rule's name is used.
				 */
				private @Nullable String replacement;

				/**
				 * Name of the rule, used as the marker's label ('[REDACTED:name]') when
				 * no replacement is set.
				 */
				private @Nullable String name;

				public @Nullable String getPattern() {
					return this.pattern;
				}

				public void setPattern(@Nullable String pattern) {
					this.pattern = pattern;
				}

				public @Nullable String getReplacement() {
					return this.replacement;
				}

				public void setReplacement(@Nullable String replacement) {
					this.replacement = replacement;
				}

				public @Nullable String getName() {
					return this.name;
				}

				public void setName(@Nullable String name) {
					this.name = name;
				}

			}

		}

	}

}

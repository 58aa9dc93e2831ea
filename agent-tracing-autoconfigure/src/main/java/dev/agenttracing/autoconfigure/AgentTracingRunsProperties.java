package dev.agenttracing.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.agenttracing.export.runs.RecentAgentRuns;

/**
 * Configuration properties for the recent agent runs kept in memory, the
 * {@code agentruns} endpoint and its web page.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@ConfigurationProperties(AgentTracingRunsProperties.PREFIX)
public class AgentTracingRunsProperties {

	/** Prefix of the recent-runs properties. */
	public static final String PREFIX = AgentTracingProperties.PREFIX + ".runs";

	/**
	 * Whether to keep the last finished agent runs in memory for the agentruns endpoint.
	 * Honours management.tracing.export.enabled.
	 */
	private boolean enabled = true;

	/**
	 * How many finished runs to keep at most; the oldest go first.
	 */
	private int maxRuns = RecentAgentRuns.DEFAULT_MAX_RUNS;

	/**
	 * Memory the kept runs' spans may use at most (estimated); the oldest runs go first,
	 * and a single run larger than this is not kept.
	 */
	private DataSize maxSize = DataSize.ofBytes(RecentAgentRuns.DEFAULT_MAX_BYTES);

	/**
	 * How many spans may wait for the end of their run at most; beyond it, the oldest
	 * trace's spans are dropped.
	 */
	private int maxPendingSpans = 10_000;

	/**
	 * How long spans may wait for the end of their run at most.
	 */
	private Duration maxPendingAge = Duration.ofMinutes(5);

	private final Ui ui = new Ui();

	/**
	 * The store's own batch queue and worker, as every destination of agent-tracing's
	 * has.
	 */
	private final AgentTracingProperties.ExportQueue queue = new AgentTracingProperties.ExportQueue();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxRuns() {
		return this.maxRuns;
	}

	public void setMaxRuns(int maxRuns) {
		this.maxRuns = maxRuns;
	}

	public DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(DataSize maxSize) {
		this.maxSize = maxSize;
	}

	public int getMaxPendingSpans() {
		return this.maxPendingSpans;
	}

	public void setMaxPendingSpans(int maxPendingSpans) {
		this.maxPendingSpans = maxPendingSpans;
	}

	public Duration getMaxPendingAge() {
		return this.maxPendingAge;
	}

	public void setMaxPendingAge(Duration maxPendingAge) {
		this.maxPendingAge = maxPendingAge;
	}

	public Ui getUi() {
		return this.ui;
	}

	/**
	 * The web page of recent runs.
	 */
	public AgentTracingProperties.ExportQueue getQueue() {
		return this.queue;
	}

	public static class Ui {

		/**
		 * Whether to serve the web page of recent runs (it reads the agentruns endpoint,
		 * which must be exposed over HTTP). Off by default.
		 */
		private boolean enabled;

		/**
		 * Path the web page is served at.
		 */
		private String path = "/agent-runs";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

}
